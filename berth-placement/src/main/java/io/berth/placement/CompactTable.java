package io.berth.placement;

import io.berth.core.domain.PlacementGroup;
import io.berth.core.resource.PlacementRequest;
import io.berth.placement.filter.HostStateFilter;
import io.berth.placement.filter.OvercommitLimitFilter;
import io.berth.placement.filter.PlacementGroupFilter;
import io.berth.placement.score.BalanceScorer;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.ForecastHeadroomScorer;
import io.berth.placement.score.PackingScorer;

/**
 * What a one-pass decision over built-in parts reads per host, derived once from a {@link HostTable} and kept with
 * it: the verdict of every rule that depends only on the host and the request as one byte, and the load columns
 * and load scores with the new instance already added. A decision then streams a byte and a few doubles per host
 * instead of some twenty arrays and two object references. The doubles are the very sums and scores the filters and
 * scorers compute, so decisions are bit for bit the same.
 */
public final class CompactTable {
    /** Verdicts 0–4: the index of the first standard filter (state, minimums, capacity, overcommit, group) rejecting the host. */
    public static final byte STALE = 5;
    public static final byte PASSES = 6;

    final PlacementRequest request;
    /** Per host: 0–4 rejected by that standard filter; {@link #STALE} passes them but has no recent load; else {@link #PASSES}. */
    public final byte[] verdict;
    /** Projected CPU with this instance added: what the live-load filter's ceiling is on. */
    public final double[] cpuAhead;
    /** The current-load and forecast-headroom scores with this instance: policies weigh them, none changes them. */
    public final double[] loadScore;
    public final double[] headroomScore;
    /**
     * What a decision's quick sweep reads ({@code LaneTotals}), rounded to float: half the bytes of the exact columns,
     * and an array type apart from the sweep's lane maxima, which the JIT needs to vectorise it. The scores and the
     * packing fill; and {@link #cpuAhead} of a host that passes every standard rule and is not stale, +∞ for the rest:
     * a ceiling on it rejects both, so a decision under a ceiling reads this one column where it would read the gate
     * and CPU ahead. (Rounding is monotonic: a host at or under a ceiling stays at or under the ceiling rounded.)
     */
    public final float[] quickLoad, quickHeadroom, quickFill, cpuAheadIfPasses;
    /** Effective CPU with stale hosts counted as full, as the balance score reads it. */
    public final double[] balanceCpu;
    /** The packing score (allocation after placement over capacity); depends only on the calendar and the image. */
    public final double[] fill;
    public final BalanceScorer.PoolSums sums;
    /**
     * At least every host's balance score (1 without load): a decision that weighs balance computes the score, two
     * square roots per host, only for hosts this bound does not already keep out of the ten best. From the ranges of
     * the figures the score reads, like {@link #sums} a property of the pool and the request, not of a policy.
     */
    public final double balanceBound;
    /**
     * Per host: 0 if its verdict is {@link #PASSES}, else −∞. Added to a host's total it sinks every host a live-load
     * policy rejects before the load ceiling, without a branch, so the loops reading it vectorise.
     */
    public final float[] gate;
    /**
     * How many hosts have each verdict (0–6), and the first few hosts with each verdict below {@link #PASSES} (rejected
     * by a standard filter, or stale), in index order.
     */
    public final int[] verdictCount = new int[PASSES + 1];
    public final int[][] firstRejected;
    /** How many rejected hosts per standard filter an explanation lists. */
    public static final int FIRST_KEPT = 3;

    private CompactTable(HostTable t, PlacementRequest request) {
        this.request = request;
        int n = t.size;
        verdict = new byte[n];
        double[] limits = OvercommitLimitFilter.limitsByClass(t, request);
        PlacementGroup group = request.group();
        boolean anti = group != null && group.kind() == PlacementGroup.Kind.ANTI_AFFINITY;
        boolean groupPlaced = !request.groupMembersByHost().isEmpty();
        for (int i = 0; i < n; i++) {
            byte v;
            if (HostStateFilter.rejects(t, i)) v = 0;
            else if (t.calendarVerdict[i] == HostTable.MINIMUMS_VIOLATED) v = 1;
            else if (t.calendarVerdict[i] == HostTable.CAPACITY_VIOLATED) v = 2;
            else if (limits != null && OvercommitLimitFilter.rejects(t, limits, i)) v = 3;
            else if (group != null && PlacementGroupFilter.rejects(t, anti, groupPlaced, i)) v = 4;
            else if (t.hasLoad() && t.loadExcluded[i]) v = STALE;
            else v = PASSES;
            verdict[i] = v;
            verdictCount[v]++;
        }
        firstRejected = new int[PASSES][];
        for (int f = 0; f < PASSES; f++) {
            firstRejected[f] = new int[Math.min(FIRST_KEPT, verdictCount[f])];
        }
        int[] found = new int[PASSES];
        gate = new float[n];
        for (int i = 0; i < n; i++) {
            int v = verdict[i];
            if (v < PASSES && found[v] < firstRejected[v].length) firstRejected[v][found[v]++] = i;
            gate[i] = v == PASSES ? 0 : Float.NEGATIVE_INFINITY;
        }
        fill = new double[n];
        quickFill = new float[n];
        for (int i = 0; i < n; i++) quickFill[i] = (float) (fill[i] = PackingScorer.of(t, i));
        if (!t.hasLoad()) {
            cpuAhead = loadScore = headroomScore = balanceCpu = null;
            quickLoad = quickHeadroom = cpuAheadIfPasses = null;
            sums = null;
            balanceBound = 1;
            return;
        }
        cpuAhead = new double[n];
        loadScore = new double[n];
        headroomScore = new double[n];
        quickLoad = new float[n];
        quickHeadroom = new float[n];
        cpuAheadIfPasses = new float[n];
        balanceCpu = new double[n];
        for (int i = 0; i < n; i++) {
            double ahead = t.projectedCpu[i] + t.addedCpu[i];
            cpuAhead[i] = ahead;
            cpuAheadIfPasses[i] = verdict[i] == PASSES ? (float) ahead : Float.POSITIVE_INFINITY;
            quickLoad[i] = (float) (loadScore[i] = CurrentLoadScorer.of(t.effectiveCpu[i] + t.addedCpu[i]));
            quickHeadroom[i] = (float) (headroomScore[i] = ForecastHeadroomScorer.of(ahead, t.memoryFraction[i] + t.addedMemory[i]));
            balanceCpu[i] = BalanceScorer.finite(t.effectiveCpu[i]);
        }
        sums = n == 0 ? null : BalanceScorer.PoolSums.of(t);
        balanceBound = n == 0 ? 1 : balanceBound(t, balanceCpu, sums);
    }

    private static double balanceBound(HostTable t, double[] balanceCpu, BalanceScorer.PoolSums sums) {
        double cpuMin = Double.POSITIVE_INFINITY, addedCpuMin = Double.POSITIVE_INFINITY, addedCpuMax = Double.NEGATIVE_INFINITY;
        double memoryMin = Double.POSITIVE_INFINITY, addedMemoryMin = Double.POSITIVE_INFINITY, addedMemoryMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.size; i++) {
            cpuMin = Math.min(cpuMin, balanceCpu[i]);
            addedCpuMin = Math.min(addedCpuMin, t.addedCpu[i]);
            addedCpuMax = Math.max(addedCpuMax, t.addedCpu[i]);
            memoryMin = Math.min(memoryMin, t.memoryFraction[i]);
            addedMemoryMin = Math.min(addedMemoryMin, t.addedMemory[i]);
            addedMemoryMax = Math.max(addedMemoryMax, t.addedMemory[i]);
        }
        return BalanceScorer.upperBound(sums, cpuMin, addedCpuMin, addedCpuMax, memoryMin, addedMemoryMin, addedMemoryMax);
    }

    static CompactTable of(HostTable table, PlacementRequest request) {
        return new CompactTable(table, request);
    }

    public boolean hasLoad() {
        return cpuAhead != null;
    }

    /**
     * The {@link #gate} for a policy that does ({@code staleRejected}) or does not reject stale hosts. Only a pipeline
     * of built-in parts without the live-load filter, on a table with stale hosts, needs its own, made here each time.
     */
    public float[] gate(boolean staleRejected) {
        if (staleRejected || verdictCount[STALE] == 0) return gate;
        float[] g = gate.clone();
        for (int i = 0; i < g.length; i++) if (verdict[i] == STALE) g[i] = 0;
        return g;
    }
}
