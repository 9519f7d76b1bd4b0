package io.berth.placement.rebalance;

import io.berth.metrics.HostLoad;

/**
 * Decides whether a host is overloaded, from the same load model placement uses. The classic detectors of
 * Beloglazov & Buyya (CCPE 2012): a static threshold, adaptive thresholds from the spread of recent load
 * (MAD, IQR: the more variable a host, the lower its threshold) and a forecast (local regression).
 */
public sealed interface OverloadDetector {

    /** Like "thr:0.8", as written in configuration. */
    String spec();

    /** The CPU level above which a sample counts as overloaded for this host now (used for the hold duration too). */
    double threshold(HostLoad load);

    /** The figure compared with the threshold: the current load, or for LR the scaled forecast. */
    double value(HostLoad load, double plannedDelta);

    default boolean overloaded(HostLoad load, double plannedDelta) {
        return load.samples() > 0 && value(load, plannedDelta) > threshold(load);
    }

    /** Static threshold: overloaded above {@code limit}. */
    record Threshold(double limit) implements OverloadDetector {
        public String spec() { return "thr:" + limit; }
        public double threshold(HostLoad l) { return limit; }
        public double value(HostLoad l, double delta) { return l.effectiveCpu() + delta; }
    }

    /** Adaptive: threshold 1 − s·MAD of the host's recent CPU. */
    record MedianAbsoluteDeviation(double safety) implements OverloadDetector {
        public String spec() { return "mad:" + safety; }
        public double threshold(HostLoad l) { return adaptive(1 - safety * l.cpuMad()); }
        public double value(HostLoad l, double delta) { return l.effectiveCpu() + delta; }
    }

    /** Adaptive: threshold 1 − s·IQR of the host's recent CPU. */
    record InterQuartileRange(double safety) implements OverloadDetector {
        public String spec() { return "iqr:" + safety; }
        public double threshold(HostLoad l) { return adaptive(1 - safety * l.cpuIqr()); }
        public double value(HostLoad l, double delta) { return l.effectiveCpu() + delta; }
    }

    /** Forecast: overloaded when s × (local-regression forecast) reaches 1. */
    record LocalRegressionForecast(double safety) implements OverloadDetector {
        public String spec() { return "lr:" + safety; }
        public double threshold(HostLoad l) { return 1.0 / safety; }
        public double value(HostLoad l, double delta) { return Math.max(l.cpuForecast(), l.cpuEwma()) + l.pendingCpu() + delta; }
    }

    /** With too few samples a spread is NaN or 0; never let the threshold leave a sane band. */
    private static double adaptive(double t) {
        return Double.isNaN(t) ? 1.0 : Math.max(0.5, Math.min(1.0, t));
    }

    static OverloadDetector parse(String spec) {
        String[] parts = spec.trim().toLowerCase().split(":", 2);
        double p;
        try {
            p = Double.parseDouble(parts.length == 2 ? parts[1] : "nan");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("detector parameter must be a number: " + spec);
        }
        if (!(p > 0)) throw new IllegalArgumentException("an overload detector is thr:<0..1>, mad:<s>, iqr:<s> or lr:<s>, not '" + spec + "'");
        return switch (parts[0]) {
            case "thr" -> {
                if (p > 1) throw new IllegalArgumentException("a static threshold is at most 1");
                yield new Threshold(p);
            }
            case "mad" -> new MedianAbsoluteDeviation(p);
            case "iqr" -> new InterQuartileRange(p);
            case "lr" -> new LocalRegressionForecast(p);
            default -> throw new IllegalArgumentException("an overload detector is thr:<0..1>, mad:<s>, iqr:<s> or lr:<s>, not '" + spec + "'");
        };
    }
}
