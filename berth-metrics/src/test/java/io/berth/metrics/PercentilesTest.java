package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PercentilesTest {
    static final double EPS = 1e-12;

    @Test
    void oddLength() {
        double[] x = {3, 1, 4, 1, 5}; // sorted 1 1 3 4 5, n = 5, h = 4q
        assertThat(Percentiles.median(x)).isEqualTo(3);                         // h = 2   -> x(2) = 3
        assertThat(Percentiles.p90(x)).isCloseTo(4.6, within(EPS));            // h = 3.6 -> 4 + 0.6·(5-4)
        assertThat(Percentiles.p95(x)).isCloseTo(4.8, within(EPS));            // h = 3.8 -> 4 + 0.8·(5-4)
        assertThat(Percentiles.quantile(x, 0.25)).isEqualTo(1);                 // h = 1   -> x(1) = 1
        assertThat(Percentiles.quantile(x, 0.75)).isEqualTo(4);                 // h = 3   -> x(3) = 4
        assertThat(Percentiles.quantile(x, 0)).isEqualTo(1);
        assertThat(Percentiles.quantile(x, 1)).isEqualTo(5);
        assertThat(x).containsExactly(3, 1, 4, 1, 5); // the caller's array is not sorted in place
    }

    @Test
    void evenLengthInterpolates() {
        double[] x = {40, 10, 30, 20}; // sorted 10 20 30 40, h = 3q
        assertThat(Percentiles.median(x)).isCloseTo(25, within(EPS));           // h = 1.5  -> 20 + 0.5·10
        assertThat(Percentiles.p90(x)).isCloseTo(37, within(EPS));              // h = 2.7  -> 30 + 0.7·10
        assertThat(Percentiles.p95(x)).isCloseTo(38.5, within(EPS));            // h = 2.85 -> 30 + 0.85·10
        assertThat(Percentiles.quantile(x, 0.25)).isCloseTo(17.5, within(EPS)); // h = 0.75 -> 10 + 0.75·10
        assertThat(Percentiles.quantile(x, 0.75)).isCloseTo(32.5, within(EPS)); // h = 2.25 -> 30 + 0.25·10
    }

    @Test
    void shortSeries() {
        assertThat(Percentiles.median(new double[0])).isNaN();
        assertThat(Percentiles.p95(new double[] {7})).isEqualTo(7);
        assertThat(Percentiles.quantile(new double[] {7}, 0)).isEqualTo(7);
        // n = 2: h = q -> 2 + q·(4 - 2)
        assertThat(Percentiles.median(new double[] {4, 2})).isCloseTo(3, within(EPS));
        assertThat(Percentiles.p95(new double[] {4, 2})).isCloseTo(3.9, within(EPS));
    }

    @Test
    void constantSeries() {
        double[] x = {0.5, 0.5, 0.5};
        assertThat(Percentiles.median(x)).isEqualTo(0.5);
        assertThat(Percentiles.p95(x)).isEqualTo(0.5);
    }

    @Test
    void sortedSliceNeedsNoCopy() {
        double[] sorted = {-1, 10, 20, 30, 40, 99};
        // slice 10 20 30 40: h = 2.7 -> 37
        assertThat(Percentiles.quantileSorted(sorted, 1, 4, 0.9)).isCloseTo(37, within(EPS));
    }

    @Test
    void qOutsideZeroOneIsRejected() {
        assertThatThrownBy(() -> Percentiles.quantile(new double[] {1}, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.quantile(new double[] {1}, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.quantile(new double[] {1}, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSliceIsRejected() {
        assertThatThrownBy(() -> Percentiles.quantile(new double[3], 2, 2, 0.5)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
