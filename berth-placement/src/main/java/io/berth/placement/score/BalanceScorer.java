package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * Prefers the host that leaves the pool most even: the score falls with the standard deviation of host load
 * (CPU and memory, averaged) that placing the instance there would give. Computed in O(1) per host from the
 * pool's sums, so it stays cheap at any size: Var' = (S2 + 2·x_i·a + a²)/n − ((S1 + a)/n)².
 */
public final class BalanceScorer implements HostScorer {
    @Override
    public String name() {
        return "balance";
    }

    @Override
    public String description() {
        return "1 - 2 x (standard deviation of host CPU and memory load across the pool after placing here)";
    }

    @Override
    public boolean usesLiveLoad() {
        return true;
    }

    @Override
    public void score(HostTable t, PlacementContext context, int[] rejectedBy, double[] out) {
        if (t.size == 0) return;
        PoolSums sums = PoolSums.of(t);
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0) out[i] = of(t, i, sums);
        }
    }

    /** Sums of CPU and memory load over the pool (one pass), from which each host's score is O(1). */
    public record PoolSums(int n, double cpu1, double cpu2, double mem1, double mem2) {
        public static PoolSums of(HostTable t) {
            double cpu1 = 0, cpu2 = 0, mem1 = 0, mem2 = 0;
            for (int i = 0; i < t.size; i++) {
                double c = finite(t.effectiveCpu[i]);
                double m = t.memoryFraction[i];
                cpu1 += c;
                cpu2 += c * c;
                mem1 += m;
                mem2 += m * m;
            }
            return new PoolSums(t.size, cpu1, cpu2, mem1, mem2);
        }
    }

    /** The score of host i given the pool's sums, shared by this scorer's loop and the fused kernel. */
    public static double of(HostTable t, int i, PoolSums s) {
        return of(s, finite(t.effectiveCpu[i]), t.addedCpu[i], t.memoryFraction[i], t.addedMemory[i]);
    }

    /** The same from the host's figures: CPU ({@link #finite}), the instance's added CPU, memory, the added memory. */
    public static double of(PoolSums s, double cpu, double addedCpu, double memory, double addedMemory) {
        return ofSpreads(cpuSpreadAfter(s, cpu, addedCpu), memorySpreadAfter(s, memory, addedMemory));
    }

    /** The standard deviation of CPU load across the pool with the instance's CPU added to a host's. */
    public static double cpuSpreadAfter(PoolSums s, double cpu, double addedCpu) {
        return sdAfter(s.cpu1(), s.cpu2(), s.n(), cpu, addedCpu);
    }

    /** The same for memory. */
    public static double memorySpreadAfter(PoolSums s, double memory, double addedMemory) {
        return sdAfter(s.mem1(), s.mem2(), s.n(), memory, addedMemory);
    }

    /** The score from the two spreads. */
    public static double ofSpreads(double sdCpu, double sdMem) {
        return Scores.clamp01(1 - (sdCpu + sdMem));
    }

    /**
     * At least the score {@link #of} gives any host whose CPU, memory and the instance's shares of them lie at or above
     * the given minimums and at or below the given maximums; 1 (no bound) unless every figure is non-negative. The
     * variance after placing grows with the host's own load (times the non-negative share added) and with the added
     * share's square, and falls with the added share's pull on the mean: taking each at its end that makes the
     * variance smallest bounds it from below. Each floating-point step is monotonic, so the bound holds for the
     * rounded score as computed, not only for the real number.
     */
    public static double upperBound(PoolSums s, double cpuMin, double addedCpuMin, double addedCpuMax,
                                    double memoryMin, double addedMemoryMin, double addedMemoryMax) {
        if (!(cpuMin >= 0 && addedCpuMin >= 0 && memoryMin >= 0 && addedMemoryMin >= 0 && s.cpu1() >= 0 && s.mem1() >= 0)) return 1;
        double sdCpu = sdAtLeast(s.cpu1(), s.cpu2(), s.n(), cpuMin, addedCpuMin, addedCpuMax);
        double sdMem = sdAtLeast(s.mem1(), s.mem2(), s.n(), memoryMin, addedMemoryMin, addedMemoryMax);
        return ofSpreads(sdCpu, sdMem);
    }

    /** {@link #sdAfter} with each operand at the end that makes it smallest (the same operations in the same order). */
    private static double sdAtLeast(double s1, double s2, int n, double xMin, double aMin, double aMax) {
        double mean = (s1 + aMax) / n;
        double var = (s2 + 2 * xMin * aMin + aMin * aMin) / n - mean * mean;
        return Math.sqrt(Math.max(0, var));
    }

    private static double sdAfter(double s1, double s2, int n, double x, double a) {
        double mean = (s1 + a) / n;
        double var = (s2 + 2 * x * a + a * a) / n - mean * mean;
        return Math.sqrt(Math.max(0, var));
    }

    /** A stale host's CPU (infinite) counts as full. */
    public static double finite(double v) {
        return Double.isFinite(v) ? v : 1.0;
    }
}
