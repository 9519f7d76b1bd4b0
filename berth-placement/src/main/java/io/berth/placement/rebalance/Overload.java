package io.berth.placement.rebalance;

import io.berth.metrics.HostLoad;

import java.util.LinkedHashMap;
import java.util.Map;

/** How far hosts are above their detector's threshold on the planned state, and the pool's figures before and after a plan. */
final class Overload {
    /** A cut in total overload this small is rounding, not a cut. */
    static final double NO_CUT = 1e-9;

    private final OverloadDetector detector;

    Overload(OverloadDetector detector) {
        this.detector = detector;
    }

    double excess(PlannedCluster model, int h) {
        return excess(model, h, 0);
    }

    /** CPU above the threshold, with the planned moves and {@code extra} more; 0 for a host without fresh samples. */
    double excess(PlannedCluster model, int h, double extra) {
        HostLoad l = model.measured[h];
        if (l.samples() == 0 || l.stale()) return 0;
        return Math.max(0, detector.value(l, model.delta[h] + extra) - detector.threshold(l));
    }

    double total(PlannedCluster model) {
        double sum = 0;
        for (int h = 0; h < model.n; h++) sum += excess(model, h);
        return sum;
    }

    /** Peak, mean and spread of CPU, overloaded hosts and total overload: what a plan's summary compares. */
    Map<String, Double> measure(PlannedCluster model) {
        double peak = 0, sum = 0, sum2 = 0;
        int n = 0, overloaded = 0;
        for (int h = 0; h < model.n; h++) {
            HostLoad l = model.measured[h];
            if (l.samples() == 0 || l.stale()) continue;
            double cpu = model.cpu(h);
            peak = Math.max(peak, cpu);
            sum += cpu;
            sum2 += cpu * cpu;
            n++;
            if (excess(model, h) > 0) overloaded++;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("peakCpu", round(peak));
        m.put("meanCpu", round(n == 0 ? 0 : sum / n));
        m.put("cpuStdDev", round(n == 0 ? 0 : Math.sqrt(Math.max(0, sum2 / n - (sum / n) * (sum / n)))));
        m.put("overloadedHosts", (double) overloaded);
        m.put("totalOverload", round(total(model)));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static String fmt(double v) {
        return io.berth.placement.Decimals.fixed(v, 2);
    }
}
