package io.berth.placement;

import io.berth.core.resource.PlacementDecision;

/**
 * Chooses a host within one pool, and says why. This is the extension point for placement research:
 * implement it (or compose the built-in filters) and register it by name.
 * A controller instance serves one pool and may keep state (a round-robin cursor, say); it is called
 * from several threads at once.
 */
public interface PlacementController {
    /** The policy name pools refer to, e.g. "round-robin". */
    String name();

    PlacementDecision place(PlacementContext context);
}
