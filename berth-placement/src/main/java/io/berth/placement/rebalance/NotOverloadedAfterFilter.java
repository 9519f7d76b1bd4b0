package io.berth.placement.rebalance;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.HostFilter;

/**
 * A target must not be overloaded, by the rebalancer's own detector, once the VM is there: the same judgement that
 * makes a host a source keeps it from being a target (Beloglazov &amp; Buyya's "not over-utilised after allocation").
 * A host with no load at all is exempt, since one VM alone may be above an adaptive threshold and must still go
 * somewhere. Reads the table's live load, which for the rebalancer is the planned state.
 */
final class NotOverloadedAfterFilter implements HostFilter {
    private final OverloadDetector detector;
    private final String spec;

    NotOverloadedAfterFilter(OverloadDetector detector) {
        this.detector = detector;
        this.spec = detector.spec();
    }

    @Override
    public String name() {
        return "not-overloaded-after";
    }

    @Override
    public String description() {
        return "the host would not be overloaded (" + spec + ") with the instance";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        if (!t.hasLoad()) return;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, i)) rejectedBy[i] = self;
        }
    }

    private boolean rejects(HostTable t, int i) {
        if (!(t.effectiveCpu[i] > 0) || t.load[i].samples() == 0) return false;
        return detector.value(t.load[i], t.addedCpu[i]) > detector.threshold(t.load[i]);
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        return "would be overloaded with this instance (" + spec + ": " + round(detector.value(t.load[i], t.addedCpu[i]))
                + " > " + round(detector.threshold(t.load[i])) + ")";
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
