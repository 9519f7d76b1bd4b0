package io.berth.metrics;

/**
 * The incremental form of {@link Ewma}: feed samples one at a time, read the average at any point.
 * Same definition (seeded with the first sample), no allocation per update.
 * Not thread-safe: the owner (one host's state in {@link LoadMonitor}) guards it.
 */
public final class EwmaState {
    private final double alpha;
    private double value = Double.NaN;
    private long count;

    public EwmaState(double alpha) {
        Ewma.checkAlpha(alpha);
        this.alpha = alpha;
    }

    /** Folds one sample in and returns the new average. */
    public double update(double x) {
        value = count == 0 ? x : alpha * x + (1 - alpha) * value;
        count++;
        return value;
    }

    /** The current average; {@code NaN} before the first sample. */
    public double value() {
        return value;
    }

    /** How many samples have been folded in. */
    public long count() {
        return count;
    }

    public double alpha() {
        return alpha;
    }

    /** Back to the state before the first sample. */
    public void reset() {
        value = Double.NaN;
        count = 0;
    }
}
