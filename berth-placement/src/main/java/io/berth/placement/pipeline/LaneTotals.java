package io.berth.placement.pipeline;

import io.berth.placement.CompactTable;

import java.util.Arrays;

/**
 * The fast half of a one-pass decision ({@link FusedKernel#best}): a bound on every host's total, kept per <em>lane</em>.
 * The hosts are read as rows of {@link #lanes} consecutive hosts; lane j holds hosts j, j + lanes, j + 2·lanes, … One
 * sweep over the rows computes each host's quick total and keeps, per lane, the largest: an element-wise max of a row
 * into a small array, which the JIT vectorises, where a running maximum over consecutive hosts (a reduction) stays
 * scalar and cost more than the totals themselves (measured: 0.45 ns per host against 0.17). A lane whose largest total
 * cannot reach the best is never looked at again; the kernel recomputes the quick totals of the few lanes it looks
 * at ({@link #total}, the same expression, so the same float) and decides the hosts that may rank with the exact rules.
 *
 * <p>A quick total is at least the kernel's exact total less {@link #MARGIN}, or −∞ (or far below any total) for a
 * rejected host. It is the weighted sum of the compact table's scores rounded to float, with the balance score (two
 * square roots and four divisions per host) replaced by its bound over the pool ({@link CompactTable#balanceBound}):
 * quick totals only rank, so a score may be replaced by anything at least as large. A host rejected by a standard
 * filter or stale gets −∞ (the compact table's gate); one over the load ceiling gets its total minus a huge multiple
 * of the excess (any positive float excess puts it below 0, under every eligible host). Under a ceiling the gate is in
 * the column the ceiling is on ({@link CompactTable#cpuAheadIfPasses}, +∞ for a host the gate rejects), one column
 * fewer to read. The error: every value is at most 1 (each weighted score is at most its weight, the weights sum to 1)
 * or beyond any threshold, and a total takes a dozen float roundings (scores, weights, bound, sums), each within
 * u = 2⁻²⁴ (6e-8) of a value at most 1: under 1e-6, far inside the margin. Rounding is monotonic, so a host at or under
 * the ceiling is at or under it rounded and never sinks; one just over it may not sink, and is decided exactly.
 *
 * <p>Each common mix of scorers (the built-in policies' defaults) has a loop of its own that reads only its columns;
 * any other mix reads them all (a weight of 0 then only costs the reading, or a look at a host whose unused column is
 * NaN). The JIT vectorises a loop only if it can tell the array it writes from those it reads, which it cannot for two
 * arrays of one type: the lane maxima are the only double array, every column a float array (half the bytes of the
 * exact columns; the sweep about 30 % faster than over double columns into float maxima, measured).
 */
final class LaneTotals {
    /** Times the excess over the ceiling, twice: any positive float excess (at least 1.4e-45) sinks the total below zero. */
    private static final float SINK = 1e30f;
    /** How far below the kernel's total a quick total may be: more than rounding can take it. */
    static final double MARGIN = 4e-6;
    /** Hosts per lane on large pools: few enough that a lane looked at is cheap to recompute. */
    private static final int HOSTS_PER_LANE = 32;
    /** Lanes at least: on smaller pools a lane holds fewer hosts (one, below this many). */
    private static final int MIN_LANES = 128;

    private static final int CURRENT_LOAD = 0, CURRENT_LOAD_AND_HEADROOM = 1, PACKING_AND_HEADROOM = 2, PACKING = 3, ANY = 4,
            ANY_UNDER_CEILING = 5;

    final int lanes;
    private final int n, rows;
    private final int mix;
    private final float w0, w1, w3, balance, ceiling;
    /** The ceiling unrounded, for the explanation's exact count of hosts over it. */
    private final double ceilingExact;
    private final boolean hasCeiling;
    private final float[] load, headroom, fill, gate, cpuAheadIfPasses;
    private final double[] cpuAhead;

    /**
     * @param weights the kernel's normalised weights (current load, forecast headroom, balance, packing)
     * @param gate    0 for a host that passes the rules before the load ceiling, −∞ otherwise
     * @param ceiling the live-load filter's CPU ceiling, or +∞ for none (then {@code gate} may let stale hosts pass)
     */
    LaneTotals(double[] weights, CompactTable c, float[] gate, double ceiling, int n) {
        this.n = n;
        lanes = Math.min(n, Math.max(MIN_LANES, (n + HOSTS_PER_LANE - 1) / HOSTS_PER_LANE));
        rows = lanes == 0 ? 0 : (n + lanes - 1) / lanes;
        w0 = (float) weights[0];
        w1 = (float) weights[1];
        w3 = (float) weights[3];
        balance = (float) (weights[2] * c.balanceBound);
        this.ceiling = (float) ceiling;
        ceilingExact = ceiling;
        hasCeiling = ceiling != Double.POSITIVE_INFINITY;
        load = c.quickLoad;
        headroom = c.quickHeadroom;
        fill = c.quickFill;
        cpuAheadIfPasses = c.cpuAheadIfPasses;
        cpuAhead = c.cpuAhead;
        this.gate = gate;
        boolean hasLoad = c.hasLoad();
        mix = !hasLoad ? PACKING // without load, only packing may weigh (FusedKernel#handles), and there is no ceiling
                : w0 > 0 && w1 == 0 && w3 == 0 && !hasCeiling ? CURRENT_LOAD
                : w0 > 0 && w1 > 0 && w3 == 0 && hasCeiling ? CURRENT_LOAD_AND_HEADROOM
                : w0 == 0 && w1 > 0 && w3 > 0 && hasCeiling ? PACKING_AND_HEADROOM
                : hasCeiling ? ANY_UNDER_CEILING
                : ANY; // the ceiling's term left out: with none, a CPU of +∞ would make it ∞ − ∞
    }

    /** The largest quick total of each lane (NaN if any of its hosts' is NaN). */
    double[] maxima() {
        double[] m = new double[lanes];
        Arrays.fill(m, Double.NEGATIVE_INFINITY);
        // The loop over the rows counts rows, by one: stepping a host index by the lane count instead left the inner
        // loops scalar (4.5× slower, measured). Each mix's inner loop calls its own expression, which the JIT inlines.
        for (int row = 0; row < rows; row++) {
            int from = row * lanes, k = Math.min(lanes, n - from);
            switch (mix) {
                case CURRENT_LOAD -> { for (int j = 0; j < k; j++) m[j] = Math.max(m[j], currentLoad(from + j)); }
                case CURRENT_LOAD_AND_HEADROOM -> { for (int j = 0; j < k; j++) m[j] = Math.max(m[j], currentLoadAndHeadroom(from + j)); }
                case PACKING_AND_HEADROOM -> { for (int j = 0; j < k; j++) m[j] = Math.max(m[j], packingAndHeadroom(from + j)); }
                case PACKING -> { for (int j = 0; j < k; j++) m[j] = Math.max(m[j], packing(from + j)); }
                case ANY_UNDER_CEILING -> { for (int j = 0; j < k; j++) m[j] = Math.max(m[j], anyUnderCeiling(from + j)); }
                default -> { for (int j = 0; j < k; j++) m[j] = Math.max(m[j], any(from + j)); }
            }
        }
        return m;
    }

    /** Host i's quick total, as {@link #maxima} computed it. */
    float total(int i) {
        return switch (mix) {
            case CURRENT_LOAD -> currentLoad(i);
            case CURRENT_LOAD_AND_HEADROOM -> currentLoadAndHeadroom(i);
            case PACKING_AND_HEADROOM -> packingAndHeadroom(i);
            case PACKING -> packing(i);
            case ANY_UNDER_CEILING -> anyUnderCeiling(i);
            default -> any(i);
        };
    }

    /** Least-loaded's default: the current-load score, no ceiling. */
    private float currentLoad(int i) {
        return w0 * load[i] + balance + gate[i];
    }

    /** Balanced's default: current load and forecast headroom, under a ceiling. */
    private float currentLoadAndHeadroom(int i) {
        return w0 * load[i] + w1 * headroom[i] + balance - sink(cpuAheadIfPasses[i]);
    }

    /** Packing's default: the packing fill and forecast headroom, under a ceiling. */
    private float packingAndHeadroom(int i) {
        return w1 * headroom[i] + w3 * fill[i] + balance - sink(cpuAheadIfPasses[i]);
    }

    /** A table without load: the packing fill alone. */
    private float packing(int i) {
        return w3 * fill[i] + balance + gate[i];
    }

    /** Any other mix, with load and a ceiling: every score, weighted (0 for the scorers not configured). */
    private float anyUnderCeiling(int i) {
        return w0 * load[i] + w1 * headroom[i] + w3 * fill[i] + balance - sink(cpuAheadIfPasses[i]);
    }

    /** Any other mix, with load and no ceiling. */
    private float any(int i) {
        return w0 * load[i] + w1 * headroom[i] + w3 * fill[i] + balance + gate[i];
    }

    /**
     * What a host's total loses to the ceiling: with e the excess of its CPU ahead, (e + |e|) · SINK · SINK, which is
     * 0 or at least 2.8e15 (|e| is one instruction where Java's max takes several: the sweep a third faster, measured);
     * +∞ for a host the gate rejects. NaN for a CPU of −∞ or NaN, which makes the lane looked at and the exact rules
     * decide.
     */
    private float sink(float cpuAhead) {
        float excess = cpuAhead - ceiling;
        return (excess + Math.abs(excess)) * SINK * SINK;
    }

    /**
     * How many hosts pass the gate but not the ceiling (0 without a ceiling), by the exact CPU ahead: any positive
     * excess times 1e300 twice is at least 1, and a NaN excess is no excess, as for the filter. One loop over every
     * host (counting block by block, the loops' set-up cost nearly as much again, measured). For explanations.
     */
    int overCeiling() {
        if (!hasCeiling) return 0;
        int over = 0;
        for (int i = 0; i < n; i++) over += (int) Math.min(Math.max(cpuAhead[i] + gate[i] - ceilingExact, 0) * 1e300 * 1e300, 1);
        return over;
    }

    /** The first {@code want} hosts over the ceiling (as {@link #overCeiling} counts them), in index order; the scan stops at the last. */
    int[] firstOverCeiling(int want) {
        int[] first = new int[want];
        int kept = 0;
        for (int i = 0; i < n && kept < want; i++) if (cpuAhead[i] + gate[i] > ceilingExact) first[kept++] = i;
        return kept == want ? first : Arrays.copyOf(first, kept);
    }
}
