package io.berth.placement.filter;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

import java.util.Map;

/**
 * The image's own overcommit limits: with {VCPU=1.0} it lands only where the VCPUs allocated, its own included,
 * stay within the host's physical cores, however much the host itself allows.
 */
public final class OvercommitLimitFilter implements HostFilter {
    @Override
    public String name() {
        return "image-overcommit";
    }

    @Override
    public String description() {
        return "the host stays within the image's overcommit limits (e.g. dedicated cores) once it is placed";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        double[] limits = limitsByClass(t, context);
        if (limits == null) return;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, limits, i)) rejectedBy[i] = self;
        }
    }

    /** The image's limits by demanded class index (NaN: none), or null if the image has none. */
    public static double[] limitsByClass(HostTable t, PlacementContext context) {
        return limitsByClass(t, context.request());
    }

    /** The same, for the request itself. */
    public static double[] limitsByClass(HostTable t, io.berth.core.resource.PlacementRequest request) {
        Map<String, Double> limits = request.image().overcommitLimits();
        if (limits.isEmpty()) return null;
        double[] byClass = new double[t.demand.length];
        java.util.Arrays.fill(byClass, Double.NaN);
        limits.forEach((cls, limit) -> {
            int k = t.classIndex(cls);
            if (k >= 0) byClass[k] = limit;
        });
        return byClass;
    }

    /** The rule itself, shared by this filter's loop and the fused kernel. */
    public static boolean rejects(HostTable t, double[] limits, int i) {
        for (int k = 0; k < limits.length; k++) {
            if (!Double.isNaN(limits[k]) && t.used[k][i] + t.demand[k] > Math.floor(t.physical[k][i] * limits[k])) return true;
        }
        return false;
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        for (var e : context.request().image().overcommitLimits().entrySet()) {
            int k = t.classIndex(e.getKey());
            if (k < 0) continue;
            long allowed = (long) Math.floor(t.physical[k][i] * e.getValue());
            if (t.used[k][i] + t.demand[k] > allowed) {
                return e.getKey() + " would be " + (t.used[k][i] + t.demand[k]) + " of " + t.physical[k][i]
                        + " physical; the image allows an allocation ratio of at most " + e.getValue();
            }
        }
        return "passes";
    }
}
