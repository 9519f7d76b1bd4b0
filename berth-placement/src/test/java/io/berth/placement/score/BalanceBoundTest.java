package io.berth.placement.score;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balance score's bound over a pool ({@link BalanceScorer#upperBound}) is at least every host's score as computed,
 * rounding included: on random pools with few or many hosts, loads spread or all alike (variance near zero, where a
 * square root magnifies rounding), and added shares of a few sizes.
 */
class BalanceBoundTest {

    @Property(tries = 500)
    void theBoundIsAtLeastEveryHostsScore(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n) {
        Random r = new Random(seed);
        boolean alike = r.nextInt(3) == 0;
        double level = r.nextDouble() * 2;
        double[] cpu = new double[n], addedCpu = new double[n], memory = new double[n], addedMemory = new double[n];
        double cpu1 = 0, cpu2 = 0, mem1 = 0, mem2 = 0;
        for (int i = 0; i < n; i++) {
            cpu[i] = alike ? level : r.nextDouble() * (r.nextBoolean() ? 1 : 3);
            memory[i] = alike ? level / 2 : r.nextDouble();
            addedCpu[i] = new double[]{0, 1 / 64.0, 1 / 32.0, 0.3}[r.nextInt(4)];
            addedMemory[i] = new double[]{0, 0.01, 0.125}[r.nextInt(3)];
            cpu1 += cpu[i];
            cpu2 += cpu[i] * cpu[i];
            mem1 += memory[i];
            mem2 += memory[i] * memory[i];
        }
        var sums = new BalanceScorer.PoolSums(n, cpu1, cpu2, mem1, mem2);
        double bound = BalanceScorer.upperBound(sums, min(cpu), min(addedCpu), max(addedCpu), min(memory), min(addedMemory), max(addedMemory));
        for (int i = 0; i < n; i++) {
            assertThat(bound).isGreaterThanOrEqualTo(BalanceScorer.of(sums, cpu[i], addedCpu[i], memory[i], addedMemory[i]));
        }
    }

    @Property(tries = 50)
    void withoutNonNegativeFiguresThereIsNoBound(@ForAll long seed) {
        Random r = new Random(seed);
        var sums = new BalanceScorer.PoolSums(10, 3, 2, 4, 3);
        double negative = -r.nextDouble() - Double.MIN_VALUE;
        assertThat(BalanceScorer.upperBound(sums, negative, 0, 0.1, 0.2, 0, 0.1)).isEqualTo(1);
        assertThat(BalanceScorer.upperBound(sums, 0.1, 0, 0.1, Double.NaN, 0, 0.1)).isEqualTo(1);
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
