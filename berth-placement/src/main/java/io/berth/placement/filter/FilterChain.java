package io.berth.placement.filter;

import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.placement.PlacementContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs hard filters in order; the first that rejects a host is the one recorded for it. */
public record FilterChain(List<HostFilter> filters) {

    public FilterChain {
        filters = List.copyOf(filters);
    }

    /** The filters every built-in policy starts with. */
    public static FilterChain standard() {
        return new FilterChain(List.of(new HostStateFilter(), new ImageMinimumsFilter(), new CapacityFilter()));
    }

    public Result apply(PlacementContext context) {
        List<CandidateHost> passed = new ArrayList<>();
        List<Candidate> rejected = new ArrayList<>();
        for (CandidateHost host : context.candidates()) {
            Optional<Candidate> rejection = firstRejection(host, context);
            if (rejection.isPresent()) rejected.add(rejection.get());
            else passed.add(host);
        }
        return new Result(passed, rejected);
    }

    private Optional<Candidate> firstRejection(CandidateHost host, PlacementContext context) {
        for (HostFilter f : filters) {
            Optional<String> reason = f.reject(host, context);
            if (reason.isPresent()) {
                return Optional.of(Candidate.rejected(host.host().id(), host.host().name(), host.pool().name(), f.name(), reason.get()));
            }
        }
        return Optional.empty();
    }

    /** Hosts that passed every filter, and a verdict for each one that did not. */
    public record Result(List<CandidateHost> passed, List<Candidate> rejected) {}
}
