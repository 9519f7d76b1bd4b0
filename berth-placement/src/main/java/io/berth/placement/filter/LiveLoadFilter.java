package io.berth.placement.filter;

import io.berth.placement.Decimals;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * Load-aware policies only: a host without recent samples is not placed on (when the monitor's stale policy is
 * EXCLUDE), since nothing says what runs there now; and, with {@code maxCpu} set, a host whose projected CPU
 * with the new instance would exceed it is rejected.
 */
public final class LiveLoadFilter implements HostFilter {
    private final double maxCpu;

    /** @param maxCpu projected CPU fraction a host may reach; 0 or less: no such limit */
    public LiveLoadFilter(double maxCpu) {
        this.maxCpu = maxCpu;
    }

    @Override
    public String name() {
        return "live-load";
    }

    @Override
    public String description() {
        return "recent load samples exist" + (maxCpu > 0 ? " and projected CPU with the new instance stays at or below " + maxCpu : "");
    }

    public double maxCpu() {
        return maxCpu;
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        if (!t.hasLoad()) return;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, i, maxCpu)) rejectedBy[i] = self;
        }
    }

    /** The rule itself (for a table with live load), shared by this filter's loop and the fused kernel. */
    public static boolean rejects(HostTable t, int i, double maxCpu) {
        return t.loadExcluded[i] || (maxCpu > 0 && t.projectedCpu[i] + t.addedCpu[i] > maxCpu);
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        if (t.loadExcluded[i]) {
            double age = t.load[i].ageSeconds();
            return Double.isInfinite(age) ? "no load samples yet (stale)" : "no load sample for " + Math.round(age) + " s (stale)";
        }
        return "projected CPU " + Decimals.fixed(t.projectedCpu[i] + t.addedCpu[i], 2) + " with this instance would exceed "
                + Decimals.fixed(maxCpu, 2);
    }
}
