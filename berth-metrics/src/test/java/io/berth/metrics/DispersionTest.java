package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DispersionTest {
    static final double EPS = 1e-12;

    @Test
    void outlierBarelyMovesMadOrIqr() {
        double[] x = {1, 2, 3, 4, 100};
        // median 3; |x - 3| = 2 1 0 1 97 -> sorted 0 1 1 2 97 -> median 1
        assertThat(Dispersion.mad(x)).isCloseTo(1, within(EPS));
        // Q1: h = 4·0.25 = 1 -> 2; Q3: h = 3 -> 4; IQR = 2
        assertThat(Dispersion.iqr(x)).isCloseTo(2, within(EPS));
    }

    @Test
    void evenLength() {
        double[] x = {4, 1, 3, 2};
        // median 2.5; |x - 2.5| = 1.5 0.5 0.5 1.5 -> sorted 0.5 0.5 1.5 1.5 -> median (0.5 + 1.5)/2 = 1
        assertThat(Dispersion.mad(x)).isCloseTo(1, within(EPS));
        // sorted 1 2 3 4: Q1 h = 0.75 -> 1.75; Q3 h = 2.25 -> 3.25; IQR = 1.5
        assertThat(Dispersion.iqr(x)).isCloseTo(1.5, within(EPS));
    }

    @Test
    void rawMadHasNoNormalScaleFactor() {
        double[] x = {0.1, 0.2, 0.4, 0.8};
        // median 0.3; deviations 0.2 0.1 0.1 0.5 -> sorted 0.1 0.1 0.2 0.5 -> median 0.15 (not 0.15·1.4826)
        assertThat(Dispersion.mad(x)).isCloseTo(0.15, within(EPS));
    }

    @Test
    void shortSeries() {
        assertThat(Dispersion.mad(new double[0])).isNaN();
        assertThat(Dispersion.iqr(new double[0])).isNaN();
        assertThat(Dispersion.mad(new double[] {0.3})).isZero();
        assertThat(Dispersion.iqr(new double[] {0.3})).isZero();
        // n = 2 {1, 5}: median 3, deviations 2 2 -> MAD 2; Q1 h = 0.25 -> 1 + 0.25·4 = 2, Q3 h = 0.75 -> 4; IQR 2
        assertThat(Dispersion.mad(new double[] {5, 1})).isCloseTo(2, within(EPS));
        assertThat(Dispersion.iqr(new double[] {5, 1})).isCloseTo(2, within(EPS));
    }

    @Test
    void constantSeriesHasNoSpread() {
        double[] x = {0.42, 0.42, 0.42, 0.42, 0.42};
        assertThat(Dispersion.mad(x)).isZero();
        assertThat(Dispersion.iqr(x)).isZero();
    }

    @Test
    void sortedVariantsReadASliceAndUseTheGivenScratch() {
        double[] sorted = {-50, 1, 2, 3, 4, 100, 500};
        double[] scratch = new double[5];
        // slice 1 2 3 4 100, as in the outlier case
        assertThat(Dispersion.madSorted(sorted, 1, 5, scratch, 0)).isCloseTo(1, within(EPS));
        assertThat(scratch).containsExactly(0, 1, 1, 2, 97);
        assertThat(Dispersion.iqrSorted(sorted, 1, 5)).isCloseTo(2, within(EPS));
    }
}
