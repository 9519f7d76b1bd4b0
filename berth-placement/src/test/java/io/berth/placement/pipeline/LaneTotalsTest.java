package io.berth.placement.pipeline;

import io.berth.placement.CompactTable;
import io.berth.placement.HostTable;
import io.berth.placement.LoadView;
import io.berth.placement.PolicyRegistry;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the kernel relies on to skip hosts ({@link LaneTotals}): a lane's maximum is at least each of its hosts' block
 * totals (it is their largest), and a host the exact rules let through has a quick total at least its exact total less
 * the margin. On the random hard pools of {@link CompactKernelEquivalenceTest}: every built-in policy, with or without a
 * ceiling and with other weights (so every mix of scorers, fused or not), stale and never-sampled hosts, ties.
 */
class LaneTotalsTest {

    @Property(tries = 300)
    void aLaneBoundsItsHostsAndNoEligibleHostIsUnderestimated(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2500) int n) {
        var c = CompactKernelEquivalenceTest.generate(seed, n);
        Pool p = Pool.of(c);
        FusedKernel kernel = p.kernel();
        HostTable t = p.table();
        CompactTable compact = p.compact();
        boolean checkLive = p.checkLive();
        LaneTotals lanes = p.lanes();
        double[] maxima = lanes.maxima();

        assertThat(maxima).hasSize(Math.min(n, Math.max(128, (n + 31) / 32)));
        double[] recomputed = new double[maxima.length];
        java.util.Arrays.fill(recomputed, Double.NEGATIVE_INFINITY);
        int eligible = 0;
        for (int i = 0; i < t.size; i++) {
            float v = lanes.total(i);
            int lane = i % lanes.lanes;
            recomputed[lane] = Math.max(recomputed[lane], v);
            assertThat(v <= maxima[lane] || Double.isNaN(maxima[lane])).as("host %d under its lane's maximum", i).isTrue();
            if (compact.verdict[i] < CompactTable.STALE) {
                assertThat(v).as("host %d, rejected by a standard filter, sinks", i).isEqualTo(Float.NEGATIVE_INFINITY);
            }
            if (FusedKernel.verdict(compact, i, checkLive, kernel.maxCpu()) < 0) {
                eligible++;
                double exact = kernel.total(t, compact, i);
                assertThat(v >= exact - LaneTotals.MARGIN || Float.isNaN(v)).as("host %d: %s against exact %s (%s)", i, v, exact, c).isTrue();
            }
        }
        // The sweep and the recomputation are the same expression: the same floats.
        assertThat(recomputed).isEqualTo(maxima);
        Statistics.label("hosts per lane").collect((n + lanes.lanes - 1) / lanes.lanes > 1 ? "several" : "one");
        Statistics.label("some eligible").collect(eligible > 0);
        // Pools with and without stale hosts (load +∞: rejected under a ceiling through CPU ahead, passed without one).
        Statistics.label("stale hosts").collect(compact.verdictCount[CompactTable.STALE] > 0 ? "some" : "none");
        Statistics.label("stale hosts").coverage(cover -> {
            cover.check("some").percentage(share -> share > 20);
            cover.check("none").percentage(share -> share > 20);
        });
    }

    @Property(tries = 50)
    void aHostOverTheCeilingSinksBelowEveryEligibleHost(@ForAll long seed) {
        Pool p = Pool.of(CompactKernelEquivalenceTest.generate(seed, 300 + new Random(seed).nextInt(700)));
        HostTable t = p.table();
        CompactTable compact = p.compact();
        boolean checkLive = p.checkLive();
        LaneTotals lanes = p.lanes();
        double ceiling = p.kernel().maxCpu();
        int sunk = 0;
        for (int i = 0; i < t.size; i++) {
            // Over the ceiling as the sweep sees it, in floats (a host over it by less than a float's step is decided exactly).
            boolean over = checkLive && ceiling > 0 && compact.verdict[i] == CompactTable.PASSES && (float) compact.cpuAhead[i] > (float) ceiling;
            if (over) assertThat(lanes.total(i)).as("host %d over the ceiling", i).isLessThan(0f);
            if (over) sunk++;
        }
        Statistics.label("hosts over the ceiling").collect(sunk > 0 ? "some" : "none");
        Statistics.label("hosts over the ceiling").coverage(cover -> cover.check("some").percentage(share -> share > 20));
    }

    /** A generated pool's controller kernel, host table, compact table and lanes, as the kernel would make them. */
    record Pool(FusedKernel kernel, HostTable table, CompactTable compact, boolean checkLive, LaneTotals lanes) {
        static Pool of(CompactKernelEquivalenceTest.Case c) {
            FusedKernel kernel = ((PipelineController) PolicyRegistry.withBuiltIns().controllerFor(c.pool())).kernel();
            HostTable t = HostTable.of(c.request(), c.request().candidates(), LoadView.of(c.monitor()), 0.5);
            CompactTable compact = t.compact(c.request());
            boolean checkLive = kernel.live() && compact.hasLoad();
            return new Pool(kernel, t, compact, checkLive, kernel.lanes(t, compact, checkLive));
        }
    }
}
