package io.berth.placement.filter;

import io.berth.core.resource.CandidateHost;
import io.berth.placement.PlacementContext;

import java.util.Optional;

/** A hard rule: a host either passes or is rejected, with a reason a person can act on. */
public interface HostFilter {
    String name();

    /** Empty if the host passes; otherwise why not. */
    Optional<String> reject(CandidateHost host, PlacementContext context);
}
