package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalRegressionTest {
    /** EPSILON moves the fits by ~1e-11 relative to the span-1 Loess the comments compute, far below this. */
    static final double EPS = 1e-9;

    @Test
    void tricubeWeights() {
        // n = 4: d = 3 2 1 0, d_max = 3 (·(1 + 1e-12))
        // w = (1 - 1)³ = 0, (1 - 8/27)³ = (19/27)³, (1 - 1/27)³ = (26/27)³, 1
        assertThat(LocalRegression.tricubeWeight(0, 4)).isCloseTo(0, within(EPS));
        assertThat(LocalRegression.tricubeWeight(0, 4)).isPositive();
        assertThat(LocalRegression.tricubeWeight(1, 4)).isCloseTo(6859.0 / 19683, within(EPS));
        assertThat(LocalRegression.tricubeWeight(2, 4)).isCloseTo(17576.0 / 19683, within(EPS));
        assertThat(LocalRegression.tricubeWeight(3, 4)).isEqualTo(1);
    }

    @Test
    void fourPoints() {
        // y = 5 1 2 4; weights ×19683 = 0, 6859, 17576, 19683 (scaling weights does not change the fit)
        // Σw = 44118; Σwx = 6859 + 2·17576 + 3·19683 = 101060; Σwy = 6859 + 2·17576 + 4·19683 = 120743
        // Σwx² = 6859 + 4·17576 + 9·19683 = 254310; Σwxy = 6859 + 4·17576 + 12·19683 = 313359
        // Sxx = 254310 - 101060²/44118 = 22814.38370
        // Sxy = 313359 - 101060·120743/44118 = 36776.02752
        // b = Sxy/Sxx = 1.611966731; a = (120743 - b·101060)/44118 = -0.955672466
        // predict(1) = a + 4b = 5.492194459; predict(3) = a + 6b = 8.716127922
        double[] y = {5, 1, 2, 4};
        LineFit fit = LocalRegression.fit(y);
        assertThat(fit.slope()).isCloseTo(1.611966731317488, within(EPS));
        assertThat(fit.intercept()).isCloseTo(-0.9556724662710309, within(EPS));
        assertThat(fit.predict(1)).isCloseTo(5.492194458998921, within(EPS));
        assertThat(LocalRegression.forecast(y, 0, 4, 3)).isCloseTo(8.716127921633896, within(EPS));
    }

    @Test
    void fivePoints() {
        // y = 1 3 2 4 6; n = 5, d_max = 4: w = 0, (37/64)³, (7/8)³, (63/64)³, 1
        // weights ×262144 = 0, 50653, 175616, 250047, 262144
        // Σw = 738460; Σwx = 50653 + 351232 + 750141 + 1048576 = 2200602
        // Σwy = 3·50653 + 2·175616 + 4·250047 + 6·262144 = 151959 + 351232 + 1000188 + 1572864 = 3076243
        // Σwx² = 50653 + 4·175616 + 9·250047 + 16·262144 = 7197844
        // Σwxy = 3·50653 + 4·175616 + 12·250047 + 24·262144 = 10146443
        // Sxx = 7197844 - 2200602²/738460 = 640076.2639; Sxy = 10146443 - 2200602·3076243/738460 = 979275.5186
        // b = 1.529935687; a = (3076243 - b·2200602)/738460 = -0.393435708
        // predict(0) = a + 4b = 5.726307040; predict(2) = a + 6b = 8.786178415
        double[] y = {1, 3, 2, 4, 6};
        assertThat(LocalRegression.forecast(y, 0, 5, 0)).isCloseTo(5.726307040498994, within(EPS));
        assertThat(LocalRegression.forecast(y, 0, 5, 2)).isCloseTo(8.78617841482394, within(EPS));
    }

    @Test
    void threePointsIsTheLineThroughTheNewestTwo() {
        // n = 3: w = 0, (7/8)³, 1 -> only points 1 and 2 carry weight; line through (1, 1) and (2, 2)
        assertThat(LocalRegression.forecast(new double[] {9, 1, 2}, 0, 3, 1)).isCloseTo(3, within(EPS));
    }

    @Test
    void newestPointsWeighMoreThanInPlainLeastSquares() {
        // A level shift at the end: local regression follows it more than OLS over the same window.
        double[] y = {0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.6, 0.6};
        assertThat(LocalRegression.forecast(y, 0, y.length, 0))
                .isGreaterThan(LinearRegression.forecast(y, 0, y.length, 0));
    }

    @Test
    void shortWindows() {
        assertThat(LocalRegression.forecast(new double[0], 0, 0, 1)).isNaN();
        assertThat(LocalRegression.forecast(new double[] {0.3}, 0, 1, 5)).isEqualTo(0.3);
        // two points: line through both, 0.2 + 0.3x; 2 ahead of x = 1 -> 0.2 + 0.9 = 1.1
        assertThat(LocalRegression.forecast(new double[] {0.2, 0.5}, 0, 2, 2)).isCloseTo(1.1, within(EPS));
        assertThat(LocalRegression.fit(new double[] {0.2, 0.5}).slope()).isCloseTo(0.3, within(EPS));
    }

    @Test
    void constantSeries() {
        assertThat(LocalRegression.forecast(new double[] {0.7, 0.7, 0.7, 0.7, 0.7, 0.7}, 0, 6, 4)).isCloseTo(0.7, within(EPS));
    }

    @Test
    void allocationFreeFormAgreesAndUsesTheSliceOnly() {
        double[] y = {-100, 5, 1, 2, 4, 100};
        double[] scratch = new double[6];
        assertThat(LocalRegression.forecast(y, 1, 4, 1, scratch)).isCloseTo(5.492194458998921, within(EPS));
    }
}
