package io.berth.metrics;

/**
 * Local linear regression (Loess, Cleveland 1979) evaluated at the END of a window: the forecast
 * behind Beloglazov &amp; Buyya's (2012) "LR" overload detector.
 *
 * <p>Definition, for a window y<sub>0</sub> … y<sub>n-1</sub> with x<sub>i</sub> = i:
 * <pre>
 *   d_i   = (n - 1) - i                        distance of x_i from the newest point
 *   d_max = (n - 1)·(1 + EPSILON)              distance of the oldest point, widened by EPSILON = 1e-12
 *   w_i   = (1 - (d_i / d_max)³)³              tricube weight: 1 at the newest point, ~0 at the oldest
 *   (a, b) = argmin Σ w_i (y_i - a - b·x_i)²   weighted least squares
 *   predict(k) = a + b·(n - 1 + k)
 * </pre>
 * Why EPSILON: with d_max exactly the oldest point's distance (span-1 Loess) the oldest weight is exactly 0,
 * so the weighted problem for n points really has n - 1, and a two-point window has no slope at all.
 * Widening d_max by a relative 1e-12 keeps every weight strictly positive (the oldest is about
 * 27·EPSILON³) while moving every other weight, and so every fit, by no more than about 1e-11 relative:
 * to double precision the result is the textbook span-1 Loess. EPSILON is relative, so the choice does
 * not depend on the window length. A weight that small cannot carry a numeric fit by itself, so the
 * two-point window is computed directly as the line through both points, which is what weighted least
 * squares gives for any two positive weights.
 *
 * <p>Short windows: n = 0 gives {@code NaN}; n = 1 gives the last value; n = 2 gives the line
 * through both points (what weighted least squares gives for any two positive weights).
 * A consequence of the tricube weights: for n = 3 the oldest point's weight is negligible and the
 * fit is the line through the two newest points.
 */
public final class LocalRegression {
    /** Relative widening of the bandwidth past the oldest point; see the class comment. */
    public static final double EPSILON = 1e-12;

    private LocalRegression() {}

    /** The tricube weight of point i in a window of n (see the class comment). */
    public static double tricubeWeight(int i, int n) {
        double dMax = (n - 1) * (1 + EPSILON);
        double u = ((n - 1) - i) / dMax;
        double t = 1 - u * u * u;
        return t * t * t;
    }

    public static LineFit fit(double[] y) {
        return fit(y, 0, y.length);
    }

    public static LineFit fit(double[] y, int offset, int length) {
        Ranges.check(y, offset, length);
        double[] scratch = new double[length + 2];
        if (!fitInto(y, offset, length, scratch, 0)) {
            return shortWindowFit(y, offset, length);
        }
        return new LineFit(scratch[length], scratch[length + 1], length);
    }

    /** {@code fit(y, offset, length).predict(stepsAhead)}; allocates a small scratch array. */
    public static double forecast(double[] y, int offset, int length, double stepsAhead) {
        Ranges.check(y, offset, length);
        return forecast(y, offset, length, stepsAhead, new double[length + 2]);
    }

    /**
     * The allocation-free forecast.
     *
     * @param scratch at least {@code length + 2} slots, overwritten
     */
    public static double forecast(double[] y, int offset, int length, double stepsAhead, double[] scratch) {
        Ranges.check(y, offset, length);
        Ranges.checkScratch(scratch, length + 2);
        if (!fitInto(y, offset, length, scratch, 0)) {
            return shortWindowFit(y, offset, length).predict(stepsAhead);
        }
        return scratch[length] + scratch[length + 1] * (length - 1 + stepsAhead);
    }

    /**
     * Writes the tricube weights to {@code scratch[s .. s+n-1]} and a, b to {@code scratch[s+n], scratch[s+n+1]}.
     * Returns false for windows too short for a weighted fit (n &lt; 3), which the callers treat exactly.
     */
    static boolean fitInto(double[] y, int offset, int n, double[] scratch, int s) {
        if (n < 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            scratch[s + i] = tricubeWeight(i, n);
        }
        // n >= 3 puts non-negligible weight on at least two x values, so the fit is determined.
        return WeightedLine.fit(y, offset, n, scratch, s, scratch, s + n);
    }

    /** n = 0: NaN; n = 1: flat through the point; n = 2: the line through both points. */
    static LineFit shortWindowFit(double[] y, int offset, int n) {
        return switch (n) {
            case 0 -> LineFit.EMPTY;
            case 1 -> new LineFit(y[offset], 0, 1);
            case 2 -> new LineFit(y[offset], y[offset + 1] - y[offset], 2);
            default -> throw new IllegalStateException("a window of " + n + " points has a weighted fit");
        };
    }
}
