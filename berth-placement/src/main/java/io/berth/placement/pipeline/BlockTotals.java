package io.berth.placement.pipeline;

import io.berth.placement.CompactTable;
import io.berth.placement.HostTable;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.ForecastHeadroomScorer;

/**
 * The fast half of a one-pass decision ({@link FusedKernel#best}): the totals of a block of hosts, written into a small
 * array one scorer at a time. Each loop is a few arithmetic operations over primitive columns, with no call and no
 * branch per host, so the JIT unrolls and vectorises it; the block's largest total then tells whether any of its hosts
 * needs a closer look at all.
 *
 * <p>A host that passes every filter gets the total {@link FusedKernel} computes (the scorers' own methods) up to
 * float rounding ({@link #MARGIN}), or more: the balance score, two square roots and four divisions per host, is
 * replaced by a bound on it over the pool ({@link CompactTable#balanceBound}), in a large pool within a hair of every
 * host's. A host rejected by a
 * standard filter or stale gets −∞ (the compact table's gate); one over the load ceiling gets its total minus a huge
 * multiple of the excess. The kernel decides each host it looks at with its exact rules, so a rejected host that is
 * not sunk far enough, or a total overestimated, only costs that look.
 */
final class BlockTotals {
    /** Times the excess over the ceiling: any excess of at least 1e-300 sinks the total below zero. */
    private static final double SINK = 1e300;
    /** How far below the kernel's total a block total may be: more than float rounding can take it (see {@link #fill}). */
    static final double MARGIN = 4e-6;

    private final double w0, w1, w2, w3;
    private final double[] cpuNow, cpuAhead, memoryAhead, balanceCpu, fill, addedCpu, memory, addedMemory, gate;
    private final double balanceBound;
    private final double ceiling;
    private final boolean hasCeiling;
    /** The last block's totals, host {@code from + j} at j. */
    final float[] out;
    private int overCeiling;

    /**
     * @param weights the kernel's normalised weights (current load, forecast headroom, balance, packing)
     * @param gate    0 for a host that passes the rules before the load ceiling, −∞ otherwise
     * @param ceiling the live-load filter's CPU ceiling, or +∞ for none
     */
    BlockTotals(double[] weights, HostTable t, CompactTable c, double[] gate, double ceiling, int block) {
        w0 = weights[0];
        w1 = weights[1];
        w2 = weights[2];
        w3 = weights[3];
        cpuNow = c.cpuNow;
        cpuAhead = c.cpuAhead;
        memoryAhead = c.memoryAhead;
        balanceCpu = c.balanceCpu;
        fill = c.fill;
        balanceBound = c.balanceBound;
        addedCpu = t.addedCpu;
        memory = t.memoryFraction;
        addedMemory = t.addedMemory;
        this.gate = gate;
        this.ceiling = ceiling;
        hasCeiling = ceiling != Double.POSITIVE_INFINITY;
        out = new float[block];
    }

    /**
     * Totals of hosts [from, to) into {@link #out}, within {@link #MARGIN} of the kernel's, or −∞ (or far below any
     * total) for a rejected host; returns the largest (NaN if any is NaN).
     *
     * <p>One short loop per scorer, adding to a float array: the JIT vectorises a loop only if its body is small, and
     * only if it can tell the array it writes from the columns it reads, which it cannot for two double arrays; a float
     * array is never one of the columns. The balance score is replaced by a bound over the pool (at least every
     * host's, so the block total is at least the kernel's less the rounding). The error, with u = 2⁻²⁴ (float
     * rounding, relative): each weighted score is at most its weight and the weights sum to 1, so every value rounded
     * is at most 1 (or beyond any threshold); each weighted score is rounded once and each of at most five sums once:
     * within 10u < 6e-7 of the double.
     */
    float fill(int from, int to) {
        int n = to - from;
        float[] o = out;
        java.util.Arrays.fill(o, 0, n, 0f);
        if (w0 > 0) for (int j = 0; j < n; j++) o[j] += (float) (w0 * CurrentLoadScorer.of(cpuNow[from + j]));
        if (w1 > 0) for (int j = 0; j < n; j++) o[j] += (float) (w1 * ForecastHeadroomScorer.of(cpuAhead[from + j], memoryAhead[from + j]));
        if (w3 > 0) for (int j = 0; j < n; j++) o[j] += (float) (w3 * fill[from + j]);
        // The balance score (two square roots per host) is not computed here: its bound over the pool stands in for it.
        float balance = w2 > 0 ? (float) (w2 * balanceBound) : 0;
        float max = Float.NEGATIVE_INFINITY;
        int over = 0;
        if (hasCeiling) {
            // Hosts over the ceiling are sunk by their excess, and counted: any positive excess times SINK twice is at
            // least 1, and a NaN excess is no excess, as for the filter.
            for (int j = 0; j < n; j++) {
                double excess = Math.max(cpuAhead[from + j] + gate[from + j] - ceiling, 0);
                float v = o[j] + balance + (float) (gate[from + j] - excess * SINK);
                o[j] = v;
                max = Math.max(max, v);
                over += (int) Math.min(excess * SINK * SINK, 1);
            }
        } else {
            for (int j = 0; j < n; j++) {
                float v = o[j] + balance + (float) gate[from + j];
                o[j] = v;
                max = Math.max(max, v);
            }
        }
        overCeiling = over;
        return max;
    }

    /** How many hosts of the last block {@link #fill}ed pass the gate but not the ceiling (0 without a ceiling). */
    int overCeiling() {
        return overCeiling;
    }

    /** Adds to {@code into} (from position {@code kept}, up to its length) hosts of [from, to) over the ceiling; returns how many it holds. */
    int firstOverCeiling(int from, int to, int[] into, int kept) {
        for (int i = from; i < to && kept < into.length; i++) if (cpuAhead[i] + gate[i] > ceiling) into[kept++] = i;
        return kept;
    }
}
