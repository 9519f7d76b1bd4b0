package io.berth.bench;

import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.placement.HostTable;
import io.berth.placement.LoadView;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;
import io.berth.placement.PolicyRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Placement decisions per second for each built-in policy, and, in the same run on the same host table, a raw
 * baseline: one plain loop over the hosts computing one score (1 − effective CPU) and keeping the best. The ratio
 * policy/baseline is the figure to watch; absolute numbers depend on the machine.
 *
 * <p>{@code decide} is one decision on a host table already built (what a simulator or a cached inventory does): the
 * host; what its explanation lists (counts per filter, the hosts to list and their totals) is gathered, and the
 * explanation written, only when read, which {@code decide} does not do. {@code decideAndExplain} is the same decision with its
 * explanation written, as a server that records it pays. {@code decideFromCandidates} also builds the table from the
 * calendar's candidate list first and writes the explanation (what the server does for each reservation).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PlacementBenchmark {

    @Param({"100", "1000", "10000", "100000"})
    int hosts;

    @Param({"round-robin", "least-loaded", "balanced", "packing"})
    String policy;

    private Datacenter dc;
    private PlacementController controller;
    private PlacementContext context;
    private double[] effectiveCpu;

    @Setup(Level.Trial)
    public void setUp() {
        dc = new Datacenter(hosts, 42, policy);
        controller = PolicyRegistry.withBuiltIns().controllerFor(dc.pool);
        HostTable table = HostTable.of(dc.request, dc.candidates, controller.usesLiveLoad() ? LoadView.of(dc.monitor) : null, 0.5);
        context = new PlacementContext(dc.request, dc.pool, table, Datacenter.NOW);
        HostTable loaded = HostTable.of(dc.request, dc.candidates, LoadView.of(dc.monitor), 0.5);
        effectiveCpu = loaded.effectiveCpu;
    }

    @Benchmark
    public PlacementDecision decide() {
        return controller.place(context);
    }

    @Benchmark
    public PlacementExplanation decideAndExplain() {
        return controller.place(context).explanation();
    }

    @Benchmark
    public PlacementExplanation decideFromCandidates() {
        HostTable table = HostTable.of(dc.request, dc.candidates, controller.usesLiveLoad() ? LoadView.of(dc.monitor) : null, 0.5);
        return controller.place(new PlacementContext(dc.request, dc.pool, table, Datacenter.NOW)).explanation();
    }

    /** The raw baseline: one score per host in a plain loop over a primitive array, keep the best. */
    @Benchmark
    public int baseline() {
        double[] cpu = effectiveCpu;
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cpu.length; i++) {
            double score = 1 - cpu[i];
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }
}
