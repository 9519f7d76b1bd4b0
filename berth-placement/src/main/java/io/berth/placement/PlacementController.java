package io.berth.placement;

import io.berth.core.resource.PlacementDecision;

/**
 * Chooses a host within one pool, and says why. This is the extension point for placement research:
 * implement it, or compose filters and scorers in a {@link io.berth.placement.pipeline.PipelineController}.
 * A controller instance serves one pool and may keep state (a round-robin cursor, say); it is called
 * from several threads at once.
 */
public interface PlacementController {
    /** The policy name pools refer to, e.g. "round-robin". */
    String name();

    /** Whether the host table must carry live load (then hosts without recent samples may be excluded). */
    default boolean usesLiveLoad() {
        return false;
    }

    PlacementDecision place(PlacementContext context);
}
