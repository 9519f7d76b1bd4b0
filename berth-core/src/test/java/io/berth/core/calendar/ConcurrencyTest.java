package io.berth.core.calendar;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.berth.core.calendar.CapacityCalendarTest.w;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    @Test
    void countsOverlapsAtTheBusiestInstant() {
        var windows = List.of(w(0, 60), w(30, 90), w(60, 120), w(200, 260));
        assertThat(Concurrency.peak(windows, w(0, 120))).isEqualTo(2);
        assertThat(Concurrency.peak(windows, w(61, 89))).isEqualTo(2);
        assertThat(Concurrency.peak(windows, w(120, 200))).isZero();
        assertThat(Concurrency.peak(windows, w(0, 300))).isEqualTo(2);
    }
}
