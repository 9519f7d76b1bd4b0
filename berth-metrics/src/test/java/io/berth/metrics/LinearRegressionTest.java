package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearRegressionTest {
    static final double EPS = 1e-12;

    @Test
    void fourPoints() {
        // y = 1 3 2 5 at x = 0 1 2 3; x̄ = 1.5, ȳ = 11/4 = 2.75
        // Σ(x-x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5
        // Σ(x-x̄)(y-ȳ) = -1.5·1 - 0.5·3 + 0.5·2 + 1.5·5 = -1.5 - 1.5 + 1 + 7.5 = 5.5   (Σ(x-x̄)ȳ = 0)
        // b = 5.5 / 5 = 1.1; a = 2.75 - 1.1·1.5 = 1.1
        LineFit fit = LinearRegression.fit(new double[] {1, 3, 2, 5});
        assertThat(fit.slope()).isCloseTo(1.1, within(EPS));
        assertThat(fit.intercept()).isCloseTo(1.1, within(EPS));
        assertThat(fit.predict(0)).isCloseTo(4.4, within(EPS)); // 1.1 + 1.1·3
        assertThat(fit.predict(1)).isCloseTo(5.5, within(EPS)); // 1.1 + 1.1·4
        assertThat(fit.predict(3)).isCloseTo(7.7, within(EPS)); // 1.1 + 1.1·6
        assertThat(LinearRegression.forecast(new double[] {1, 3, 2, 5}, 0, 4, 1)).isCloseTo(5.5, within(EPS));
    }

    @Test
    void falling() {
        // y = 0.9 0.7 0.6 at x = 0 1 2; x̄ = 1, ȳ = 2.2/3
        // Σ(x-x̄)y = -0.9 + 0 + 0.6 = -0.3; Σ(x-x̄)² = 2 -> b = -0.15
        // forecast 2 ahead: ȳ + b·(2 + 2 - 1) = 0.733333… - 0.45 = 0.283333…
        assertThat(LinearRegression.forecast(new double[] {0.9, 0.7, 0.6}, 0, 3, 2)).isCloseTo(2.2 / 3 - 0.45, within(EPS));
    }

    @Test
    void sliceOfALongerArray() {
        double[] y = {99, 1, 3, 2, 5, -99};
        assertThat(LinearRegression.forecast(y, 1, 4, 1)).isCloseTo(5.5, within(EPS));
    }

    @Test
    void shortWindows() {
        assertThat(LinearRegression.forecast(new double[0], 0, 0, 3)).isNaN();
        assertThat(LinearRegression.fit(new double[0]).predict(3)).isNaN();
        // one point: flat line, forecast = last value
        assertThat(LinearRegression.forecast(new double[] {0.4}, 0, 1, 3)).isEqualTo(0.4);
        assertThat(LinearRegression.fit(new double[] {0.4}).slope()).isZero();
        // two points: the line through them, 0.2 + 0.3x; three steps after x = 1 is x = 4 -> 1.4
        LineFit two = LinearRegression.fit(new double[] {0.2, 0.5});
        assertThat(two.intercept()).isCloseTo(0.2, within(EPS));
        assertThat(two.slope()).isCloseTo(0.3, within(EPS));
        assertThat(two.predict(3)).isCloseTo(1.4, within(EPS));
    }

    @Test
    void constantSeriesIsFlat() {
        LineFit fit = LinearRegression.fit(new double[] {0.5, 0.5, 0.5, 0.5, 0.5});
        assertThat(fit.slope()).isCloseTo(0, within(EPS));
        assertThat(fit.predict(10)).isCloseTo(0.5, within(EPS));
    }
}
