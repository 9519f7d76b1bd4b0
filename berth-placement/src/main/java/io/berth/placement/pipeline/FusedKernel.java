package io.berth.placement.pipeline;

import io.berth.core.domain.PlacementGroup;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.CapacityFilter;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.HostFilter;
import io.berth.placement.filter.HostStateFilter;
import io.berth.placement.filter.ImageMinimumsFilter;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.filter.OvercommitLimitFilter;
import io.berth.placement.filter.PlacementGroupFilter;
import io.berth.placement.score.BalanceScorer;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.ForecastHeadroomScorer;
import io.berth.placement.score.HostScorer;
import io.berth.placement.score.PackingScorer;
import io.berth.placement.score.WeightedScorer;

import java.util.List;

/**
 * The same decision as the filter-by-filter, scorer-by-scorer pipeline, in one pass over the hosts, for
 * pipelines made only of Berth's built-in parts. Every rule and score is the part's own static method, so
 * there is one definition of each; only the looping is fused (no per-host virtual calls, no per-scorer arrays).
 * Pipelines with plug-in parts take the general path. A property test checks both paths agree.
 */
final class FusedKernel {
    private final boolean live;
    private final double maxCpu;
    private final double[] weights = new double[4]; // current-load, forecast-headroom, balance, packing; normalised
    private final int[] scorerKind;                 // per configured scorer, its index in weights

    private FusedKernel(boolean live, double maxCpu, int[] scorerKind, List<WeightedScorer> scorers, double totalWeight) {
        this.live = live;
        this.maxCpu = maxCpu;
        this.scorerKind = scorerKind;
        for (int s = 0; s < scorers.size(); s++) weights[scorerKind[s]] += scorers.get(s).weight() / totalWeight;
    }

    /** A kernel for this pipeline, or null if it has any part the kernel does not know. */
    static FusedKernel of(FilterChain filters, List<WeightedScorer> scorers, double totalWeight) {
        List<HostFilter> f = filters.filters();
        if (f.size() < 5 || f.size() > 6 || !(f.get(0) instanceof HostStateFilter) || !(f.get(1) instanceof ImageMinimumsFilter)
                || !(f.get(2) instanceof CapacityFilter) || !(f.get(3) instanceof OvercommitLimitFilter)
                || !(f.get(4) instanceof PlacementGroupFilter) || (f.size() == 6 && !(f.get(5) instanceof LiveLoadFilter))) {
            return null;
        }
        int[] kinds = new int[scorers.size()];
        for (int s = 0; s < scorers.size(); s++) {
            kinds[s] = kindOf(scorers.get(s).scorer());
            if (kinds[s] < 0) return null;
        }
        boolean live = f.size() == 6;
        return new FusedKernel(live, live ? ((LiveLoadFilter) f.get(5)).maxCpu() : 0, kinds, scorers, totalWeight);
    }

    private static int kindOf(HostScorer s) {
        if (s.getClass() == CurrentLoadScorer.class) return 0;
        if (s.getClass() == ForecastHeadroomScorer.class) return 1;
        if (s.getClass() == BalanceScorer.class) return 2;
        if (s.getClass() == PackingScorer.class) return 3;
        return -1;
    }

    /** Fills {@code rejectedBy} (index of the first rejecting filter, or -1) and the weighted totals of eligible hosts. */
    void run(PlacementContext context, int[] rejectedBy, double[] totals) {
        HostTable t = context.hosts();
        double[] limits = OvercommitLimitFilter.limitsByClass(t, context);
        PlacementGroup group = context.request().group();
        boolean anti = group != null && group.kind() == PlacementGroup.Kind.ANTI_AFFINITY;
        boolean groupPlaced = !context.request().groupMembersByHost().isEmpty();
        boolean checkLive = live && t.hasLoad();
        BalanceScorer.PoolSums sums = weights[2] > 0 ? BalanceScorer.PoolSums.of(t) : null;
        double w0 = weights[0], w1 = weights[1], w2 = weights[2], w3 = weights[3];
        for (int i = 0; i < t.size; i++) {
            int r;
            if (HostStateFilter.rejects(t, i)) r = 0;
            else if (ImageMinimumsFilter.rejects(t, i)) r = 1;
            else if (CapacityFilter.rejects(t, i)) r = 2;
            else if (limits != null && OvercommitLimitFilter.rejects(t, limits, i)) r = 3;
            else if (group != null && PlacementGroupFilter.rejects(t, anti, groupPlaced, i)) r = 4;
            else if (checkLive && LiveLoadFilter.rejects(t, i, maxCpu)) r = 5;
            else r = -1;
            rejectedBy[i] = r;
            if (r < 0) {
                double total = 0;
                if (w0 > 0) total += w0 * CurrentLoadScorer.of(t, i);
                if (w1 > 0) total += w1 * ForecastHeadroomScorer.of(t, i);
                if (w2 > 0) total += w2 * BalanceScorer.of(t, i, sums);
                if (w3 > 0) total += w3 * PackingScorer.of(t, i);
                totals[i] = total;
            }
        }
    }

    /** Each configured scorer's value for a host, for the few hosts an explanation lists. */
    ExplanationBuilder.ScoreOf scores(PlacementContext context) {
        HostTable t = context.hosts();
        BalanceScorer.PoolSums sums = weights[2] > 0 ? BalanceScorer.PoolSums.of(t) : null;
        return (scorer, i) -> switch (scorerKind[scorer]) {
            case 0 -> CurrentLoadScorer.of(t, i);
            case 1 -> ForecastHeadroomScorer.of(t, i);
            case 2 -> BalanceScorer.of(t, i, sums);
            default -> PackingScorer.of(t, i);
        };
    }
}
