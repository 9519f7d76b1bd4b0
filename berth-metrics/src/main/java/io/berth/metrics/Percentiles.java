package io.berth.metrics;

import java.util.Arrays;

/**
 * Sample quantiles with linear interpolation between order statistics
 * (Hyndman &amp; Fan type 7, R's default {@code quantile()}, numpy's default {@code percentile}).
 *
 * <p>Definition, for the sorted values x<sub>(0)</sub> ≤ … ≤ x<sub>(n-1)</sub> and q in [0, 1]:
 * <pre>
 *   h = (n - 1) * q
 *   Q(q) = x_(floor h) + (h - floor h) * (x_(floor h + 1) - x_(floor h))
 * </pre>
 * (the second term vanishes when h is whole, so x<sub>(n)</sub> is never read).
 * Q(0) is the minimum, Q(1) the maximum, and Q is monotone in q.
 *
 * <p>Short series: n = 0 gives {@code NaN}; n = 1 gives x<sub>0</sub> for every q.
 *
 * <p>The {@code *Sorted} methods expect ascending input and neither copy nor allocate; the others
 * copy the slice, sort the copy and leave the caller's array alone.
 */
public final class Percentiles {
    private Percentiles() {}

    /** Type-7 quantile of ascending {@code sorted[offset .. offset+length-1]}. */
    public static double quantileSorted(double[] sorted, int offset, int length, double q) {
        checkQ(q);
        Ranges.check(sorted, offset, length);
        if (length == 0) {
            return Double.NaN;
        }
        double h = (length - 1) * q;
        int lo = (int) Math.floor(h);
        double fraction = h - lo;
        double below = sorted[offset + lo];
        if (fraction == 0 || lo + 1 >= length) {
            return below;
        }
        double above = sorted[offset + lo + 1];
        // Rounding in the interpolation could step a hair outside [below, above]; clamping keeps the
        // quantile monotone in q and inside [min, max] exactly, not just up to rounding.
        return Math.min(above, Math.max(below, below + fraction * (above - below)));
    }

    public static double quantileSorted(double[] sorted, double q) {
        return quantileSorted(sorted, 0, sorted.length, q);
    }

    /** Type-7 quantile of an unsorted slice (sorts a copy). */
    public static double quantile(double[] x, int offset, int length, double q) {
        checkQ(q);
        Ranges.check(x, offset, length);
        double[] copy = Arrays.copyOfRange(x, offset, offset + length);
        Arrays.sort(copy);
        return quantileSorted(copy, 0, length, q);
    }

    public static double quantile(double[] x, double q) {
        return quantile(x, 0, x.length, q);
    }

    public static double median(double[] x) {
        return quantile(x, 0.5);
    }

    public static double p90(double[] x) {
        return quantile(x, 0.9);
    }

    public static double p95(double[] x) {
        return quantile(x, 0.95);
    }

    public static double medianSorted(double[] sorted, int offset, int length) {
        return quantileSorted(sorted, offset, length, 0.5);
    }

    private static void checkQ(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile q must be in [0, 1], was " + q);
        }
    }
}
