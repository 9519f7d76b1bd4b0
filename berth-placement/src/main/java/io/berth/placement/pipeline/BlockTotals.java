package io.berth.placement.pipeline;

import io.berth.placement.CompactTable;
import io.berth.placement.HostTable;

/**
 * The fast half of a one-pass decision ({@link FusedKernel#best}): the totals of a block of hosts, written into a small
 * float array by two loops, the scores then the gate. Each loop is a few arithmetic operations over primitive columns,
 * with no call and no branch per host, so the JIT unrolls and vectorises it; the block's largest total then tells
 * whether any of its hosts needs a closer look at all.
 *
 * <p>A host that passes every filter gets the total {@link FusedKernel} computes (the scorers' own methods) up to
 * float rounding ({@link #MARGIN}), or more: the balance score, two square roots and four divisions per host, is
 * replaced by a bound on it over the pool ({@link CompactTable#balanceBound}), in a large pool within a hair of every
 * host's, and clamps by their lower half. A host rejected by a standard filter or stale gets −∞ (the compact table's
 * gate); one over the load ceiling gets its total minus a huge multiple of the excess. The kernel decides each host it
 * looks at with its exact rules, so a rejected host that is not sunk far enough, or a total overestimated, only costs
 * that look.
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
    /** Which loop computes a block's scores: one for each common mix of scorers (the built-in policies'), else one per scorer. */
    private final int mix;
    private static final int CURRENT_LOAD = 0, CURRENT_LOAD_AND_HEADROOM = 1, PACKING_AND_HEADROOM = 2, ANY = 3;
    /** The last block's totals, host {@code from + j} at j. */
    final float[] out;

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
        mix = w0 > 0 && w1 == 0 && w3 == 0 ? CURRENT_LOAD
                : w0 > 0 && w1 > 0 && w3 == 0 ? CURRENT_LOAD_AND_HEADROOM
                : w0 == 0 && w1 > 0 && w3 > 0 ? PACKING_AND_HEADROOM
                : ANY;
        out = new float[block];
    }

    /**
     * Totals of hosts [from, to) into {@link #out}, at least the kernel's less {@link #MARGIN}, or −∞ (or far below any
     * total) for a rejected host; returns the largest (NaN if any is NaN).
     *
     * <p>Block totals only rank: the kernel decides each host it looks at with the exact rules. So a score may be
     * replaced by anything at least as large: the balance score by its bound over the pool, and a clamp to [0, 1] by
     * its lower half (max(0, x) ≥ min(1, max(0, x))), which keeps the loop bodies small. The JIT vectorises a loop only
     * if its body is small, and only if it can tell the array it writes from the columns it reads, which it cannot for
     * two double arrays: the destination is a float array, never one of the columns. A total is summed in doubles and
     * rounded to float once or, for the mixes without a loop of their own, once per weighted score and per sum; every
     * value rounded is at most 1 (each weighted score is at most its weight, the weights sum to 1) or beyond any
     * threshold, so with u = 2⁻²⁴ the block total is within 10u < 6e-7 of (or above) the exact one.
     */
    float fill(int from, int to) {
        int n = to - from;
        float[] o = out;
        switch (mix) {
            case CURRENT_LOAD -> {
                for (int j = 0; j < n; j++) o[j] = (float) (w0 * Math.max(1 - cpuNow[from + j], 0));
            }
            case CURRENT_LOAD_AND_HEADROOM -> {
                for (int j = 0; j < n; j++) {
                    o[j] = (float) (w0 * Math.max(1 - cpuNow[from + j], 0) + w1 * Math.max(1 - Math.max(cpuAhead[from + j], memoryAhead[from + j]), 0));
                }
            }
            case PACKING_AND_HEADROOM -> {
                for (int j = 0; j < n; j++) {
                    o[j] = (float) (w1 * Math.max(1 - Math.max(cpuAhead[from + j], memoryAhead[from + j]), 0) + w3 * fill[from + j]);
                }
            }
            default -> {
                java.util.Arrays.fill(o, 0, n, 0f);
                if (w0 > 0) for (int j = 0; j < n; j++) o[j] += (float) (w0 * Math.max(1 - cpuNow[from + j], 0));
                if (w1 > 0) for (int j = 0; j < n; j++) o[j] += (float) (w1 * Math.max(1 - Math.max(cpuAhead[from + j], memoryAhead[from + j]), 0));
                if (w3 > 0) for (int j = 0; j < n; j++) o[j] += (float) (w3 * fill[from + j]);
            }
        }
        return hasCeiling ? gatedUnderCeiling(from, n) : gated(from, n);
    }

    /** Adds the balance bound and the gate, and returns the largest total. */
    private float gated(int from, int n) {
        float[] o = out;
        float balance = (float) (w2 * balanceBound);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float v = o[j] + balance + (float) gate[from + j];
            o[j] = v;
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * The same, and sinks a host over the ceiling by its excess: any excess of at least 1e-300 puts its total below 0,
     * under every eligible host's. A NaN excess makes a NaN total, which the kernel looks at.
     */
    private float gatedUnderCeiling(int from, int n) {
        float[] o = out;
        float balance = (float) (w2 * balanceBound);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double excess = Math.max(cpuAhead[from + j] - ceiling, 0);
            float v = o[j] + balance + (float) (gate[from + j] - excess * SINK);
            o[j] = v;
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * How many hosts of [from, to) pass the gate but not the ceiling (0 without a ceiling): any positive excess times
     * SINK twice is at least 1, and a NaN excess is no excess, as for the filter. For explanations.
     */
    int overCeiling(int from, int to) {
        if (!hasCeiling) return 0;
        int over = 0;
        for (int i = from; i < to; i++) over += (int) Math.min(Math.max(cpuAhead[i] + gate[i] - ceiling, 0) * SINK * SINK, 1);
        return over;
    }

    /** Adds to {@code into} (from position {@code kept}, up to its length) hosts of [from, to) over the ceiling; returns how many it holds. */
    int firstOverCeiling(int from, int to, int[] into, int kept) {
        for (int i = from; i < to && kept < into.length; i++) if (cpuAhead[i] + gate[i] > ceiling) into[kept++] = i;
        return kept;
    }
}
