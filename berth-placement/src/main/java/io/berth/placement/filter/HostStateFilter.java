package io.berth.placement.filter;

import io.berth.core.domain.HostState;
import io.berth.core.resource.CandidateHost;
import io.berth.placement.PlacementContext;

import java.util.Optional;

/** Only AVAILABLE hosts take new work (MAINTENANCE is being drained, DOWN is gone). */
public final class HostStateFilter implements HostFilter {
    @Override
    public String name() {
        return "host-state";
    }

    @Override
    public Optional<String> reject(CandidateHost host, PlacementContext context) {
        HostState state = host.host().state();
        return state == HostState.AVAILABLE ? Optional.empty() : Optional.of("host is " + state);
    }
}
