package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.power.HostPowerModel;
import io.berth.placement.power.PowerCurve;

/**
 * Prefers the host whose power draw rises least when the instance lands there: Beloglazov &amp; Buyya's power-aware
 * best fit decreasing (PABFD). The rise is P(u + a) − P(u) on the host's own power curve, u its effective CPU and a
 * the instance's expected CPU share of it; the score is 1 − rise ÷ the highest peak draw among the candidates, so it
 * compares across host models.
 *
 * <p>Two choices shape it. With {@code countWake}, a switched-off host (off in the {@link HostPowerModel} and with no
 * load, measured or planned) must be woken, so its rise is the whole P(u + a) from zero, idle draw included: the scorer
 * then packs onto hosts that are already on. With {@code fromMeasured}, the rise is counted from the draw at the
 * host's measured load, P(u + a) − P(m), so load placed on it since (pending, or planned by the same rebalance) adds to
 * the rise: PABFD as the paper's simulations compute it, which spreads a burst of placements over more hosts.
 */
public final class PowerAwareScorer implements HostScorer {
    private final String name;
    private final HostPowerModel model;
    private final boolean countWake;
    private final boolean fromMeasured;

    public PowerAwareScorer(String name, HostPowerModel model, boolean countWake, boolean fromMeasured) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.model = java.util.Objects.requireNonNull(model, "model");
        this.countWake = countWake;
        this.fromMeasured = fromMeasured;
    }

    /** {@code power}: PABFD as the paper's simulations compute it (from the measured draw, no wake-up cost). */
    public static PowerAwareScorer pabfd(HostPowerModel model) {
        return new PowerAwareScorer("power", model, false, true);
    }

    /** {@code power-wake}: the rise from the planned draw, and waking a switched-off host costs its idle draw. */
    public static PowerAwareScorer packing(HostPowerModel model) {
        return new PowerAwareScorer("power-wake", model, true, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "1 - (rise of the host's power draw with this instance" + (fromMeasured ? ", from its measured draw" : "")
                + ") / (highest peak draw)" + (countWake ? "; waking a switched-off host costs its idle draw" : "");
    }

    @Override
    public boolean usesLiveLoad() {
        return true;
    }

    @Override
    public void score(HostTable t, PlacementContext context, int[] rejectedBy, double[] out) {
        double maxPeak = 0;
        PowerCurve[] curves = new PowerCurve[t.size];
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] >= 0) continue;
            curves[i] = model.curve(t.hostId[i]);
            if (curves[i] != null) maxPeak = Math.max(maxPeak, curves[i].peak());
        }
        if (!(maxPeak > 0)) return;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] >= 0) continue;
            PowerCurve c = curves[i];
            out[i] = c == null ? 0 : Scores.clamp01(1 - rise(c, t, i) / maxPeak);
        }
    }

    /** Watts added by placing the table's instance on host i. */
    public double rise(PowerCurve c, HostTable t, int i) {
        double u = Double.isFinite(t.effectiveCpu[i]) ? Math.max(0, t.effectiveCpu[i]) : 1.0;
        // The draw now: from the measured load alone, or with the load planned here since.
        double now = fromMeasured && t.load[i] != null ? Math.max(0, u - t.load[i].pendingCpu()) : u;
        boolean asleep = countWake && now == 0 && !model.poweredOn(t.hostId[i]);
        double before = asleep ? 0 : c.at(now);
        return c.at(u + t.addedCpu[i]) - before;
    }
}
