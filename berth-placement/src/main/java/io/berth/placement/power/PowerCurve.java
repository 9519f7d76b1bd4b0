package io.berth.placement.power;

import java.util.Arrays;

/**
 * A host's power draw against its CPU utilisation, as SPECpower publishes it: watts at equally spaced utilisation
 * levels from 0 % to 100 % (usually 0 %, 10 %, …, 100 %), linear in between.
 *
 * @param watts the draw at each level, idle first; at least two, each finite and non-negative
 */
public record PowerCurve(double[] watts) {

    public PowerCurve {
        if (watts == null || watts.length < 2) throw new IllegalArgumentException("a power curve needs at least the idle and the peak draw");
        watts = watts.clone();
        for (double w : watts) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("power draws must be finite and >= 0 W, not " + w);
        }
    }

    /** The draw at a utilisation, linearly interpolated; utilisation is clamped to [0, 1] (a host cannot draw more than at 100 %). */
    public double at(double utilisation) {
        double u = utilisation > 0 ? (utilisation < 1 ? utilisation : 1) : 0;
        double x = u * (watts.length - 1);
        int i = (int) x;
        if (i >= watts.length - 1) return watts[watts.length - 1];
        return watts[i] + (watts[i + 1] - watts[i]) * (x - i);
    }

    /** The draw of a host that is on but does nothing. */
    public double idle() {
        return watts[0];
    }

    public double peak() {
        return watts[watts.length - 1];
    }

    @Override
    public double[] watts() {
        return watts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerCurve p && Arrays.equals(watts, p.watts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(watts);
    }

    @Override
    public String toString() {
        return "PowerCurve" + Arrays.toString(watts);
    }
}
