package io.berth.placement.filter;

import io.berth.core.domain.Resources;
import io.berth.core.resource.CandidateHost;
import io.berth.placement.PlacementContext;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Enough free capacity, overcommit included, for the whole window (the calendar computed "free" at the busiest
 * instant of the window, counting admitted advance reservations).
 */
public final class CapacityFilter implements HostFilter {
    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public Optional<String> reject(CandidateHost host, PlacementContext context) {
        Resources need = context.request().image().minimum();
        if (need.fitsIn(host.free())) return Optional.empty();
        String shortOf = need.amounts().entrySet().stream()
                .filter(e -> e.getValue() > host.free().get(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue() + " needed, " + Math.max(0, host.free().get(e.getKey())) + " free")
                .collect(Collectors.joining("; "));
        return Optional.of("not enough capacity during the window: " + shortOf);
    }
}
