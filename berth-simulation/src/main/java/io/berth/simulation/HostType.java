package io.berth.simulation;

import io.berth.placement.power.PowerCurve;

/**
 * A host model of the simulated datacenter.
 *
 * @param name          the key used in the datacenter file, e.g. "g4"
 * @param model         what it is, e.g. "HP ProLiant ML110 G4 (Xeon 3040)"
 * @param cores         physical cores
 * @param mipsPerCore   speed of one core
 * @param ramMb         memory
 * @param bandwidthMbps network link
 * @param power         draw against CPU utilisation (SPECpower)
 */
public record HostType(String name, String model, int cores, int mipsPerCore, long ramMb, double bandwidthMbps, PowerCurve power) {
    public HostType {
        if (cores < 1 || mipsPerCore < 1 || ramMb < 1 || !(bandwidthMbps > 0)) {
            throw new IllegalArgumentException("host type " + name + ": cores, mips-per-core, ram-mb and bandwidth-mbps must be positive");
        }
    }

    /** Total speed, all cores. */
    public long mips() {
        return (long) cores * mipsPerCore;
    }
}
