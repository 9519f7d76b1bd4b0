package io.berth.placement.rebalance;

import io.berth.metrics.HostLoad;
import io.berth.metrics.LinearRegression;
import io.berth.metrics.LocalRegression;
import io.berth.metrics.RobustLocalRegression;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether a host is overloaded, from the same load model placement uses. The classic detectors of
 * Beloglazov &amp; Buyya (CCPE 2012): a static threshold, adaptive thresholds from the spread of recent load
 * (MAD, IQR: the more variable a host, the lower its threshold) and forecasts (local regression, LR, and its
 * robust variant, LRR).
 *
 * <p>Written in configuration as {@code kind:parameter[,key=value...]}:
 * <ul>
 *   <li>{@code thr:0.8}: overloaded above 0.8;</li>
 *   <li>{@code mad:2.5}, {@code iqr:1.5}: above 1 − s·MAD (or IQR) of the host's window; options {@code floor}
 *       (lowest threshold, default 0.5), {@code min-samples} and {@code fallback} (below that many samples the
 *       static threshold {@code fallback} applies, as in the paper, instead of a threshold from too short a window),
 *       and {@code history=vms} (judge the host by the summed history of the VMs it runs now, not by what it measured:
 *       a host that took or shed VMs is judged on the VMs it has, as the paper's simulations do);</li>
 *   <li>{@code lr:1.2}: overloaded when s × the forecast reaches 1. Alone it reads the load model's forecast (never
 *       below the EWMA); with {@code fit=loess|ols|robust}, {@code samples} (default 10) and {@code horizon} (default
 *       1 interval) it fits its own line to the host's newest samples and compares that forecast alone, as the paper
 *       does; {@code min-samples}, {@code fallback} and {@code history} as above;</li>
 *   <li>{@code lrr:1.2}: {@code lr} with {@code fit=robust} (local regression with Cleveland's robustness iterations).</li>
 * </ul>
 */
public sealed interface OverloadDetector {

    /** Like "thr:0.8", as written in configuration; parses back to an equal detector. */
    String spec();

    /** The CPU level above which a sample counts as overloaded for this host now (used for the hold duration too). */
    double threshold(HostLoad load);

    /** The figure compared with the threshold: the current load, or for LR the scaled forecast. */
    double value(HostLoad load, double plannedDelta);

    default boolean overloaded(HostLoad load, double plannedDelta) {
        return load.samples() > 0 && value(load, plannedDelta) > threshold(load);
    }

    /**
     * Whether the host's history is the sum of the histories of the VMs it runs now rather than what it measured; the
     * rebalancer then recomputes the window figures (percentiles, MAD, IQR, forecast) from that sum.
     */
    default boolean vmHistory() {
        return false;
    }

    /** How many of the host's newest CPU samples {@link #prepare} reads; 0 when the load model's figures suffice. */
    default int historyNeeded() {
        return 0;
    }

    /**
     * The host's load as this detector judges it. By default the load model's own figures; a detector that fits its
     * own forecast returns them with that forecast in {@link HostLoad#cpuForecast()}.
     *
     * @param recent the host's newest samples, oldest first, in {@code recent[0 .. n)}
     */
    default HostLoad prepare(HostLoad load, double[] recent, int n) {
        return load;
    }

    /** Static threshold: overloaded above {@code limit}. */
    record Threshold(double limit) implements OverloadDetector {
        public String spec() { return "thr:" + limit; }
        public double threshold(HostLoad l) { return limit; }
        public double value(HostLoad l, double delta) { return l.effectiveCpu() + delta; }
    }

    /**
     * How an adaptive or forecasting detector reads history: below {@code minSamples} samples the static threshold
     * {@code fallback} applies; {@code floor} is the lowest adaptive threshold; with {@code vmHistory} the history is
     * that of the VMs the host runs now.
     */
    record Fallback(double floor, int minSamples, double fallback, boolean vmHistory) {
        /** Berth's default: thresholds stay in [0.5, 1], no static fallback, the host's own history. */
        public static final Fallback NONE = new Fallback(0.5, 0, 1.0, false);

        public Fallback(double floor, int minSamples, double fallback) {
            this(floor, minSamples, fallback, false);
        }

        public Fallback {
            if (minSamples < 0) throw new IllegalArgumentException("min-samples must be >= 0");
            if (!(fallback > 0 && fallback <= 1)) throw new IllegalArgumentException("a fallback threshold is in (0, 1]");
            if (!(floor <= 1) || Double.isNaN(floor)) throw new IllegalArgumentException("a threshold floor is at most 1");
        }

        boolean applies(HostLoad l) {
            return l.samples() < minSamples;
        }

        String spec() {
            StringBuilder b = new StringBuilder();
            if (floor != NONE.floor) b.append(",floor=").append(floor);
            if (minSamples != NONE.minSamples) b.append(",min-samples=").append(minSamples);
            if (fallback != NONE.fallback) b.append(",fallback=").append(fallback);
            if (vmHistory) b.append(",history=vms");
            return b.toString();
        }

        /** With too few samples a spread is NaN or 0; never let the threshold leave [floor, 1]. */
        double adaptive(double t) {
            return Double.isNaN(t) ? 1.0 : Math.max(floor, Math.min(1.0, t));
        }
    }

    /** Adaptive: threshold 1 − s·MAD of the host's recent CPU. */
    record MedianAbsoluteDeviation(double safety, Fallback fallback) implements OverloadDetector {
        public MedianAbsoluteDeviation(double safety) {
            this(safety, Fallback.NONE);
        }

        public String spec() { return "mad:" + safety + fallback.spec(); }
        public boolean vmHistory() { return fallback.vmHistory(); }
        public double threshold(HostLoad l) { return fallback.applies(l) ? fallback.fallback() : fallback.adaptive(1 - safety * l.cpuMad()); }
        public double value(HostLoad l, double delta) { return l.effectiveCpu() + delta; }
    }

    /** Adaptive: threshold 1 − s·IQR of the host's recent CPU. */
    record InterQuartileRange(double safety, Fallback fallback) implements OverloadDetector {
        public InterQuartileRange(double safety) {
            this(safety, Fallback.NONE);
        }

        public String spec() { return "iqr:" + safety + fallback.spec(); }
        public boolean vmHistory() { return fallback.vmHistory(); }
        public double threshold(HostLoad l) { return fallback.applies(l) ? fallback.fallback() : fallback.adaptive(1 - safety * l.cpuIqr()); }
        public double value(HostLoad l, double delta) { return l.effectiveCpu() + delta; }
    }

    /** How a forecasting detector fits its line. */
    enum Fit {
        /** The load model's own forecast (local regression over its forecast window and horizon), never below the EWMA. */
        MODEL,
        /** Local (tricube-weighted) linear regression, Cleveland's Loess at the window's end. */
        LOESS,
        /** Ordinary least squares. */
        OLS,
        /** Local regression with Cleveland's robustness iterations (bisquare weights on the residuals). */
        ROBUST
    }

    /**
     * Forecast: overloaded when s × the forecast reaches 1 (the threshold is 1/s). With {@link Fit#MODEL} it reads the
     * load model's forecast; otherwise it fits the host's newest {@code samples} samples and forecasts {@code horizon}
     * intervals past the newest (the paper: the time a migration takes, rounded up to intervals).
     */
    record LocalRegressionForecast(double safety, Fit fit, int samples, int horizon, Fallback fallback) implements OverloadDetector {
        public LocalRegressionForecast {
            if (fit != Fit.MODEL && samples < 2) throw new IllegalArgumentException("a regression needs at least 2 samples");
            if (horizon < 0) throw new IllegalArgumentException("a forecast horizon is >= 0 intervals");
        }

        public LocalRegressionForecast(double safety) {
            this(safety, Fit.MODEL, 10, 1, Fallback.NONE);
        }

        public String spec() {
            if (fit == Fit.MODEL) return "lr:" + safety + fallback.spec();
            String head = fit == Fit.ROBUST ? "lrr:" + safety : "lr:" + safety + ",fit=" + fit.name().toLowerCase();
            return head + ",samples=" + samples + ",horizon=" + horizon + fallback.spec();
        }

        public double threshold(HostLoad l) { return fallback.applies(l) ? fallback.fallback() : 1.0 / safety; }

        @Override
        public boolean vmHistory() {
            return fallback.vmHistory();
        }

        public double value(HostLoad l, double delta) {
            if (fallback.applies(l)) return l.effectiveCpu() + delta;
            if (fit == Fit.MODEL) return Math.max(l.cpuForecast(), l.cpuEwma()) + l.pendingCpu() + delta;
            return l.cpuForecast() + l.pendingCpu() + delta;
        }

        @Override
        public int historyNeeded() {
            return fit == Fit.MODEL ? 0 : samples;
        }

        @Override
        public HostLoad prepare(HostLoad l, double[] recent, int n) {
            if (fit == Fit.MODEL || n == 0) return l;
            double f = switch (fit) {
                case OLS -> LinearRegression.forecast(recent, 0, n, horizon);
                case LOESS -> LocalRegression.forecast(recent, 0, n, horizon);
                default -> RobustLocalRegression.forecast(recent, 0, n, horizon);
            };
            f = Math.max(0, f);
            return new HostLoad(l.hostId(), l.samples(), l.lastSampleAt(), l.ageSeconds(), l.stale(), l.cpu(), l.cpuEwma(),
                    l.cpuP50(), l.cpuP95(), l.cpuMad(), l.cpuIqr(), f, l.memoryFraction(), l.memoryEwma(), l.diskKbps(),
                    l.netKbps(), l.vmCount(), l.pendingCpu(), l.pendingMemoryMb(), l.stalePolicy(), l.stalePenaltyCpu());
        }
    }

    String USAGE = "an overload detector is thr:<0..1>, mad:<s>, iqr:<s>, lr:<s> or lrr:<s>, with options ,key=value "
            + "(floor, min-samples, fallback, history=host|vms; for lr also fit=loess|ols|robust, samples, horizon)";

    static OverloadDetector parse(String spec) {
        String[] items = spec.trim().toLowerCase().split(",");
        String[] head = items[0].split(":", 2);
        double p;
        try {
            p = Double.parseDouble(head.length == 2 ? head[1].trim() : "nan");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("detector parameter must be a number: " + spec);
        }
        if (!(p > 0) || Double.isInfinite(p)) throw new IllegalArgumentException(USAGE + ", not '" + spec + "'");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < items.length; i++) {
            String[] kv = items[i].split("=", 2);
            if (kv.length != 2 || options.put(kv[0].trim(), kv[1].trim()) != null) {
                throw new IllegalArgumentException(USAGE + "; '" + items[i].trim() + "' in '" + spec + "' is not one key=value");
            }
        }
        String kind = head[0].trim();
        if (kind.equals("thr")) {
            if (!options.isEmpty()) throw new IllegalArgumentException("thr takes no options: " + spec);
            if (p > 1) throw new IllegalArgumentException("a static threshold is at most 1");
            return new Threshold(p);
        }
        String history = options.getOrDefault("history", "host");
        if (!history.equals("host") && !history.equals("vms")) throw new IllegalArgumentException("history is host or vms, not '" + history + "' in " + spec);
        Fallback fallback = new Fallback(number(options, "floor", Fallback.NONE.floor(), spec),
                (int) whole(options, "min-samples", Fallback.NONE.minSamples(), spec), number(options, "fallback", Fallback.NONE.fallback(), spec),
                history.equals("vms"));
        return switch (kind) {
            case "mad" -> new MedianAbsoluteDeviation(p, onlyFallback(options, fallback, spec));
            case "iqr" -> new InterQuartileRange(p, onlyFallback(options, fallback, spec));
            case "lr", "lrr" -> {
                String fitName = options.remove("fit");
                Fit fit = kind.equals("lrr") ? Fit.ROBUST : fitName == null ? null : switch (fitName) {
                    case "loess" -> Fit.LOESS;
                    case "ols" -> Fit.OLS;
                    case "robust" -> Fit.ROBUST;
                    default -> throw new IllegalArgumentException("fit is loess, ols or robust, not '" + fitName + "' in " + spec);
                };
                if (kind.equals("lrr") && fitName != null) throw new IllegalArgumentException("lrr is always fit=robust: " + spec);
                boolean ownFit = fit != null || options.containsKey("samples") || options.containsKey("horizon");
                int samples = (int) whole(options, "samples", 10, spec);
                int horizon = (int) whole(options, "horizon", 1, spec);
                options.remove("samples");
                options.remove("horizon");
                yield new LocalRegressionForecast(p, ownFit ? (fit == null ? Fit.LOESS : fit) : Fit.MODEL, samples, horizon,
                        onlyFallback(options, fallback, spec));
            }
            default -> throw new IllegalArgumentException(USAGE + ", not '" + spec + "'");
        };
    }

    private static Fallback onlyFallback(Map<String, String> options, Fallback f, String spec) {
        options.keySet().removeAll(java.util.List.of("floor", "min-samples", "fallback", "history"));
        if (!options.isEmpty()) throw new IllegalArgumentException("unknown option(s) " + options.keySet() + " in " + spec + "; " + USAGE);
        return f;
    }

    private static double number(Map<String, String> options, String key, double fallback, String spec) {
        String v = options.get(key);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number in " + spec);
        }
    }

    private static long whole(Map<String, String> options, String key, long fallback, String spec) {
        double d = number(options, key, fallback, spec);
        if (d != Math.rint(d) || d < 0) throw new IllegalArgumentException(key + " must be a whole number >= 0 in " + spec);
        return (long) d;
    }
}
