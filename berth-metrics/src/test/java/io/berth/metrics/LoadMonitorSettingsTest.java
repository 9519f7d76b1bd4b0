package io.berth.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadMonitorSettingsTest {

    @Test
    void defaults() {
        LoadMonitorSettings s = LoadMonitorSettings.defaults();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.windowSize()).isEqualTo(90);
        assertThat(s.staleAfterIntervals()).isEqualTo(3);
        assertThat(s.ewmaAlpha()).isEqualTo(0.3);
        assertThat(s.forecastSamples()).isEqualTo(10);
        assertThat(s.forecastHorizonIntervals()).isEqualTo(3);
        assertThat(s.stalePolicy()).isEqualTo(StalePolicy.EXCLUDE);
        assertThat(s.stalePenaltyCpu()).isEqualTo(1.0);
        assertThat(s.staleAfterMillis()).isEqualTo(60_000);
    }

    @Test
    void withers() {
        assertThat(LoadMonitorSettings.defaults().withStalePolicy(StalePolicy.PENALISE).stalePolicy())
                .isEqualTo(StalePolicy.PENALISE);
        LoadMonitorSettings small = LoadMonitorSettings.defaults().withWindowSize(5);
        assertThat(small.windowSize()).isEqualTo(5);
        assertThat(small.forecastSamples()).isEqualTo(5);
    }

    @Test
    void rangesAreChecked() {
        Duration i = Duration.ofSeconds(20);
        StalePolicy p = StalePolicy.EXCLUDE;
        assertThatThrownBy(() -> new LoadMonitorSettings(Duration.ZERO, 90, 3, 0.3, 10, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 0, 3, 0.3, 10, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 0, 0.3, 10, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0, 10, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 1.5, 10, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0.3, 0, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0.3, 91, 3, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0.3, 10, -1, p, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0.3, 10, 3, p, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0.3, 10, 3, p, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(i, 90, 3, 0.3, 10, 3, null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LoadMonitorSettings(null, 90, 3, 0.3, 10, 3, p, 1)).isInstanceOf(NullPointerException.class);
    }
}
