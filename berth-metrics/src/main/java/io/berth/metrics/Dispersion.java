package io.berth.metrics;

import java.util.Arrays;

/**
 * Robust spread of a window: median absolute deviation and inter-quartile range.
 *
 * <p>Definitions, for values x<sub>0</sub> … x<sub>n-1</sub> and the type-7 quantile Q of {@link Percentiles}:
 * <pre>
 *   MAD = median_i( |x_i - median(x)| )        (raw: NO 1.4826 normal-consistency constant)
 *   IQR = Q(0.75) - Q(0.25)
 * </pre>
 * The MAD is raw on purpose: Beloglazov &amp; Buyya's MAD detector (as in CloudSim) sets the
 * overload threshold to {@code 1 - s·MAD} with the unscaled MAD, so scaling here would silently
 * change that threshold. The median is the same under every common quantile definition, so this
 * MAD matches CloudSim's.
 *
 * <p>The IQR uses type-7 quartiles. CloudSim's own IQR picks quartiles by a different rule (its
 * documentation does not define it), so on short windows its IQR can differ from this one; no
 * CloudSim variant is offered because its method is not publicly specified.
 *
 * <p>Short series: n = 0 gives {@code NaN}; n = 1 gives 0 for both. A constant series gives 0.
 */
public final class Dispersion {
    private Dispersion() {}

    public static double mad(double[] x) {
        return mad(x, 0, x.length);
    }

    /** MAD of an unsorted slice; allocates one working copy. */
    public static double mad(double[] x, int offset, int length) {
        Ranges.check(x, offset, length);
        double[] work = new double[2 * length];
        System.arraycopy(x, offset, work, 0, length);
        Arrays.sort(work, 0, length);
        return madSorted(work, 0, length, work, length);
    }

    /**
     * MAD of ascending {@code sorted[offset .. offset+length-1]} in O(n) without sorting again:
     * the deviations |x<sub>(i)</sub> - m| fall as i rises to the median and rise after it, so they
     * are two sorted runs that one merge puts in order.
     *
     * @param scratch   receives the sorted deviations; needs {@code length} slots from {@code scratchOffset}
     *                  and must not overlap the input slice
     */
    public static double madSorted(double[] sorted, int offset, int length, double[] scratch, int scratchOffset) {
        Ranges.check(sorted, offset, length);
        Ranges.checkScratch(scratch, scratchOffset + length);
        if (length == 0) {
            return Double.NaN;
        }
        double m = Percentiles.medianSorted(sorted, offset, length);
        // Left run: indices below the first value >= m, read backwards (deviation ascending).
        // Right run: the rest, read forwards (deviation ascending).
        int split = offset;
        while (split < offset + length && sorted[split] < m) {
            split++;
        }
        int left = split - 1;
        int right = split;
        for (int k = 0; k < length; k++) {
            double dl = left >= offset ? m - sorted[left] : Double.POSITIVE_INFINITY;
            double dr = right < offset + length ? sorted[right] - m : Double.POSITIVE_INFINITY;
            if (dl <= dr) {
                scratch[scratchOffset + k] = dl;
                left--;
            } else {
                scratch[scratchOffset + k] = dr;
                right++;
            }
        }
        return Percentiles.medianSorted(scratch, scratchOffset, length);
    }

    public static double iqr(double[] x) {
        return iqr(x, 0, x.length);
    }

    /** IQR of an unsorted slice; sorts a copy. */
    public static double iqr(double[] x, int offset, int length) {
        Ranges.check(x, offset, length);
        double[] copy = Arrays.copyOfRange(x, offset, offset + length);
        Arrays.sort(copy);
        return iqrSorted(copy, 0, length);
    }

    /** IQR of an ascending slice; no allocation. */
    public static double iqrSorted(double[] sorted, int offset, int length) {
        return Percentiles.quantileSorted(sorted, offset, length, 0.75)
                - Percentiles.quantileSorted(sorted, offset, length, 0.25);
    }
}
