package io.berth.metrics;

/**
 * Ordinary least squares line through a window, with x = 0, 1, …, n-1 (oldest to newest).
 *
 * <p>Definition, with x̄ = (n-1)/2 and ȳ the mean of the window:
 * <pre>
 *   b = Σ (x_i - x̄)(y_i - ȳ) / Σ (x_i - x̄)²        (Σ (x_i - x̄)² = n(n²-1)/12)
 *   a = ȳ - b·x̄
 *   predict(k) = a + b·(n - 1 + k)                  (k steps after the newest point)
 * </pre>
 * Short windows: n = 1 gives the flat line through the only point (forecast = last value);
 * n = 0 gives {@code NaN}. n = 2 is the line through both points.
 */
public final class LinearRegression {
    private LinearRegression() {}

    public static LineFit fit(double[] y) {
        return fit(y, 0, y.length);
    }

    public static LineFit fit(double[] y, int offset, int length) {
        Ranges.check(y, offset, length);
        if (length == 0) {
            return LineFit.EMPTY;
        }
        if (length == 1) {
            return new LineFit(y[offset], 0, 1);
        }
        double slope = slope(y, offset, length);
        double meanY = mean(y, offset, length);
        double meanX = (length - 1) / 2.0;
        return new LineFit(meanY - slope * meanX, slope, length);
    }

    /** {@code fit(y, offset, length).predict(stepsAhead)} without allocating. */
    public static double forecast(double[] y, int offset, int length, double stepsAhead) {
        Ranges.check(y, offset, length);
        if (length == 0) {
            return Double.NaN;
        }
        double last = y[offset + length - 1];
        if (length == 1) {
            return last;
        }
        double slope = slope(y, offset, length);
        double meanX = (length - 1) / 2.0;
        // a + b(n-1+k) = ȳ + b(n-1+k - x̄)
        return mean(y, offset, length) + slope * (length - 1 + stepsAhead - meanX);
    }

    private static double slope(double[] y, int offset, int n) {
        double meanX = (n - 1) / 2.0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - meanX) * y[offset + i]; // Σ(x-x̄)(y-ȳ) = Σ(x-x̄)y because Σ(x-x̄) = 0
        }
        double sxx = n * ((double) n * n - 1) / 12.0;
        return sxy / sxx;
    }

    private static double mean(double[] y, int offset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += y[offset + i];
        }
        return sum / n;
    }
}
