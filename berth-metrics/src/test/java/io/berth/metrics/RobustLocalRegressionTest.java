package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RobustLocalRegressionTest {
    static final double EPS = 1e-9;

    /** y = 0.2 + 0.02x for x = 0..9, except a spike of +0.5 at x = 7. */
    static double[] trendWithSpike(double spike) {
        double[] y = new double[10];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.2 + 0.02 * i;
        }
        y[7] += spike;
        return y;
    }

    @Test
    void anUpwardSpikeIsIgnoredWhereThePlainFitIsPulledUp() {
        double[] y = trendWithSpike(0.5);
        // Plain tricube fit: a = 0.201407, b = 0.033020 (the spike, heavily weighted near the end, steepens it).
        // Its residuals: -0.0014 -0.0144 -0.0274 -0.0405 -0.0535 -0.0665 -0.0795 +0.4075 -0.1056 -0.1186
        // sorted |r|: …, 0.053486, 0.066506, … -> median = (0.053486 + 0.066506)/2 = 0.059996; 6s = 0.35997
        // |r_7| = 0.4075 > 6s -> bisquare weight 0; the other nine lie exactly on 0.2 + 0.02x and all keep
        // positive weight, so the refit is exactly that line. Next iteration: residuals 0 except r_7 -> s = 0, stop.
        // Forecast 3 ahead of x = 9: 0.2 + 0.02·12 = 0.44.
        double plain = LocalRegression.forecast(y, 0, y.length, 3);
        double robust = RobustLocalRegression.forecast(y, 0, y.length, 3);
        assertThat(robust).isCloseTo(0.44, within(EPS));
        assertThat(plain).isCloseTo(0.201407039 + 0.033019722 * 12, within(1e-6)).isGreaterThan(robust + 0.1);

        LineFit fit = RobustLocalRegression.fit(y);
        assertThat(fit.intercept()).isCloseTo(0.2, within(EPS));
        assertThat(fit.slope()).isCloseTo(0.02, within(EPS));
    }

    @Test
    void aDownwardSpikeIsIgnoredWhereThePlainFitIsPulledDown() {
        // Mirror image: the plain forecast drops below the trend, the robust one stays on it.
        double[] y = trendWithSpike(-0.5);
        double plain = LocalRegression.forecast(y, 0, y.length, 3);
        double robust = RobustLocalRegression.forecast(y, 0, y.length, 3);
        assertThat(robust).isCloseTo(0.44, within(EPS));
        assertThat(plain).isLessThan(robust - 0.1);
    }

    @Test
    void zeroIterationsIsThePlainLocalRegression() {
        double[] y = trendWithSpike(0.5);
        assertThat(RobustLocalRegression.fit(y, 0, y.length, 0).predict(3))
                .isCloseTo(LocalRegression.forecast(y, 0, y.length, 3), within(EPS));
    }

    @Test
    void withoutOutliersItAgreesWithThePlainFit() {
        // Exact line: residuals are 0, the robustness step stops at once and keeps the tricube fit.
        double[] y = {0.1, 0.15, 0.2, 0.25, 0.3, 0.35};
        assertThat(RobustLocalRegression.forecast(y, 0, y.length, 2)).isCloseTo(0.45, within(EPS));
        assertThat(RobustLocalRegression.forecast(y, 0, y.length, 2))
                .isCloseTo(LocalRegression.forecast(y, 0, y.length, 2), within(EPS));
    }

    @Test
    void shortWindowsAndConstants() {
        assertThat(RobustLocalRegression.forecast(new double[0], 0, 0, 1)).isNaN();
        assertThat(RobustLocalRegression.forecast(new double[] {0.3}, 0, 1, 4)).isEqualTo(0.3);
        assertThat(RobustLocalRegression.forecast(new double[] {0.2, 0.5}, 0, 2, 2)).isCloseTo(1.1, within(EPS));
        assertThat(RobustLocalRegression.forecast(new double[] {0.6, 0.6, 0.6, 0.6}, 0, 4, 3)).isCloseTo(0.6, within(EPS));
    }

    @Test
    void allocationFreeFormAgrees() {
        double[] y = trendWithSpike(0.5);
        double[] scratch = new double[RobustLocalRegression.scratchSize(y.length)];
        assertThat(RobustLocalRegression.forecast(y, 0, y.length, 3, 2, scratch)).isCloseTo(0.44, within(EPS));
    }
}
