package io.berth.simulation;

import java.util.Map;

/**
 * What one run of one policy measured.
 *
 * @param settings          the policy as configured
 * @param unplacedVms       VMs no host could take at the start (they are left out of every figure)
 * @param energyKwh         energy drawn by the hosts
 * @param slatah            SLA violation time per active host, a fraction
 * @param pdm               performance degradation due to migrations, a fraction
 * @param slav              SLATAH × PDM
 * @param esv               energy × SLAV
 * @param shutdowns         times a host was emptied and switched off
 * @param directMoves       migrations that went straight to a VM's final host although the plan first meant another host
 *                          that the same plan then emptied (the paper's simulations migrate such a VM twice)
 * @param activeHosts       hosts on at each step, after that step's migrations
 * @param overloadedHosts   hosts whose VMs asked for more CPU than they had at each step, before its migrations
 * @param migrationsPerStep migrations started at each step
 * @param energyKwhPerStep  energy drawn during each step
 * @param peakMemoryShare   the most memory any host held, as a share of its own, at any step (at most 1)
 * @param wallSeconds       wall-clock time of the run (loading the traces excluded)
 * @param planningSeconds   of which spent in Berth's placement and rebalancer
 */
public record SimulationResult(String policy, String description, Map<String, String> settings, int hosts, int vms,
                               int unplacedVms, int steps, long intervalSeconds, double energyKwh, long migrations,
                               double slatah, double pdm, double slav, double esv, long shutdowns, long directMoves, double meanActiveHosts,
                               int maxActiveHosts, int[] activeHosts, int[] overloadedHosts, int[] migrationsPerStep,
                               double[] energyKwhPerStep, double peakMemoryShare, double wallSeconds, double planningSeconds) {
}
