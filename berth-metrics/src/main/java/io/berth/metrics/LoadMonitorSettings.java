package io.berth.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LoadMonitor} keeps and judges host samples.
 *
 * @param interval                 the sources' sampling interval (vSphere's real-time rate is 20 s)
 * @param windowSize               samples kept per host and series; percentiles, MAD and IQR span this window
 * @param staleAfterIntervals      k: a host with no sample for more than k × interval is stale
 * @param ewmaAlpha                smoothing factor of the CPU and memory EWMAs, in (0, 1]
 * @param forecastSamples          newest CPU samples the forecast's local regression fits, 1 … windowSize
 * @param forecastHorizonIntervals how many intervals past the newest sample the forecast looks, &gt;= 0
 * @param stalePolicy              what placement makes of a stale host
 * @param stalePenaltyCpu          the least CPU load a stale host counts as under {@link StalePolicy#PENALISE}, &gt; 0
 */
public record LoadMonitorSettings(Duration interval, int windowSize, int staleAfterIntervals, double ewmaAlpha,
                                  int forecastSamples, int forecastHorizonIntervals, StalePolicy stalePolicy,
                                  double stalePenaltyCpu) {

    public LoadMonitorSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(stalePolicy, "stalePolicy");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be >= 1, was " + windowSize);
        }
        if (staleAfterIntervals < 1) {
            throw new IllegalArgumentException("staleAfterIntervals must be >= 1, was " + staleAfterIntervals);
        }
        Ewma.checkAlpha(ewmaAlpha);
        if (forecastSamples < 1 || forecastSamples > windowSize) {
            throw new IllegalArgumentException("forecastSamples must be in [1, windowSize=" + windowSize + "], was "
                    + forecastSamples);
        }
        if (forecastHorizonIntervals < 0) {
            throw new IllegalArgumentException("forecastHorizonIntervals must be >= 0, was " + forecastHorizonIntervals);
        }
        // Zero would let a stale, quiet host read as idle under PENALISE, which must never happen.
        if (!(stalePenaltyCpu > 0) || Double.isInfinite(stalePenaltyCpu)) {
            throw new IllegalArgumentException("stalePenaltyCpu must be finite and > 0, was " + stalePenaltyCpu);
        }
    }

    /** 20 s interval, 90 samples (30 min), stale after 3 intervals, alpha 0.3, forecast 3 intervals from 10 samples, EXCLUDE. */
    public static LoadMonitorSettings defaults() {
        return new LoadMonitorSettings(Duration.ofSeconds(20), 90, 3, 0.3, 10, 3, StalePolicy.EXCLUDE, 1.0);
    }

    public LoadMonitorSettings withStalePolicy(StalePolicy policy) {
        return new LoadMonitorSettings(interval, windowSize, staleAfterIntervals, ewmaAlpha, forecastSamples,
                forecastHorizonIntervals, policy, stalePenaltyCpu);
    }

    public LoadMonitorSettings withWindowSize(int samples) {
        return new LoadMonitorSettings(interval, samples, staleAfterIntervals, ewmaAlpha,
                Math.min(forecastSamples, samples), forecastHorizonIntervals, stalePolicy, stalePenaltyCpu);
    }

    /** The longest a host may go without a sample before it is stale, in milliseconds. */
    public long staleAfterMillis() {
        return Math.multiplyExact(interval.toMillis(), (long) staleAfterIntervals);
    }
}
