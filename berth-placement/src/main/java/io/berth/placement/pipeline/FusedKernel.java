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
 * per-scorer arrays). With the best-host selection, the pass finds the best host alone and gathers what an explanation
 * lists (counts per filter, the first rejections, the ten best) when the explanation is written, so no array of every
 * host's verdict or total is written. Pipelines with plug-in parts take the general path. Property tests check both
 * paths agree, explanations included.
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

    /** The live-load filter's CPU ceiling (0: none), for tests. */
    double maxCpu() {
        return maxCpu;
    }

    /** Whether the pipeline has the live-load filter (then the kernel checks it where the table has load). */
    boolean live() {
        return live;
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

    /** The host chosen by the best-host rule and what an explanation of it needs, gathered when first asked for. */
    record Pass(int pick, java.util.function.Supplier<ExplanationBuilder.Tally> tally) {}

    /**
     * The best host (highest total; on a tie the lowest host id, as {@link io.berth.placement.select.BestSelector});
     * what an explanation lists, as {@link ExplanationBuilder.Tally#of} would from full arrays (the ten best if
     * {@code scored}, the first few rejections per filter and the counts), is gathered when first asked for.
     *
     * <p>In lanes of hosts: {@link LaneTotals} computes every host's quick total in one vectorised sweep, rejected hosts
     * sunk below any total, and keeps each lane's largest. The highest lane is looked at first, then, in a sweep, only
     * the lanes whose largest total could still reach the best: a lane is looked at host by host, and only its hosts
     * that could are decided with the exact rules. That is little more than the lane holding the best. The ten best
     * are found the same way, from the same maxima, when the explanation is written. Hosts are offered out of index
     * order: {@link Leaders} breaks ties by index and host id, not by arrival.
     */
    Pass best(PlacementContext context, int filterCount, boolean scored) {
        HostTable t = context.hosts();
        CompactTable c = t.compact(context.request());
        boolean checkLive = live && c.hasLoad();
        LaneTotals lanes = lanes(t, c, checkLive);
        double[] maxima = lanes.maxima();
        Leaders pick = new Leaders(t.hostId, false);
        search(t, c, checkLive, lanes, maxima, pick);
        // The ten best only when an explanation is written: the same search with a higher floor, over the same maxima.
        return new Pass(pick.best, () -> {
            Leaders ranked = pick;
            if (scored) search(t, c, checkLive, lanes, maxima, ranked = new Leaders(t.hostId, true));
            return tally(t, c, checkLive, lanes, filterCount, ranked);
        });
    }

    /**
     * Offers the leaders every host that may lead: the highest lanes first (one for the best alone, ten for the ten
     * best), so the floor a lane must reach is near its final height, then, in a sweep, the other lanes whose largest
     * quick total reaches the floor (or is NaN). Leaves {@code maxima} as it found it.
     */
    private void search(HostTable t, CompactTable c, boolean checkLive, LaneTotals lanes, double[] maxima, Leaders leaders) {
        int[] first = highest(maxima, leaders.heap == null ? 1 : ExplanationBuilder.BEST_KEPT);
        for (int lane : first) lookAt(t, c, checkLive, lanes, lane, leaders);
        double floor = leaders.floor(LaneTotals.MARGIN);
        for (int lane = 0; lane < maxima.length; lane++) {
            double max = maxima[lane];
            if (max == Double.NEGATIVE_INFINITY || !(max >= floor || max != max) || contains(first, lane)) continue;
            lookAt(t, c, checkLive, lanes, lane, leaders);
            floor = leaders.floor(LaneTotals.MARGIN);
        }
    }

    private static boolean contains(int[] lanes, int lane) {
        for (int l : lanes) if (l == lane) return true;
        return false;
    }

    /**
     * What the explanation lists and counts, when it is written: the rejections per filter (the standard filters' and
     * the stale hosts' counted once per compact table, the load ceiling's here, over the same columns the decision
     * read, which nobody writes to once decided), the ten best and the pick. Called at most once per decision.
     */
    private static ExplanationBuilder.Tally tally(HostTable t, CompactTable c, boolean checkLive, LaneTotals lanes, int filterCount,
                                                  Leaders leaders) {
        int keep = ExplanationBuilder.REJECTIONS_KEPT_PER_FILTER;
        int overCeilingCount = lanes.overCeiling();
        int best = leaders.best;
        double bestTotal = leaders.bestTotal;
        TopK.Heap heap = leaders.heap;

        final int liveFilter = CompactTable.STALE;
        int[] rejectedCount = new int[filterCount];
        int rejected = 0;
        for (int f = 0; f < liveFilter; f++) rejected += rejectedCount[f] = c.verdictCount[f];
        int[] liveRejected = new int[0];
        if (checkLive) {
            if (filterCount > liveFilter) rejected += rejectedCount[liveFilter] = c.verdictCount[CompactTable.STALE] + overCeilingCount;
            liveRejected = firstInIndexOrder(c.firstRejected[CompactTable.STALE], lanes.firstOverCeiling(Math.min(keep, overCeilingCount)), keep);
        }
        var listed = new ExplanationBuilder.Tally.Builder(rejectedCount, filterCount * keep + ExplanationBuilder.BEST_KEPT + 1);
        listRejectedInIndexOrder(listed, c, liveRejected);
        if (heap != null) {
            double[] best10 = new double[heap.size()];
            int[] top = heap.bestFirst(best10);
            for (int j = 0; j < top.length; j++) listed.add(top[j], -1, best10[j]);
        }
        if (best >= 0 && !listed.lists(best)) listed.add(best, -1, bestTotal);
        return listed.build(t.size - rejected);
    }

    /** The lanes of this pipeline's quick totals over a compact table (its gate, its load ceiling). */
    LaneTotals lanes(HostTable t, CompactTable c, boolean checkLive) {
        double ceiling = checkLive && maxCpu > 0 ? maxCpu : Double.POSITIVE_INFINITY;
        return new LaneTotals(weights, c, c.gate(checkLive), ceiling, t.size);
    }

    /** The {@code want} lanes with the highest maxima (fewer if fewer have a host not rejected), highest first; NaN ones aside. */
    private static int[] highest(double[] maxima, int want) {
        int[] top = new int[want];
        int found = 0;
        double lowestKept = Double.NEGATIVE_INFINITY; // until want are kept, any lane with a host not rejected enters
        for (int lane = 0; lane < maxima.length; lane++) {
            double max = maxima[lane];
            if (!(max > lowestKept)) continue; // rejected hosts only, too low, or NaN (looked at by the sweep)
            int p = found < want ? found++ : want - 1;
            while (p > 0 && max > maxima[top[p - 1]]) {
                top[p] = top[p - 1];
                p--;
            }
            top[p] = lane;
            if (found == want) lowestKept = maxima[top[want - 1]];
        }
        return java.util.Arrays.copyOf(top, found);
    }

    /** Offers the leaders every host of a lane that may rank, by its quick total, then by the exact rules. */
    private void lookAt(HostTable t, CompactTable c, boolean checkLive, LaneTotals lanes, int lane, Leaders leaders) {
        double floor = leaders.floor(LaneTotals.MARGIN);
        for (int i = lane; i < t.size; i += lanes.lanes) {
            float v = lanes.total(i);
            if (v == Float.NEGATIVE_INFINITY || !(v >= floor || v != v) || verdict(c, i, checkLive, maxCpu) >= 0) continue;
            leaders.offer(i, total(t, c, i));
            floor = leaders.floor(LaneTotals.MARGIN);
        }
    }

    /** The first {@code keep} of two increasing lists of host indices, merged. */
    private static int[] firstInIndexOrder(int[] a, int[] b, int keep) {
        int[] out = new int[Math.min(keep, a.length + b.length)];
        for (int k = 0, p = 0, q = 0; k < out.length; k++) out[k] = q == b.length || (p < a.length && a[p] < b[q]) ? a[p++] : b[q++];
        return out;
    }

    /** The first rejections of each filter, merged in host index order (as a pass over every host would list them). */
    private static void listRejectedInIndexOrder(ExplanationBuilder.Tally.Builder listed, CompactTable c, int[] liveRejected) {
        int[][] lists = new int[CompactTable.STALE + 1][];
        System.arraycopy(c.firstRejected, 0, lists, 0, CompactTable.STALE);
        lists[CompactTable.STALE] = liveRejected;
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
    static int verdict(CompactTable c, int i, boolean checkLive, double maxCpu) {
        int v = c.verdict[i];
        if (v < CompactTable.STALE) return v;
        if (checkLive && (v == CompactTable.STALE || (maxCpu > 0 && c.cpuAhead[i] > maxCpu))) return 5;
        return -1;
    }

    /** The weighted total, summed in the same order as the part-by-part path so the result is the same double. */
    double total(HostTable t, CompactTable c, int i) {
        double total = 0;
        if (weights[0] > 0) total += weights[0] * c.loadScore[i];
        if (weights[1] > 0) total += weights[1] * c.headroomScore[i];
        if (weights[2] > 0) total += weights[2] * BalanceScorer.of(c.sums, c.balanceCpu[i], t.addedCpu[i], t.memoryFraction[i], t.addedMemory[i]);
        if (weights[3] > 0) total += weights[3] * c.fill[i];
        return total;
    }

    /** Each configured scorer's value for a host, for the few hosts an explanation lists. */
    ExplanationBuilder.ScoreOf scores(PlacementContext context) {
        HostTable t = context.hosts();
        CompactTable c = t.compact(context.request());
        return (scorer, i) -> switch (scorerKind[scorer]) {
            case 0 -> c.loadScore[i];
            case 1 -> c.headroomScore[i];
            case 2 -> BalanceScorer.of(c.sums, c.balanceCpu[i], t.addedCpu[i], t.memoryFraction[i], t.addedMemory[i]);
            default -> c.fill[i];
        };
    }
}
