package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/** Prefers the host least loaded now: 1 − (effective CPU + the new instance's expected CPU). */
public final class CurrentLoadScorer implements HostScorer {
    @Override
    public String name() {
        return "current-load";
    }

    @Override
    public String description() {
        return "1 - (max(EWMA, latest) CPU + pending + this instance's expected CPU)";
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
        return of(t.effectiveCpu[i] + t.addedCpu[i]);
    }

    /** The same from the host's effective CPU with the instance's added. */
    public static double of(double cpuWithInstance) {
        return Scores.clamp01(1 - cpuWithInstance);
    }
}
