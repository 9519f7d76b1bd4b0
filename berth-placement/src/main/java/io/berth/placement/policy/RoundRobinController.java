package io.berth.placement.policy;

import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;
import io.berth.placement.filter.FilterChain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Berth's default: hosts take turns, in host-id order, skipping those the hard filters reject.
 * It ignores live load on purpose: predictable, and the baseline the load-aware policies are judged against.
 */
public final class RoundRobinController implements PlacementController {
    public static final String NAME = "round-robin";

    private final FilterChain filters;
    private long lastHostId = Long.MIN_VALUE;

    public RoundRobinController(FilterChain filters) {
        this.filters = filters;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized PlacementDecision place(PlacementContext context) {
        FilterChain.Result filtered = filters.apply(context);
        List<CandidateHost> eligible = filtered.passed().stream()
                .sorted(Comparator.comparingLong(c -> c.host().id())).toList();
        List<Candidate> verdicts = new ArrayList<>(filtered.rejected());
        if (eligible.isEmpty()) {
            return new PlacementDecision.NoHost(explanation(context, verdicts, null,
                    "no host in pool " + context.pool().name() + " passed the filters"));
        }
        CandidateHost pick = eligible.stream().filter(c -> c.host().id() > lastHostId).findFirst().orElse(eligible.getFirst());
        long previous = lastHostId;
        if (!context.request().tentative()) lastHostId = pick.host().id();
        for (CandidateHost c : eligible) {
            verdicts.add(new Candidate(c.host().id(), c.host().name(), c.pool().name(), null, null,
                    Map.of(), Map.of(), null));
        }
        String summary = "picked " + pick.host().name() + ": next of " + eligible.size() + " eligible host(s) in round-robin order"
                + (previous == Long.MIN_VALUE ? "" : " after host id " + previous);
        return new PlacementDecision.Chosen(pick, explanation(context, verdicts, pick.host().id(), summary));
    }

    private PlacementExplanation explanation(PlacementContext context, List<Candidate> verdicts, Long pick, String summary) {
        verdicts.sort(Comparator.comparingLong(Candidate::hostId));
        return new PlacementExplanation(NAME, context.now(), verdicts, pick, summary,
                Map.of("pool", context.pool().name(), "filters", String.join(",", filters.filters().stream().map(f -> f.name()).toList())));
    }
}
