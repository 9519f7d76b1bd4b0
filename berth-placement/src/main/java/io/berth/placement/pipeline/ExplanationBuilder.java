package io.berth.placement.pipeline;

import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.score.WeightedScorer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes down why: every candidate with the filter that rejected it, or its score per scorer and the metrics
 * (with their age) behind them. Past {@code explainAllBelow} candidates it keeps the pick, the ten best and a
 * few rejections per filter, and counts the rest, so explanations stay readable and cheap on large pools.
 */
final class ExplanationBuilder {
    private static final int BEST_KEPT = 10;
    private static final int REJECTIONS_KEPT_PER_FILTER = 3;

    private final String controller;
    private final PlacementContext context;
    private final FilterChain filters;
    private final List<WeightedScorer> scorers;
    private final int explainAllBelow;

    ExplanationBuilder(String controller, PlacementContext context, FilterChain filters, List<WeightedScorer> scorers, int explainAllBelow) {
        this.controller = controller;
        this.context = context;
        this.filters = filters;
        this.scorers = scorers;
        this.explainAllBelow = explainAllBelow;
    }

    /** One scorer's value for one host; asked only for the hosts the explanation lists. */
    @FunctionalInterface
    interface ScoreOf {
        double score(int scorer, int host);
    }

    PlacementExplanation build(int[] rejectedBy, ScoreOf scoreOf, double[] totals, int pick, String selection) {
        HostTable t = context.hosts();
        boolean everyone = t.size <= explainAllBelow;
        List<Integer> kept = new ArrayList<>();
        int[] rejectedCount = new int[filters.filters().size()];
        int eligible = 0;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] >= 0) {
                if (everyone || rejectedCount[rejectedBy[i]] < REJECTIONS_KEPT_PER_FILTER) kept.add(i);
                rejectedCount[rejectedBy[i]]++;
            } else {
                eligible++;
                if (everyone) kept.add(i);
            }
        }
        if (!everyone) {
            if (!scorers.isEmpty()) for (int i : TopK.of(totals, rejectedBy, t.size, BEST_KEPT)) kept.add(i);
            if (pick >= 0 && !kept.contains(pick)) kept.add(pick);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i : kept.stream().distinct().sorted(Comparator.comparingLong(i -> t.hostId[i])).toList()) {
            var host = t.hosts[i];
            if (rejectedBy[i] >= 0) {
                var f = filters.filters().get(rejectedBy[i]);
                candidates.add(Candidate.rejected(host.host().id(), host.host().name(), host.pool().name(), f.name(),
                        f.reason(t, context, i)));
            } else {
                Map<String, Double> scores = new LinkedHashMap<>();
                for (int s = 0; s < scorers.size(); s++) scores.put(scorers.get(s).scorer().name(), round(scoreOf.score(s, i)));
                if (!scorers.isEmpty()) scores.put("total", round(totals[i]));
                candidates.add(new Candidate(host.host().id(), host.host().name(), host.pool().name(), null, null,
                        scores, t.metrics(i), t.metricsAge(i)));
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("pool", context.pool().name());
        notes.put("filters", String.join(",", filters.names()));
        if (!scorers.isEmpty()) {
            notes.put("weights", String.join(",", scorers.stream().map(w -> w.scorer().name() + "=" + w.weight()).toList()));
        }
        notes.put("selection", selection);
        notes.put("candidates", Integer.toString(t.size));
        notes.put("eligible", Integer.toString(eligible));
        for (int f = 0; f < rejectedCount.length; f++) {
            if (rejectedCount[f] > 0) notes.put("rejected." + filters.filters().get(f).name(), Integer.toString(rejectedCount[f]));
        }
        String summary = pick < 0
                ? "no host in pool " + context.pool().name() + " passed the filters"
                : "picked " + t.hosts[pick].host().name() + (scorers.isEmpty() ? "" : String.format(" (score %.3f)", totals[pick]))
                + " by " + selection + ", among " + eligible + " eligible of " + t.size + " host(s)";
        return new PlacementExplanation(controller, context.now(), candidates, pick < 0 ? null : t.hostId[pick], summary, notes);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
