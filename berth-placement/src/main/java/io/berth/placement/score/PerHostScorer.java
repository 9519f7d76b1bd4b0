package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/** A scorer written one host at a time. */
public abstract class PerHostScorer implements HostScorer {
    /** The score of host i, in [0, 1]. */
    protected abstract double score(HostTable table, PlacementContext context, int i);

    @Override
    public final void score(HostTable table, PlacementContext context, int[] rejectedBy, double[] out) {
        for (int i = 0; i < table.size; i++) if (rejectedBy[i] < 0) out[i] = score(table, context, i);
    }
}
