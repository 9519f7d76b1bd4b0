package io.berth.placement.pipeline;

import io.berth.core.resource.OrderedMap;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.placement.Decimals;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.score.WeightedScorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes down why: every candidate with the filter that rejected it, or its score per scorer and the metrics
 * (with their age) behind them. Past {@code explainAllBelow} candidates it keeps the pick, the ten best and a
 * few rejections per filter, and counts the rest, so explanations stay readable and cheap on large pools.
 * It reads a {@link Tally}: the counts and the few hosts to list, which a one-pass kernel gathers as it goes.
 */
final class ExplanationBuilder {
    static final int BEST_KEPT = 10;
    static final int REJECTIONS_KEPT_PER_FILTER = 3;

    private final String controller;
    private final FilterChain filters;
    private final List<WeightedScorer> scorers;
    private final String filterNames;
    private final String weights;

    /** One per controller: the parts' names and weights are written once, not per decision. */
    ExplanationBuilder(String controller, FilterChain filters, List<WeightedScorer> scorers) {
        this.controller = controller;
        this.filters = filters;
        this.scorers = scorers;
        this.filterNames = String.join(",", filters.names());
        this.weights = scorers.isEmpty() ? null
                : String.join(",", scorers.stream().map(w -> w.scorer().name() + "=" + w.weight()).toList());
    }

    /** One scorer's value for one host; asked only for the hosts the explanation lists. */
    @FunctionalInterface
    interface ScoreOf {
        double score(int scorer, int host);
    }

    /**
     * What a decision found, enough to explain it: how many hosts were eligible, how many each filter rejected, and the
     * hosts to list ({@code listed}, in the order found) with the filter that rejected each (-1: eligible) or its total.
     */
    record Tally(int eligible, int[] rejectedCount, int[] listed, int[] listedFilter, double[] listedTotal, int listedCount) {

        /** From every host's verdict and total (the part-by-part path, and small pools explained in full). */
        static Tally of(int[] rejectedBy, double[] totals, int n, int filterCount, boolean everyone, boolean scored, int pick) {
            int[] rejectedCount = new int[filterCount];
            int cap = everyone ? n : filterCount * REJECTIONS_KEPT_PER_FILTER + BEST_KEPT + 1;
            Tally.Builder b = new Tally.Builder(rejectedCount, cap);
            int eligible = 0;
            for (int i = 0; i < n; i++) {
                int f = rejectedBy[i];
                if (f >= 0) {
                    if (everyone || rejectedCount[f] < REJECTIONS_KEPT_PER_FILTER) b.add(i, f, 0);
                    rejectedCount[f]++;
                } else {
                    eligible++;
                    if (everyone) b.add(i, -1, totals[i]);
                }
            }
            if (!everyone) {
                if (scored) for (int i : TopK.of(totals, rejectedBy, n, BEST_KEPT)) b.add(i, -1, totals[i]);
                if (pick >= 0 && !b.lists(pick)) b.add(pick, -1, totals[pick]);
            }
            return b.build(eligible);
        }

        /** Collects listed hosts without boxing. */
        static final class Builder {
            private final int[] rejectedCount;
            private int[] listed;
            private int[] filter;
            private double[] total;
            private int count;

            Builder(int[] rejectedCount, int capacity) {
                this.rejectedCount = rejectedCount;
                listed = new int[Math.max(capacity, 1)];
                filter = new int[listed.length];
                total = new double[listed.length];
            }

            void add(int host, int rejectedBy, double hostTotal) {
                if (count == listed.length) {
                    listed = java.util.Arrays.copyOf(listed, count * 2);
                    filter = java.util.Arrays.copyOf(filter, count * 2);
                    total = java.util.Arrays.copyOf(total, count * 2);
                }
                listed[count] = host;
                filter[count] = rejectedBy;
                total[count] = hostTotal;
                count++;
            }

            boolean lists(int host) {
                for (int j = 0; j < count; j++) if (listed[j] == host) return true;
                return false;
            }

            Tally build(int eligible) {
                return new Tally(eligible, rejectedCount, listed, filter, total, count);
            }
        }
    }

    PlacementExplanation build(PlacementContext context, Tally tally, ScoreOf scoreOf, int pick, String selection) {
        HostTable t = context.hosts();
        int[] order = byHostId(t, tally);
        List<Candidate> candidates = new ArrayList<>(order.length);
        double pickTotal = 0;
        for (int j : order) {
            int i = tally.listed()[j];
            var host = t.hosts[i];
            int f = tally.listedFilter()[j];
            if (f >= 0) {
                var filter = filters.filters().get(f);
                candidates.add(Candidate.rejected(host.host().id(), host.host().name(), host.pool().name(), filter.name(),
                        filter.reason(t, context, i)));
            } else {
                var scores = OrderedMap.<Double>builder(scorers.size() + 1);
                for (int s = 0; s < scorers.size(); s++) scores.put(scorers.get(s).scorer().name(), round(scoreOf.score(s, i)));
                if (!scorers.isEmpty()) scores.put("total", round(tally.listedTotal()[j]));
                candidates.add(new Candidate(host.host().id(), host.host().name(), host.pool().name(), null, null,
                        scores.build(), t.metrics(i), t.metricsAge(i)));
            }
            if (i == pick) pickTotal = tally.listedTotal()[j];
        }
        int eligible = tally.eligible();
        var notes = OrderedMap.<String>builder(8 + filters.filters().size());
        notes.put("pool", context.pool().name());
        notes.put("filters", filterNames);
        if (weights != null) notes.put("weights", weights);
        notes.put("selection", selection);
        notes.put("candidates", Integer.toString(t.size));
        notes.put("eligible", Integer.toString(eligible));
        int[] rejectedCount = tally.rejectedCount();
        for (int f = 0; f < rejectedCount.length; f++) {
            if (rejectedCount[f] > 0) notes.put("rejected." + filters.filters().get(f).name(), Integer.toString(rejectedCount[f]));
        }
        String summary = pick < 0
                ? "no host in pool " + context.pool().name() + " passed the filters"
                : "picked " + t.hosts[pick].host().name() + (scorers.isEmpty() ? "" : " (score " + Decimals.fixed(pickTotal, 3) + ")")
                + " by " + selection + ", among " + eligible + " eligible of " + t.size + " host(s)";
        return new PlacementExplanation(controller, context.now(), candidates, pick < 0 ? null : t.hostId[pick], summary, notes.build());
    }

    /**
     * Positions in the tally of its listed hosts, by host id (a stable sort: equal ids keep the order found). Listed
     * hosts are distinct: rejected ones, then eligible ones, each once. Few are listed on large pools; small pools list
     * all, usually already in id order, where an insertion sort takes one pass.
     */
    private static int[] byHostId(HostTable t, Tally tally) {
        int n = tally.listedCount();
        int[] listed = tally.listed();
        int[] order = new int[n];
        for (int j = 0; j < n; j++) order[j] = j;
        if (n > 256) {
            Integer[] boxed = new Integer[n];
            for (int j = 0; j < n; j++) boxed[j] = j;
            java.util.Arrays.sort(boxed, java.util.Comparator.comparingLong(j -> t.hostId[listed[j]]));
            for (int j = 0; j < n; j++) order[j] = boxed[j];
            return order;
        }
        for (int q = 1; q < n; q++) {
            int j = order[q];
            long id = t.hostId[listed[j]];
            int p = q - 1;
            while (p >= 0 && t.hostId[listed[order[p]]] > id) {
                order[p + 1] = order[p];
                p--;
            }
            order[p + 1] = j;
        }
        return order;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
