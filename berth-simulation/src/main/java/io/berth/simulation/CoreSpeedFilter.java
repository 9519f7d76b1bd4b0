package io.berth.simulation;

import io.berth.placement.Decimals;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.HostFilter;

/**
 * The simulated hardware's rule: a VM runs no faster than its virtual cores on this host's cores. When a VM is
 * placed, its full speed per virtual core must fit in one of the host's cores (a 2500-MIPS VM does not go on a host of
 * 1860-MIPS cores); when it is moved, its current demand must (it may, while it asks for less). Offered to placement
 * pipelines as the plug-in filter {@code core-speed}, and to the rebalancer as a target filter.
 *
 * <p>In the simulator a host's VCPU inventory counts MIPS, so the image's VCPU demand is the VM's full speed and the
 * table's {@code addedCpu} × the host's MIPS its expected demand.
 */
final class CoreSpeedFilter implements HostFilter {
    static final String NAME = "core-speed";
    private final SimulatedDatacenter dc;
    private final boolean fullSpeed;

    /** @param fullSpeed check the VM's full speed (placement), else its current demand (a move) */
    CoreSpeedFilter(SimulatedDatacenter dc, boolean fullSpeed) {
        this.dc = dc;
        this.fullSpeed = fullSpeed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the VM's " + (fullSpeed ? "full speed" : "CPU demand") + " per virtual core fits in one of the host's cores";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        int vmCores = dc.vmCoresOfImage(context.request().image().id());
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && tooFast(t, i, vmCores)) rejectedBy[i] = self;
        }
    }

    private boolean tooFast(HostTable t, int i, int vmCores) {
        return mipsPerCore(t, i, vmCores) > dc.coreMips((int) t.hostId[i] - 1) + 1e-6;
    }

    private double mipsPerCore(HostTable t, int i, int vmCores) {
        int k = fullSpeed ? t.classIndex(io.berth.core.domain.ResourceClass.VCPU) : -1;
        double mips = fullSpeed ? (k < 0 ? 0 : t.demand[k]) : t.addedCpu[i] * dc.hostMips((int) t.hostId[i] - 1);
        return mips / vmCores;
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        int vmCores = dc.vmCoresOfImage(context.request().image().id());
        return "the VM " + (fullSpeed ? "runs at" : "asks") + " " + Decimals.fixed(mipsPerCore(t, i, vmCores), 0)
                + " MIPS per core; this host's cores run at " + Decimals.whole(dc.coreMips((int) t.hostId[i] - 1));
    }
}
