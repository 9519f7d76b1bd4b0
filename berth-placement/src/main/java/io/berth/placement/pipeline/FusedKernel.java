package io.berth.placement.pipeline;

import io.berth.placement.CompactTable;
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
 * The same decision as the filter-by-filter, scorer-by-scorer pipeline, in one pass over the hosts' compact columns
 * ({@link CompactTable}), for pipelines made only of Berth's built-in parts. Every rule and score is the part's own
 * static method, so there is one definition of each; only the looping is fused (no per-host virtual calls, no
 * per-scorer arrays). With the best-host selection, the pass also keeps what the explanation needs (counts per filter,
 * the first rejections, the ten best), so no array of every host's verdict or total is written. Pipelines with
 * plug-in parts take the general path. Property tests check both paths agree, explanations included.
 */
final class FusedKernel {
    private final boolean live;
    private final double maxCpu;
    private final double[] weights = new double[4]; // current-load, forecast-headroom, balance, packing; normalised
    private final int[] scorerKind;                 // per configured scorer, its index in weights
    /** Hosts scanned between two looks at the heap: small enough to stay in cache, large enough to amortise the look. */
    private static final int BLOCK = 1024;

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

    /** Whether the kernel can decide on this table: the load-based scores need live load. */
    boolean handles(HostTable t) {
        return t.hasLoad() || (weights[0] == 0 && weights[1] == 0 && weights[2] == 0);
    }

    /** Fills {@code rejectedBy} (index of the first rejecting filter, or -1) and the weighted totals of eligible hosts. */
    void run(PlacementContext context, int[] rejectedBy, double[] totals) {
        HostTable t = context.hosts();
        CompactTable c = t.compact(context.request());
        boolean checkLive = live && c.hasLoad();
        for (int i = 0; i < t.size; i++) {
            int r = verdict(c, i, checkLive, maxCpu);
            rejectedBy[i] = r;
            if (r < 0) totals[i] = total(t, c, i);
        }
    }

    /** The host chosen by the best-host rule and what an explanation of it needs. */
    record Pass(int pick, ExplanationBuilder.Tally tally) {}

    /**
     * The best host (highest total; on a tie the lowest host id, as {@link io.berth.placement.select.BestSelector}), in one
     * pass that also keeps what an explanation lists, as {@link ExplanationBuilder.Tally#of} would from full arrays: the
     * first few rejections per filter (the standard filters' are counted once per compact table, the live-load filter's
     * here) and, if {@code scored}, the ten best hosts.
     *
     * <p>The loop has no branch that depends on a host's verdict: every host's total is computed, rejected or not, and
     * only a host that could enter the ten best or is one of the first live-load rejections takes the slow path. At a few
     * nanoseconds per host, a mispredicted branch per rejected host would otherwise cost more than the arithmetic.
     */
    Pass best(PlacementContext context, int filterCount, boolean scored) {
        HostTable t = context.hosts();
        CompactTable c = t.compact(context.request());
        boolean checkLive = live && c.hasLoad();
        final int passes = CompactTable.PASSES, liveFilter = CompactTable.STALE;
        int[] code = {0, 1, 2, 3, 4, checkLive ? liveFilter : passes, passes}; // a stale host fails only a live-load filter
        double ceiling = checkLive && maxCpu > 0 ? maxCpu : Double.POSITIVE_INFINITY;
        byte[] verdict = c.verdict;
        double[] cpuAhead = checkLive ? c.cpuAhead : null;
        boolean useCeiling = cpuAhead != null && ceiling != Double.POSITIVE_INFINITY;

        int keep = ExplanationBuilder.REJECTIONS_KEPT_PER_FILTER;
        int[] liveRejected = new int[keep];
        java.util.Arrays.fill(liveRejected, -1);
        int liveRejections = 0;
        TopK.Heap heap = scored ? new TopK.Heap(ExplanationBuilder.BEST_KEPT) : null;
        double heapMin = Double.NEGATIVE_INFINITY; // below it, a host cannot enter the ten best; -inf until ten are kept
        long[] hostId = t.hostId;
        int best = -1;
        double bestTotal = Double.POSITIVE_INFINITY;  // until a host is found; then "total >= bestTotal" means it may win
        double w0 = weights[0], w1 = weights[1], w2 = weights[2], w3 = weights[3];
        double[] cpuNow = c.cpuNow, memoryAhead = c.memoryAhead, balanceCpu = c.balanceCpu, fill = c.fill;
        double[] ahead = c.cpuAhead, addedCpu = t.addedCpu, memory = t.memoryFraction, addedMemory = t.addedMemory;
        BalanceScorer.PoolSums sums = c.sums;
        // Blocks: a tight loop without calls flags the hosts that may matter, then the heap and the best take those.
        int[] flagged = new int[Math.min(BLOCK, Math.max(t.size, 1))];
        for (int from = 0; from < t.size; from += BLOCK) {
            int to = Math.min(t.size, from + BLOCK), count = 0;
            boolean none = best < 0;
            for (int i = from; i < to; i++) {
                int r = code[verdict[i]];
                if (useCeiling) r -= (r == passes) & (cpuAhead[i] > ceiling) ? 1 : 0;
                double total = 0;
                if (w0 > 0) total += w0 * CurrentLoadScorer.of(cpuNow[i]);
                if (w1 > 0) total += w1 * ForecastHeadroomScorer.of(ahead[i], memoryAhead[i]);
                if (w2 > 0) {
                    // The balance score (two square roots) is at most 1: where even 1 could not lift the host into the ten
                    // best nor to the best, skip it; the bound stands in for the total, below both, so the host stays out.
                    // Rounding is monotonic, so the bound summed in the same order is never below the exact total.
                    double bound = total + w2;
                    if (w3 > 0) bound += w3 * fill[i];
                    if ((r != passes) | ((bound < heapMin) & (bound < bestTotal))) {
                        total = bound;
                    } else {
                        total += w2 * BalanceScorer.of(sums, balanceCpu[i], addedCpu[i], memory[i], addedMemory[i]);
                        if (w3 > 0) total += w3 * fill[i];
                    }
                } else if (w3 > 0) {
                    total += w3 * fill[i];
                }
                boolean rejectedLive = r == liveFilter;
                liveRejections += rejectedLive ? 1 : 0;
                boolean mayRank = (r == passes) & ((total > heapMin) | (total >= bestTotal) | (total != total) | none);
                flagged[count] = i;
                count += mayRank | (rejectedLive & liveRejections <= keep) ? 1 : 0;
            }
            for (int j = 0; j < count; j++) {
                int i = flagged[j];
                int r = verdict(c, i, checkLive, maxCpu);
                if (r == liveFilter) {
                    for (int q = 0; q < keep; q++) {
                        if (liveRejected[q] == i) break;
                        if (liveRejected[q] < 0) { liveRejected[q] = i; break; }
                    }
                    continue;
                }
                double total = total(t, c, i);
                if (heap != null) {
                    heap.offer(i, total);
                    if (heap.size() == ExplanationBuilder.BEST_KEPT) heapMin = heap.worstTotal();
                }
                if (best < 0 || total > bestTotal || (total == bestTotal && hostId[i] < hostId[best])) {
                    best = i;
                    bestTotal = total;
                }
            }
        }

        int[] rejectedCount = new int[filterCount];
        int rejected = 0;
        for (int f = 0; f < liveFilter; f++) rejected += rejectedCount[f] = c.verdictCount[f];
        if (filterCount > liveFilter) rejected += rejectedCount[liveFilter] = liveRejections;
        var listed = new ExplanationBuilder.Tally.Builder(rejectedCount, filterCount * keep + ExplanationBuilder.BEST_KEPT + 1);
        listRejectedInIndexOrder(listed, c, liveRejected, Math.min(liveRejections, keep));
        if (heap != null) {
            double[] totals = new double[heap.size()];
            int[] top = heap.bestFirst(totals);
            for (int j = 0; j < top.length; j++) listed.add(top[j], -1, totals[j]);
        }
        if (best >= 0 && !listed.lists(best)) listed.add(best, -1, bestTotal);
        return new Pass(best, listed.build(t.size - rejected));
    }

    /** The first rejections of each filter, merged in host index order (as a pass over every host would list them). */
    private static void listRejectedInIndexOrder(ExplanationBuilder.Tally.Builder listed, CompactTable c, int[] liveRejected, int liveKept) {
        int[][] lists = new int[CompactTable.STALE + 1][];
        System.arraycopy(c.firstRejected, 0, lists, 0, CompactTable.STALE);
        lists[CompactTable.STALE] = java.util.Arrays.copyOf(liveRejected, liveKept);
        int[] next = new int[lists.length];
        while (true) {
            int from = -1;
            for (int f = 0; f < lists.length; f++) {
                if (next[f] < lists[f].length && (from < 0 || lists[f][next[f]] < lists[from][next[from]])) from = f;
            }
            if (from < 0) return;
            listed.add(lists[from][next[from]++], from, 0);
        }
    }

    /** The first filter rejecting host i, or -1: the standard rules' verdict is precomputed, live load is this policy's. */
    private static int verdict(CompactTable c, int i, boolean checkLive, double maxCpu) {
        int v = c.verdict[i];
        if (v < CompactTable.STALE) return v;
        if (checkLive && (v == CompactTable.STALE || (maxCpu > 0 && c.cpuAhead[i] > maxCpu))) return 5;
        return -1;
    }

    /** The weighted total, summed in the same order as the part-by-part path so the result is the same double. */
    private double total(HostTable t, CompactTable c, int i) {
        double total = 0;
        if (weights[0] > 0) total += weights[0] * CurrentLoadScorer.of(c.cpuNow[i]);
        if (weights[1] > 0) total += weights[1] * ForecastHeadroomScorer.of(c.cpuAhead[i], c.memoryAhead[i]);
        if (weights[2] > 0) total += weights[2] * BalanceScorer.of(c.sums, c.balanceCpu[i], t.addedCpu[i], t.memoryFraction[i], t.addedMemory[i]);
        if (weights[3] > 0) total += weights[3] * c.fill[i];
        return total;
    }

    /** Each configured scorer's value for a host, for the few hosts an explanation lists. */
    ExplanationBuilder.ScoreOf scores(PlacementContext context) {
        HostTable t = context.hosts();
        CompactTable c = t.compact(context.request());
        return (scorer, i) -> switch (scorerKind[scorer]) {
            case 0 -> CurrentLoadScorer.of(c.cpuNow[i]);
            case 1 -> ForecastHeadroomScorer.of(c.cpuAhead[i], c.memoryAhead[i]);
            case 2 -> BalanceScorer.of(c.sums, c.balanceCpu[i], t.addedCpu[i], t.memoryFraction[i], t.addedMemory[i]);
            default -> c.fill[i];
        };
    }
}
