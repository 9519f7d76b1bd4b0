package io.berth.metrics;

/**
 * Exponentially weighted moving average.
 *
 * <p>Definition, for a series x<sub>0</sub> … x<sub>n-1</sub> and a smoothing factor alpha in (0, 1]:
 * <pre>
 *   s_0 = x_0
 *   s_t = alpha * x_t + (1 - alpha) * s_{t-1}      for t = 1 … n-1
 * </pre>
 * The result is s<sub>n-1</sub>. Seeding with the first value (rather than 0) keeps a freshly
 * sampled host from looking idle while the average warms up.
 *
 * <p>Short series: n = 0 gives {@code NaN} (nothing is known), n = 1 gives x<sub>0</sub>.
 * For per-sample updates without keeping the series use {@link EwmaState}.
 */
public final class Ewma {
    private Ewma() {}

    public static double of(double[] x, double alpha) {
        return of(x, 0, x.length, alpha);
    }

    /** EWMA of {@code x[offset .. offset+length-1]}, oldest first. */
    public static double of(double[] x, int offset, int length, double alpha) {
        checkAlpha(alpha);
        Ranges.check(x, offset, length);
        if (length == 0) {
            return Double.NaN;
        }
        double s = x[offset];
        for (int i = 1; i < length; i++) {
            s = alpha * x[offset + i] + (1 - alpha) * s;
        }
        return s;
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA alpha must be in (0, 1], was " + alpha);
        }
    }
}
