package io.berth.metrics;

/**
 * Weighted least squares line through a window with x = 0 … n-1, shared by the local regressions.
 * Works on caller-provided arrays so the per-sample paths allocate nothing.
 */
final class WeightedLine {
    private WeightedLine() {}

    /**
     * Fits y = a + b·x minimising Σ w_i (y_i - a - b·x_i)², using centred sums for accuracy.
     *
     * @param weights weight of each point, {@code weights[weightOffset + i]} for point i
     * @param out     receives a at {@code out[outOffset]} and b at {@code out[outOffset + 1]}
     * @return false, leaving {@code out} untouched, when the weights do not pin down a line
     *         (total weight zero, or all weight on a single x)
     */
    static boolean fit(double[] y, int offset, int n, double[] weights, int weightOffset, double[] out, int outOffset) {
        double sw = 0;
        double swx = 0;
        double swy = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[weightOffset + i];
            sw += w;
            swx += w * i;
            swy += w * y[offset + i];
        }
        if (!(sw > 0)) {
            return false;
        }
        double meanX = swx / sw;
        double meanY = swy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[weightOffset + i];
            double dx = i - meanX;
            sxx += w * dx * dx;
            sxy += w * dx * (y[offset + i] - meanY);
        }
        // Below this, the weight sits (numerically) on one x and the slope is noise.
        if (!(sxx > 1e-12 * sw)) {
            return false;
        }
        double b = sxy / sxx;
        out[outOffset] = meanY - b * meanX;
        out[outOffset + 1] = b;
        return true;
    }
}
