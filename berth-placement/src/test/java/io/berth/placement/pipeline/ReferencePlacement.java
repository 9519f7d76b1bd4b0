package io.berth.placement.pipeline;

import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.select.BestSelector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A straightforward placement for tests to compare the kernels against: each filter and scorer run on its own over
 * the whole table, totals in an array, the best host by a plain scan, the explanation's ten best by a full sort.
 * Written from what a decision must be, not from the kernels' code: no compact table, no heap, no tally.
 */
final class ReferencePlacement {
    private ReferencePlacement() {}

    static PlacementDecision place(PipelineController p, PlacementContext context, int explainAllBelow) {
        if (!(p.selector() instanceof BestSelector)) throw new IllegalArgumentException("the reference picks the best host only");
        HostTable t = context.hosts();
        int n = t.size;
        int[] rejectedBy = p.filters().apply(t, context);
        var scorers = p.scorers();
        double weightSum = scorers.stream().mapToDouble(w -> w.weight()).sum();
        double[][] perScorer = new double[scorers.size()][n];
        double[] totals = new double[n];
        for (int s = 0; s < scorers.size(); s++) {
            scorers.get(s).scorer().score(t, context, rejectedBy, perScorer[s]);
        }
        for (int i = 0; i < n; i++) {
            double total = 0;
            // Summed by kind in a fixed order (current load, forecast headroom, balance, packing), as the pipeline defines it.
            for (String kind : List.of("current-load", "forecast-headroom", "balance", "packing")) {
                double w = 0, score = 0;
                for (int s = 0; s < scorers.size(); s++) {
                    if (scorers.get(s).scorer().name().equals(kind)) {
                        w += scorers.get(s).weight() / weightSum;
                        score = perScorer[s][i];
                    }
                }
                if (w > 0) total += w * score;
            }
            totals[i] = total;
        }
        int pick = -1;
        for (int i = 0; i < n; i++) {
            if (rejectedBy[i] >= 0) continue;
            if (pick < 0 || totals[i] > totals[pick] || (totals[i] == totals[pick] && t.hostId[i] < t.hostId[pick])) pick = i;
        }

        boolean everyone = n <= explainAllBelow;
        List<Integer> kept = new ArrayList<>();
        int[] rejectedCount = new int[p.filters().filters().size()];
        int eligible = 0;
        List<Integer> eligibleHosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (rejectedBy[i] >= 0) {
                if (everyone || rejectedCount[rejectedBy[i]] < 3) kept.add(i);
                rejectedCount[rejectedBy[i]]++;
            } else {
                eligible++;
                eligibleHosts.add(i);
                if (everyone) kept.add(i);
            }
        }
        if (!everyone) {
            if (!scorers.isEmpty()) {
                // The ten best: highest total first, ties to the lower index (a stable sort of hosts in index order).
                eligibleHosts.sort(Comparator.comparingDouble((Integer i) -> totals[i]).reversed());
                kept.addAll(eligibleHosts.subList(0, Math.min(10, eligibleHosts.size())));
            }
            if (pick >= 0 && !kept.contains(pick)) kept.add(pick);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i : kept.stream().distinct().sorted(Comparator.comparingLong(i -> t.hostId[i])).toList()) {
            var host = t.hosts[i];
            if (rejectedBy[i] >= 0) {
                var f = p.filters().filters().get(rejectedBy[i]);
                candidates.add(Candidate.rejected(host.host().id(), host.host().name(), host.pool().name(), f.name(), f.reason(t, context, i)));
            } else {
                Map<String, Double> scores = new LinkedHashMap<>();
                for (int s = 0; s < scorers.size(); s++) scores.put(scorers.get(s).scorer().name(), round(perScorer[s][i]));
                if (!scorers.isEmpty()) scores.put("total", round(totals[i]));
                candidates.add(new Candidate(host.host().id(), host.host().name(), host.pool().name(), null, null, scores, t.metrics(i),
                        t.metricsAge(i)));
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("pool", context.pool().name());
        notes.put("filters", String.join(",", p.filters().names()));
        if (!scorers.isEmpty()) notes.put("weights", String.join(",", scorers.stream().map(w -> w.scorer().name() + "=" + w.weight()).toList()));
        notes.put("selection", p.selector().describe());
        notes.put("candidates", Integer.toString(n));
        notes.put("eligible", Integer.toString(eligible));
        for (int f = 0; f < rejectedCount.length; f++) {
            if (rejectedCount[f] > 0) notes.put("rejected." + p.filters().filters().get(f).name(), Integer.toString(rejectedCount[f]));
        }
        String summary = pick < 0
                ? "no host in pool " + context.pool().name() + " passed the filters"
                : "picked " + t.hosts[pick].host().name() + (scorers.isEmpty() ? "" : String.format(" (score %.3f)", totals[pick]))
                + " by " + p.selector().describe() + ", among " + eligible + " eligible of " + n + " host(s)";
        var explanation = new PlacementExplanation(p.name(), context.now(), candidates, pick < 0 ? null : t.hostId[pick], summary, notes);
        return pick < 0 ? new PlacementDecision.NoHost(explanation) : new PlacementDecision.Chosen(t.hosts[pick], explanation);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
