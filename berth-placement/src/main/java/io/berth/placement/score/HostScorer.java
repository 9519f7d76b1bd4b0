package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * A soft preference: a value in [0, 1] per host, higher is better, on its own absolute scale (so a score means
 * the same thing in every decision and in explanations). Scorers are combined by weight.
 * For a simpler, per-host way to write one, extend {@link PerHostScorer}.
 */
public interface HostScorer {
    String name();

    String description();

    /** Whether it reads live load (the host table then carries it). */
    default boolean usesLiveLoad() {
        return false;
    }

    /** Writes the score of every host i with {@code rejectedBy[i] < 0} into {@code out[i]}. */
    void score(HostTable table, PlacementContext context, int[] rejectedBy, double[] out);
}
