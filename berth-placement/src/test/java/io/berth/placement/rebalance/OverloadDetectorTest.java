package io.berth.placement.rebalance;

import io.berth.metrics.HostLoad;
import io.berth.metrics.LinearRegression;
import io.berth.metrics.StalePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OverloadDetectorTest {

    static HostLoad load(int samples, double cpu, double mad, double iqr, double forecast) {
        return new HostLoad(1, samples, Instant.EPOCH, 1, false, cpu, cpu, cpu, cpu, mad, iqr, forecast, 0.5, 0.5,
                Double.NaN, Double.NaN, 1, 0, 0, StalePolicy.EXCLUDE, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"thr:0.8", "mad:2.5", "iqr:1.5", "lr:1.2", "mad:2.5,floor=0.0,min-samples=12,fallback=0.7",
            "iqr:1.5,history=vms", "lr:1.2,fit=ols,samples=10,horizon=1", "lrr:1.2,samples=10,horizon=1",
            "lr:1.2,fit=loess,samples=8,horizon=2,min-samples=8,fallback=0.7,history=vms"})
    void aSpecParsesBackToAnEqualDetector(String spec) {
        OverloadDetector d = OverloadDetector.parse(spec);
        assertThat(d.spec()).isEqualTo(spec);
        assertThat(OverloadDetector.parse(d.spec())).isEqualTo(d);
    }

    @Test
    void badSpecsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> OverloadDetector.parse("mad:2.5,history=all")).hasMessageContaining("history is host or vms");
        assertThatThrownBy(() -> OverloadDetector.parse("lr:1.2,fit=cubic")).hasMessageContaining("fit is loess, ols or robust");
        assertThatThrownBy(() -> OverloadDetector.parse("thr:0.8,floor=0")).hasMessageContaining("thr takes no options");
        assertThatThrownBy(() -> OverloadDetector.parse("iqr:1.5,colour=red")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> OverloadDetector.parse("lrr:1.2,fit=ols")).hasMessageContaining("lrr is always fit=robust");
        assertThatThrownBy(() -> OverloadDetector.parse("mad:2.5,min-samples=1.5")).hasMessageContaining("whole number");
    }

    @Test
    void belowTheMinimumOfSamplesTheFallbackThresholdApplies() {
        var mad = (OverloadDetector.MedianAbsoluteDeviation) OverloadDetector.parse("mad:2.5,min-samples=12,fallback=0.7");
        assertThat(mad.threshold(load(5, 0.75, 0.0, 0, 0))).isEqualTo(0.7);
        assertThat(mad.overloaded(load(5, 0.75, 0.0, 0, 0), 0)).isTrue();
        assertThat(mad.threshold(load(12, 0.75, 0.0, 0, 0))).as("MAD 0: threshold 1").isEqualTo(1.0);
        assertThat(mad.overloaded(load(12, 0.75, 0.0, 0, 0), 0)).isFalse();
    }

    @Test
    void aFloorBoundsTheAdaptiveThreshold() {
        assertThat(OverloadDetector.parse("iqr:1.5").threshold(load(20, 0.3, 0, 0.5, 0))).as("Berth's default floor").isEqualTo(0.5);
        assertThat(OverloadDetector.parse("iqr:1.5,floor=0").threshold(load(20, 0.3, 0, 0.5, 0))).isCloseTo(0.25, within(1e-12));
        assertThat(OverloadDetector.parse("iqr:1.5,floor=0").threshold(load(20, 0.3, 0, 0.9, 0))).isZero();
    }

    @Test
    void aDetectorWithItsOwnFitForecastsFromTheHostsNewestSamples() {
        double[] rising = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        var ols = OverloadDetector.parse("lr:1.2,fit=ols,samples=10,horizon=1");
        assertThat(ols.historyNeeded()).isEqualTo(10);
        HostLoad prepared = ols.prepare(load(10, 1.0, 0, 0, 0.3), rising, rising.length);
        assertThat(prepared.cpuForecast()).isCloseTo(LinearRegression.forecast(rising, 0, 10, 1), within(1e-12)).isCloseTo(1.1, within(1e-9));
        // Its own forecast alone is compared (the load model's is ignored): 1.2 x 1.1 >= 1.
        assertThat(ols.overloaded(prepared, 0)).isTrue();
        // A forecast from the load model never falls below the EWMA; an own fit may.
        double[] falling = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
        HostLoad down = ols.prepare(load(10, 0.85, 0, 0, 0.85), falling, 10);
        assertThat(ols.value(down, 0)).isCloseTo(0.0, within(1e-9));
        assertThat(OverloadDetector.parse("lr:1.2").value(load(10, 0.85, 0, 0, 0.1), 0)).isEqualTo(0.85);
    }

    @Test
    void theRobustFitResistsAnOutlier() {
        // A steady 0.5 with one spike late in the window: least squares tilts up; the robust fit stays near 0.5.
        double[] flatWithSpike = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0, 0.5, 0.5};
        HostLoad l = load(10, 0.5, 0, 0, 0);
        double ols = OverloadDetector.parse("lr:1.2,fit=ols,samples=10,horizon=1").prepare(l, flatWithSpike, 10).cpuForecast();
        double robust = OverloadDetector.parse("lrr:1.2,samples=10,horizon=1").prepare(l, flatWithSpike, 10).cpuForecast();
        assertThat(ols).isGreaterThan(0.55);
        assertThat(Math.abs(robust - 0.5)).isLessThan(0.01);
    }

    @Test
    void judgingByTheVmsHistoryIsAnOptionOfAdaptiveAndForecastDetectors() {
        assertThat(OverloadDetector.parse("mad:2.5,history=vms").vmHistory()).isTrue();
        assertThat(OverloadDetector.parse("lr:1.2,history=vms").vmHistory()).isTrue();
        assertThat(OverloadDetector.parse("iqr:1.5").vmHistory()).isFalse();
        assertThat(OverloadDetector.parse("thr:0.8").vmHistory()).isFalse();
    }
}
