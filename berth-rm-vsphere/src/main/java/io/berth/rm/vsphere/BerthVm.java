package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.MoRef;

/** A VM carrying Berth's ownership mark, as vCenter reports it. {@code host} may be null while it is being created. */
public record BerthVm(MoRef ref, String name, long reservationId, MoRef host, String powerState, int cpus, long memoryMb) {
    public boolean poweredOn() {
        return "poweredOn".equals(powerState);
    }
}
