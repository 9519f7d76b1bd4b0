package io.berth.metrics;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EstimatorPropertiesTest {

    @Provide
    Arbitrary<double[]> series() {
        return Arbitraries.doubles().between(-1e6, 1e6).array(double[].class).ofMinSize(1).ofMaxSize(60);
    }

    @Property
    void quantilesAreMonotoneInQAndWithinMinMax(@ForAll("series") double[] x,
                                                 @ForAll @DoubleRange(min = 0, max = 1) double q1,
                                                 @ForAll @DoubleRange(min = 0, max = 1) double q2) {
        double lo = Math.min(q1, q2);
        double hi = Math.max(q1, q2);
        double min = Arrays.stream(x).min().orElseThrow();
        double max = Arrays.stream(x).max().orElseThrow();
        double qLo = Percentiles.quantile(x, lo);
        double qHi = Percentiles.quantile(x, hi);
        assertThat(qLo).isLessThanOrEqualTo(qHi);
        assertThat(qLo).isBetween(min, max);
        assertThat(qHi).isBetween(min, max);
        assertThat(Percentiles.quantile(x, 0)).isEqualTo(min);
        assertThat(Percentiles.quantile(x, 1)).isEqualTo(max);
    }

    @Property
    void madAndIqrAreNonNegative(@ForAll("series") double[] x) {
        assertThat(Dispersion.mad(x)).isGreaterThanOrEqualTo(0);
        assertThat(Dispersion.iqr(x)).isGreaterThanOrEqualTo(0);
    }

    @Property
    void madAndIqrAreZeroForAConstantSeries(@ForAll @DoubleRange(min = -1e6, max = 1e6) double c,
                                            @ForAll @IntRange(min = 1, max = 60) int n) {
        double[] x = new double[n];
        Arrays.fill(x, c);
        assertThat(Dispersion.mad(x)).isZero();
        assertThat(Dispersion.iqr(x)).isZero();
    }

    @Property
    void theMergeBasedMadEqualsSortingTheDeviations(@ForAll("series") double[] x) {
        double m = Percentiles.median(x);
        double[] deviations = Arrays.stream(x).map(v -> Math.abs(v - m)).toArray();
        assertThat(Dispersion.mad(x)).isEqualTo(Percentiles.median(deviations));
    }

    @Property
    void leastSquaresRecoversANoiselessLine(@ForAll @DoubleRange(min = -100, max = 100) double a,
                                            @ForAll @DoubleRange(min = -10, max = 10) double b,
                                            @ForAll @IntRange(min = 2, max = 120) int n) {
        double[] y = line(a, b, n);
        double tolerance = 1e-9 * (1 + Math.abs(a) + Math.abs(b) * n);
        LineFit fit = LinearRegression.fit(y);
        assertThat(fit.intercept()).isCloseTo(a, within(tolerance));
        assertThat(fit.slope()).isCloseTo(b, within(tolerance));
        assertThat(LinearRegression.forecast(y, 0, n, 3)).isCloseTo(a + b * (n + 2), within(tolerance));
    }

    @Property
    void localRegressionsRecoverANoiselessLineToo(@ForAll @DoubleRange(min = -100, max = 100) double a,
                                                  @ForAll @DoubleRange(min = -10, max = 10) double b,
                                                  @ForAll @IntRange(min = 2, max = 120) int n) {
        double[] y = line(a, b, n);
        double tolerance = 1e-7 * (1 + Math.abs(a) + Math.abs(b) * n);
        double expected = a + b * (n - 1 + 3);
        assertThat(LocalRegression.forecast(y, 0, n, 3)).isCloseTo(expected, within(tolerance));
        assertThat(RobustLocalRegression.forecast(y, 0, n, 3)).isCloseTo(expected, within(tolerance));
    }

    @Property
    void robustFitOfAnyWindowIsFinite(@ForAll("series") double[] y) {
        // Reweighting may zero many points; the fit must fall back, never produce NaN.
        assertThat(RobustLocalRegression.forecast(y, 0, y.length, 3)).isFinite();
        assertThat(LocalRegression.forecast(y, 0, y.length, 3)).isFinite();
    }

    @Property
    void incrementalEwmaEqualsTheBatchForm(@ForAll("series") double[] x,
                                           @ForAll @DoubleRange(min = 0.01, max = 1) double alpha) {
        EwmaState s = new EwmaState(alpha);
        for (double v : x) {
            s.update(v);
        }
        assertThat(s.value()).isEqualTo(Ewma.of(x, alpha));
    }

    @Property
    void ringBufferHoldsExactlyTheLastCapacityValuesInOrder(@ForAll @IntRange(min = 1, max = 20) int capacity,
                                                           @ForAll @Size(max = 100) List<@DoubleRange(min = 0, max = 2) Double> values,
                                                           @ForAll @IntRange(min = 0, max = 25) int n) {
        SampleWindow w = new SampleWindow(capacity);
        for (int i = 0; i < values.size(); i++) {
            w.add(i, values.get(i));
        }
        int kept = Math.min(capacity, values.size());
        double[] expected = values.subList(values.size() - kept, values.size()).stream()
                .mapToDouble(Double::doubleValue).toArray();
        double[] all = new double[capacity];
        assertThat(w.size()).isEqualTo(kept);
        assertThat(w.copyValues(all)).isEqualTo(kept);
        assertThat(Arrays.copyOf(all, kept)).containsExactly(expected);

        int lastCount = Math.min(n, kept);
        double[] last = new double[capacity];
        assertThat(w.lastN(n, last)).isEqualTo(lastCount);
        assertThat(Arrays.copyOf(last, lastCount)).containsExactly(Arrays.copyOfRange(expected, kept - lastCount, kept));
        if (kept > 0) {
            assertThat(w.latest()).isEqualTo(expected[kept - 1]);
            assertThat(w.latestTimeMillis()).isEqualTo(values.size() - 1);
            assertThat(w.timeMillis(0)).isEqualTo(values.size() - kept);
        }
    }

    private static double[] line(double a, double b, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = a + b * i;
        }
        return y;
    }
}
