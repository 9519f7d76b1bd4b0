package io.berth.simulation;

/**
 * A VM model: the most CPU it can ask for (its cores × MIPS), its memory and network.
 *
 * @param name          the key used in the datacenter file
 * @param mips          the VM's full speed; a trace gives the share of it in use
 * @param cores         virtual cores; a VM never gets more than this many of its host's cores
 * @param ramMb         memory (what a migration copies)
 * @param bandwidthMbps its network share
 */
public record VmType(String name, int mips, int cores, long ramMb, double bandwidthMbps) {
    public VmType {
        if (mips < 1 || cores < 1 || ramMb < 1 || !(bandwidthMbps > 0)) {
            throw new IllegalArgumentException("VM type " + name + ": mips, cores, ram-mb and bandwidth-mbps must be positive");
        }
    }
}
