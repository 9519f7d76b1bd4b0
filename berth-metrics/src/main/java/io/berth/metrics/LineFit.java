package io.berth.metrics;

/**
 * A fitted straight line {@code y = intercept + slope · x} over a window of {@code points} samples,
 * where x counts samples: x = 0 is the oldest point of the window and x = points - 1 the newest.
 *
 * <p>Windows too short to fit a line are represented so that {@link #predict} still means something:
 * one point gives a flat line through it (the forecast is the last value), no points give {@code NaN}.
 */
public record LineFit(double intercept, double slope, int points) {

    static final LineFit EMPTY = new LineFit(Double.NaN, Double.NaN, 0);

    /** The fitted value at sample position x (x = 0 the oldest point). */
    public double valueAt(double x) {
        return intercept + slope * x;
    }

    /** The fitted value {@code stepsAhead} sampling intervals after the newest point (0 = at it). */
    public double predict(double stepsAhead) {
        return valueAt(points - 1 + stepsAhead);
    }
}
