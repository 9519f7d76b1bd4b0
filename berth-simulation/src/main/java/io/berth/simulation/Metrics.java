package io.berth.simulation;

import io.berth.placement.power.PowerCurve;

/**
 * The figures of Beloglazov &amp; Buyya (CCPE 2012), accumulated as a run goes:
 * <ul>
 *   <li><b>energy</b>: per host and stretch of time, the mean of the draws at its start and end (the power curve
 *       linearly interpolated in utilisation, and the draw linearly in time), × its length; a switched-off host draws
 *       nothing;</li>
 *   <li><b>SLATAH</b>, SLA violation time per active host: the share of the hosts' active time during which a host
 *       could not give its VMs all the CPU they asked for (it ran at 100 %);</li>
 *   <li><b>PDM</b>, performance degradation due to migrations: the CPU a VM loses while it migrates (10 % of its demand
 *       for RAM / bandwidth seconds), summed, over the CPU all VMs asked for;</li>
 *   <li><b>SLAV</b> = SLATAH × PDM, and <b>ESV</b> = energy (kWh) × SLAV.</li>
 * </ul>
 * The aggregate ratio for PDM (total lost over total asked) is what CloudSim reports; the paper writes it as a mean
 * over VMs of each VM's ratio.
 */
public final class Metrics {
    private double energyJoules;
    private double activeSeconds;
    private double violationSeconds;
    private double requestedMipsSeconds;
    private double degradedMipsSeconds;
    private long migrations;
    private long shutdowns;

    /** Joules a host draws over {@code seconds} going from {@code uStart} to {@code uEnd} utilisation (linear in time). */
    public static double energy(PowerCurve curve, double uStart, double uEnd, double seconds) {
        return (curve.at(uStart) + curve.at(uEnd)) / 2 * seconds;
    }

    /** A host was on for {@code seconds}, drawing {@code joules}; {@code violated} if its VMs asked for more than it had. */
    public void hostTime(double seconds, double joules, boolean violated) {
        activeSeconds += seconds;
        energyJoules += joules;
        if (violated) violationSeconds += seconds;
    }

    /** The VMs asked for {@code mipsSeconds} of CPU (MIPS × seconds). */
    public void requested(double mipsSeconds) {
        requestedMipsSeconds += mipsSeconds;
    }

    /** A migration of a VM asking {@code demandMips} on average, lasting {@code seconds}, losing {@code loss} of its CPU. */
    public void migration(double demandMips, double seconds, double loss) {
        migrations++;
        degradedMipsSeconds += loss * demandMips * seconds;
    }

    public void shutdown() {
        shutdowns++;
    }

    public double energyKwh() {
        return energyJoules / 3.6e6;
    }

    public double slatah() {
        return activeSeconds == 0 ? 0 : violationSeconds / activeSeconds;
    }

    public double pdm() {
        return requestedMipsSeconds == 0 ? 0 : degradedMipsSeconds / requestedMipsSeconds;
    }

    public double slav() {
        return slatah() * pdm();
    }

    public double esv() {
        return energyKwh() * slav();
    }

    public long migrations() {
        return migrations;
    }

    public long shutdowns() {
        return shutdowns;
    }

    public double activeHostHours() {
        return activeSeconds / 3600;
    }
}
