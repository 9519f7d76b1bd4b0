package io.berth.metrics;

import java.util.Arrays;

/**
 * {@link LocalRegression} made resistant to outliers by Cleveland's (1979) robustness iterations:
 * the forecast behind Beloglazov &amp; Buyya's (2012) "LRR" overload detector.
 *
 * <p>Definition. Start from the tricube fit (a, b) of {@link LocalRegression}. Then, {@code iterations} times:
 * <pre>
 *   r_i = y_i - (a + b·x_i)                    residuals of the current line
 *   s   = median_i |r_i|
 *   δ_i = B(r_i / (6s)),  B(u) = (1 - u²)² for |u| &lt; 1, else 0      bisquare robustness weight
 *   (a, b) = argmin Σ w_i·δ_i (y_i - a - b·x_i)²                      w_i the tricube weights
 * </pre>
 * and predict(k) = a + b·(n - 1 + k). This is a single local fit at the end of the window (the residuals
 * are taken from that one line), not a full Loess smooth with a local fit at every x<sub>i</sub>.
 *
 * <p>Early stops, both of which keep the current line: when 6s ≤ 1e-12·max(1, max|y_i|) the line already
 * passes through at least half the points, so reweighting could only reproduce it; and when the robustness
 * weights leave fewer than two distinct x values with weight, the reweighted fit is undefined.
 *
 * <p>Short windows behave as in {@link LocalRegression}: n = 0 gives {@code NaN}, n = 1 the last value,
 * n = 2 the line through both points (residuals are zero, nothing to reweight).
 */
public final class RobustLocalRegression {
    /** Cleveland's recommendation and the default here. */
    public static final int DEFAULT_ITERATIONS = 2;

    private static final double EXACT_FIT_TOLERANCE = 1e-12;

    private RobustLocalRegression() {}

    /** The scratch size the allocation-free methods need for a window of {@code length}. */
    public static int scratchSize(int length) {
        return 3 * length + 2;
    }

    public static LineFit fit(double[] y) {
        return fit(y, 0, y.length, DEFAULT_ITERATIONS);
    }

    public static LineFit fit(double[] y, int offset, int length, int iterations) {
        Ranges.check(y, offset, length);
        checkIterations(iterations);
        double[] scratch = new double[scratchSize(length)];
        if (!fitInto(y, offset, length, iterations, scratch)) {
            return LocalRegression.shortWindowFit(y, offset, length);
        }
        return new LineFit(scratch[length], scratch[length + 1], length);
    }

    public static double forecast(double[] y, int offset, int length, double stepsAhead) {
        Ranges.check(y, offset, length);
        return forecast(y, offset, length, stepsAhead, DEFAULT_ITERATIONS, new double[scratchSize(length)]);
    }

    /**
     * The allocation-free forecast.
     *
     * @param scratch at least {@link #scratchSize(int) scratchSize(length)} slots, overwritten
     */
    public static double forecast(double[] y, int offset, int length, double stepsAhead, int iterations,
                                  double[] scratch) {
        Ranges.check(y, offset, length);
        checkIterations(iterations);
        Ranges.checkScratch(scratch, scratchSize(length));
        if (!fitInto(y, offset, length, iterations, scratch)) {
            return LocalRegression.shortWindowFit(y, offset, length).predict(stepsAhead);
        }
        return scratch[length] + scratch[length + 1] * (length - 1 + stepsAhead);
    }

    /**
     * Scratch layout for a window of n: [0, n) tricube weights, then a and b, then [n+2, 2n+2) |residuals|
     * (sorted in place for the median), then [2n+2, 3n+2) combined weights w_i·δ_i.
     */
    private static boolean fitInto(double[] y, int offset, int n, int iterations, double[] scratch) {
        if (!LocalRegression.fitInto(y, offset, n, scratch, 0)) {
            return false;
        }
        int ab = n;
        int absResiduals = n + 2;
        int combined = 2 * n + 2;
        double scale = 1;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(y[offset + i]));
        }
        for (int iteration = 0; iteration < iterations; iteration++) {
            double a = scratch[ab];
            double b = scratch[ab + 1];
            for (int i = 0; i < n; i++) {
                scratch[absResiduals + i] = Math.abs(y[offset + i] - (a + b * i));
            }
            Arrays.sort(scratch, absResiduals, absResiduals + n);
            double sixS = 6 * Percentiles.medianSorted(scratch, absResiduals, n);
            if (sixS <= EXACT_FIT_TOLERANCE * scale) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double u = (y[offset + i] - (a + b * i)) / sixS;
                double bisquare = Math.abs(u) < 1 ? (1 - u * u) * (1 - u * u) : 0;
                scratch[combined + i] = scratch[i] * bisquare;
            }
            if (!WeightedLine.fit(y, offset, n, scratch, combined, scratch, ab)) {
                break;
            }
        }
        return true;
    }

    private static void checkIterations(int iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("robustness iterations must be >= 0, was " + iterations);
        }
    }
}
