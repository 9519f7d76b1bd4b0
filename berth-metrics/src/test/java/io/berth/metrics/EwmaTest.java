package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EwmaTest {
    static final double EPS = 1e-12;

    @Test
    void halfAndHalfWeighting() {
        // alpha 0.5: s0 = 1; s1 = 0.5·3 + 0.5·1 = 2; s2 = 0.5·2 + 0.5·2 = 2
        assertThat(Ewma.of(new double[] {1, 3, 2}, 0.5)).isCloseTo(2.0, within(EPS));
    }

    @Test
    void alphaPointThree() {
        // s0 = 0.2
        // s1 = 0.3·0.8 + 0.7·0.2   = 0.24 + 0.14   = 0.38
        // s2 = 0.3·0.5 + 0.7·0.38  = 0.15 + 0.266  = 0.416
        // s3 = 0.3·1.0 + 0.7·0.416 = 0.30 + 0.2912 = 0.5912
        assertThat(Ewma.of(new double[] {0.2, 0.8, 0.5, 1.0}, 0.3)).isCloseTo(0.5912, within(EPS));
    }

    @Test
    void alphaOneIsTheLastValue() {
        assertThat(Ewma.of(new double[] {0.9, 0.1, 0.4}, 1.0)).isEqualTo(0.4);
    }

    @Test
    void shortAndConstantSeries() {
        assertThat(Ewma.of(new double[0], 0.3)).isNaN();
        assertThat(Ewma.of(new double[] {0.7}, 0.3)).isEqualTo(0.7);
        // n = 2: s1 = 0.3·0.5 + 0.7·0.1 = 0.15 + 0.07 = 0.22
        assertThat(Ewma.of(new double[] {0.1, 0.5}, 0.3)).isCloseTo(0.22, within(EPS));
        assertThat(Ewma.of(new double[] {0.4, 0.4, 0.4, 0.4}, 0.3)).isCloseTo(0.4, within(EPS));
    }

    @Test
    void sliceIgnoresValuesOutsideIt() {
        // only {3, 2} counts: s0 = 3; s1 = 0.5·2 + 0.5·3 = 2.5
        assertThat(Ewma.of(new double[] {100, 3, 2, -100}, 1, 2, 0.5)).isCloseTo(2.5, within(EPS));
    }

    @Test
    void incrementalStateFollowsTheSameDefinition() {
        EwmaState s = new EwmaState(0.3);
        assertThat(s.value()).isNaN();
        assertThat(s.update(0.2)).isEqualTo(0.2);
        assertThat(s.update(0.8)).isCloseTo(0.38, within(EPS));
        assertThat(s.update(0.5)).isCloseTo(0.416, within(EPS));
        assertThat(s.update(1.0)).isCloseTo(0.5912, within(EPS));
        assertThat(s.count()).isEqualTo(4);
        s.reset();
        assertThat(s.value()).isNaN();
        assertThat(s.update(0.6)).isEqualTo(0.6);
    }

    @Test
    void alphaOutsideZeroOneIsRejected() {
        assertThatThrownBy(() -> new EwmaState(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EwmaState(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ewma.of(new double[] {1}, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
