package io.berth.rm.vsphere;

import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.ResourceClass;
import io.berth.core.resource.DiscoveredHost;
import io.berth.rm.vsphere.soap.MoRef;

import java.util.ArrayList;
import java.util.List;

/**
 * An ESX host as vCenter reports it.
 *
 * @param connectionState "connected", "disconnected" or "notResponding"
 * @param parent          its cluster (ClusterComputeResource) or, for a standalone host, its ComputeResource
 * @param diskGb          capacity of the datastores it reaches (shared ones counted for each host)
 */
public record EsxHost(MoRef ref, String name, String connectionState, boolean inMaintenance, int cores, long cpuMhz,
                      long memoryBytes, MoRef parent, long diskGb) {

    /** Berth's view of it: VCPUs (its cores, overcommitted by {@code vcpuRatio}), memory, disk, and its state. */
    public DiscoveredHost discovered(double vcpuRatio) {
        List<Inventory> inventories = new ArrayList<>();
        inventories.add(new Inventory(ResourceClass.VCPU, Math.max(cores, 0), 0, vcpuRatio));
        inventories.add(Inventory.of(ResourceClass.MEMORY_MB, Math.max(memoryBytes >> 20, 0)));
        if (diskGb > 0) inventories.add(Inventory.of(ResourceClass.DISK_GB, diskGb));
        return new DiscoveredHost(ref.value(), name, inventories, state(), reason());
    }

    HostState state() {
        if (!"connected".equals(connectionState)) return HostState.DOWN;
        return inMaintenance ? HostState.MAINTENANCE : HostState.AVAILABLE;
    }

    private String reason() {
        return switch (connectionState) {
            case "connected" -> inMaintenance ? "in maintenance mode in vCenter" : "connected in vCenter";
            case "notResponding" -> "not responding to vCenter";
            default -> connectionState + " in vCenter";
        };
    }
}
