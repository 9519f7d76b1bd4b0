package io.berth.simulation;

import io.berth.simulation.report.JsonReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** End to end on the 20 PlanetLab traces bundled with Berth: a few hosts, six hours. */
class SimulationTest {
    static final Workload SAMPLE = Workload.bundledSample();
    static final Datacenter SMALL = Datacenter.standard().withHosts(12).withDuration(Duration.ofHours(6));

    static SimulationResult run(Datacenter dc, SimulationPolicy policy) {
        return Simulation.run(dc, SAMPLE, policy, Simulation.Options.defaults());
    }

    static SimulationPolicy policy(String name, String text) {
        return SimulationPolicy.parse(name, text);
    }

    @Test
    void everyPresetGivesSaneFigures() {
        for (String name : SimulationPolicy.PRESETS) {
            SimulationResult r = run(SMALL, SimulationPolicy.preset(name));
            assertThat(r.policy()).isEqualTo(name);
            assertThat(r.unplacedVms()).isZero();
            assertThat(r.steps()).isEqualTo(72);
            assertThat(r.energyKwh()).as(name).isPositive().isLessThan(12 * 135 * 6 / 1000.0);
            assertThat(r.migrations()).isGreaterThanOrEqualTo(0);
            assertThat(r.slatah()).isBetween(0.0, 1.0);
            assertThat(r.pdm()).isBetween(0.0, 1.0);
            assertThat(r.slav()).isCloseTo(r.slatah() * r.pdm(), within(1e-15));
            assertThat(r.esv()).isCloseTo(r.energyKwh() * r.slav(), within(1e-15));
            assertThat(r.activeHosts()).hasSize(72);
            assertThat(Arrays.stream(r.activeHosts()).boxed().toList()).allSatisfy(a -> assertThat(a).isBetween(1, 12));
            assertThat(Arrays.stream(r.migrationsPerStep()).sum()).isEqualTo((int) r.migrations());
            assertThat(Arrays.stream(r.energyKwhPerStep()).sum()).isCloseTo(r.energyKwh(), within(1e-9));
            assertThat(r.meanActiveHosts()).isLessThanOrEqualTo(r.maxActiveHosts());
        }
    }

    @Test
    void withoutMigrationNothingMovesAndConsolidationSavesEnergy() {
        SimulationResult dvfs = run(SMALL, SimulationPolicy.preset("dvfs"));
        assertThat(dvfs.migrations()).isZero();
        assertThat(dvfs.pdm()).isZero();
        assertThat(dvfs.shutdowns()).isZero();
        SimulationResult thr = run(SMALL, SimulationPolicy.preset("thr-mmt"));
        assertThat(thr.migrations()).isPositive();
        assertThat(thr.shutdowns()).isPositive();
        assertThat(thr.meanActiveHosts()).isLessThan(dvfs.meanActiveHosts());
        assertThat(thr.energyKwh()).isLessThan(dvfs.energyKwh());
    }

    @Test
    void noHostEverHoldsMoreMemoryThanItHas() {
        Datacenter holding = SMALL.withMemoryWhileRunning(1.0);
        for (String name : List.of("thr-mmt", "berth")) {
            SimulationResult r = run(holding, SimulationPolicy.preset(name));
            assertThat(r.peakMemoryShare()).as(name).isPositive().isLessThanOrEqualTo(1.0);
        }
        // With memory held, these 20 VMs need at least 7 hosts' worth (4 GB each) all day; without, far fewer.
        assertThat(run(holding, SimulationPolicy.preset("thr-mmt")).meanActiveHosts())
                .isGreaterThan(run(SMALL, SimulationPolicy.preset("thr-mmt")).meanActiveHosts());
    }

    /** Relief only (no consolidation), acting on every sample, with a static threshold. */
    static SimulationPolicy relief(String name, double threshold) {
        return policy(name, """
                placement = first-fit
                placement.vm-utilisation = 0.0
                rebalance = on
                rebalance.detector = thr:%s
                rebalance.min-improvement = 0
                rebalance.max-moves = unlimited
                rebalance.max-moves-per-host = unlimited
                rebalance.target-ceiling = %s
                rebalance.target-load = current
                rebalance.target-not-overloaded = true
                load.ewma-alpha = 1
                """.formatted(threshold, threshold));
    }

    /** Small single-core hosts that memory lets take eight VMs each at the start: several run short of CPU. */
    static final Datacenter CRAMPED = Datacenter.parse("""
            hosts = 8
            host-types = small
            host.small.cores = 1
            host.small.mips-per-core = 1000
            host.small.ram-mb = 4096
            host.small.bandwidth-mbps = 1000
            host.small.power-watts = 50, 100
            vm-types = v
            vm.v.mips = 1000
            vm.v.ram-mb = 512
            interval = 300s
            duration = 6h
            vm-memory-while-running = 0
            """);

    @Test
    void aLowerOverloadThresholdMovesMoreAndLeavesFewerHostsShortOfCpu() {
        SimulationResult strict = run(CRAMPED, relief("strict", 0.5));
        SimulationResult lax = run(CRAMPED, relief("lax", 0.95));
        int strictShort = Arrays.stream(strict.overloadedHosts()).sum(), laxShort = Arrays.stream(lax.overloadedHosts()).sum();
        assertThat(laxShort).as("the lax policy leaves hosts short of CPU").isPositive();
        assertThat(strict.migrations()).isGreaterThan(lax.migrations());
        assertThat(strictShort).isLessThan(laxShort);
        assertThat(strict.slatah()).isLessThan(lax.slatah());
    }

    @Test
    void theSameInputsAndSeedGiveTheSameResultsByteForByte() {
        Experiment e = new Experiment(SMALL, SAMPLE.shuffled(3), 11);
        List<SimulationPolicy> policies = List.of(SimulationPolicy.preset("lr-mmt"), SimulationPolicy.preset("berth"));
        String first = JsonReport.render(e, e.run(policies, Simulation.Options.defaults()), false);
        String second = JsonReport.render(e, e.run(policies, Simulation.Options.defaults()), false);
        assertThat(first).isEqualTo(second).contains("\"policy\" : \"berth\"");
    }

    @Test
    void aPlacementSettingThePolicyDoesNotKnowIsRefusedNamingIt() {
        SimulationPolicy bad = policy("bad", "placement = balanced\nplacement.colour = red\n");
        assertThatThrownBy(() -> run(SMALL, bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
    }

    @Test
    void progressIsReportedAfterEveryStep() {
        int[] calls = new int[1];
        Simulation.run(SMALL.withDuration(Duration.ofHours(1)), SAMPLE, SimulationPolicy.preset("dvfs"),
                new Simulation.Options(1, null, (p, done, steps) -> {
                    calls[0]++;
                    assertThat(done).isBetween(1, steps);
                    assertThat(steps).isEqualTo(12);
                }));
        assertThat(calls[0]).isEqualTo(12);
    }
}
