package io.berth.placement;

import io.berth.core.domain.Pool;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementRequest;

import java.time.Instant;
import java.util.List;

/** One pool's share of a placement: its hosts (as the calendar sees them) and the request. */
public record PlacementContext(PlacementRequest request, Pool pool, List<CandidateHost> candidates, Instant now) {
    public PlacementContext {
        candidates = List.copyOf(candidates);
    }
}
