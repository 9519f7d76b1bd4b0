package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * Prefers the host with the most room left a few intervals ahead, on its tightest resource:
 * 1 − max(forecast CPU + new CPU, memory + new memory). A host heading up is avoided before it gets hot.
 */
public final class ForecastHeadroomScorer implements HostScorer {
    @Override
    public String name() {
        return "forecast-headroom";
    }

    @Override
    public String description() {
        return "1 - max(forecast CPU with this instance, memory with this instance)";
    }

    @Override
    public boolean usesLiveLoad() {
        return true;
    }

    @Override
    public void score(HostTable t, PlacementContext context, int[] rejectedBy, double[] out) {
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0) out[i] = of(t, i);
        }
    }

    /** The score of host i, shared by this scorer's loop and the fused kernel. */
    public static double of(HostTable t, int i) {
        return of(t.projectedCpu[i] + t.addedCpu[i], t.memoryFraction[i] + t.addedMemory[i]);
    }

    /** The same from the host's projected CPU and memory, each with the instance's added. */
    public static double of(double cpuAhead, double memoryAhead) {
        return Scores.clamp01(1 - Math.max(cpuAhead, memoryAhead));
    }
}
