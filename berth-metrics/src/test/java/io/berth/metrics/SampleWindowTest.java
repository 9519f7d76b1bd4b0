package io.berth.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleWindowTest {

    @Test
    void emptyWindow() {
        SampleWindow w = new SampleWindow(3);
        assertThat(w.size()).isZero();
        assertThat(w.isEmpty()).isTrue();
        assertThat(w.latest()).isNaN();
        assertThat(w.latestTimeMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(w.copyValues(new double[0])).isZero();
        assertThat(w.lastN(5, new double[0])).isZero();
    }

    @Test
    void fillsThenOverwritesTheOldest() {
        SampleWindow w = new SampleWindow(3);
        w.add(1000, 0.1);
        w.add(2000, 0.2);
        assertThat(w.size()).isEqualTo(2);
        double[] dst = new double[3];
        assertThat(w.copyValues(dst)).isEqualTo(2);
        assertThat(dst).startsWith(0.1, 0.2);

        w.add(3000, 0.3);
        w.add(4000, 0.4); // drops 0.1
        w.add(5000, 0.5); // drops 0.2
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.copyValues(dst)).isEqualTo(3);
        assertThat(dst).containsExactly(0.3, 0.4, 0.5);
        assertThat(w.latest()).isEqualTo(0.5);
        assertThat(w.latestTimeMillis()).isEqualTo(5000);
        assertThat(w.get(0)).isEqualTo(0.3);
        assertThat(w.timeMillis(0)).isEqualTo(3000);
    }

    @Test
    void lastNTakesTheNewestOldestFirstAcrossTheWrap() {
        SampleWindow w = new SampleWindow(4);
        for (int i = 1; i <= 6; i++) {
            w.add(i, i); // holds 3 4 5 6, physically wrapped
        }
        double[] dst = new double[4];
        assertThat(w.lastN(2, dst)).isEqualTo(2);
        assertThat(dst).startsWith(5, 6);
        assertThat(w.lastN(3, dst)).isEqualTo(3);
        assertThat(dst).startsWith(4, 5, 6);
        assertThat(w.lastN(10, dst)).isEqualTo(4);
        assertThat(dst).containsExactly(3, 4, 5, 6);
    }

    @Test
    void capacityOne() {
        SampleWindow w = new SampleWindow(1);
        w.add(1, 0.1);
        w.add(2, 0.2);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.latest()).isEqualTo(0.2);
    }

    @Test
    void misuseIsRejected() {
        assertThatThrownBy(() -> new SampleWindow(0)).isInstanceOf(IllegalArgumentException.class);
        SampleWindow w = new SampleWindow(3);
        w.add(1, 1);
        w.add(2, 2);
        assertThatThrownBy(() -> w.copyValues(new double[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.lastN(-1, new double[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void clearEmptiesIt() {
        SampleWindow w = new SampleWindow(2);
        w.add(1, 1);
        w.clear();
        assertThat(w.isEmpty()).isTrue();
        w.add(2, 2);
        assertThat(w.latest()).isEqualTo(2);
    }
}
