package io.berth.placement.properties;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.PlannedMove;
import io.berth.core.rebalance.RebalancePlan;
import io.berth.core.rebalance.RebalanceTrigger;
import io.berth.core.rebalance.RunningInstance;
import io.berth.core.reservation.ReservationState;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.StalePolicy;
import io.berth.placement.rebalance.OverloadDetector;
import io.berth.placement.rebalance.RebalanceSettings;
import io.berth.placement.rebalance.Rebalancer;
import io.berth.placement.rebalance.VmSelection;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans on random clusters (hosts of random sizes, states and loads; VMs of random sizes, states and groups) keep the
 * hard rules after every planned move, never leave the hottest host hotter, and never push a target over the ceiling
 * or a host over its capacity.
 */
class RebalancerPropertiesTest {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static final Pool POOL = new Pool(1, "lab", "sim", "", "balanced", Map.of());
    static final PlacementGroup ANTI = new PlacementGroup("anti", PlacementGroup.Kind.ANTI_AFFINITY);
    static final PlacementGroup AFF = new PlacementGroup("aff", PlacementGroup.Kind.AFFINITY);

    record Scenario(long seed, RebalanceSettings settings, StalePolicy stalePolicy, ClusterSnapshot snapshot, Map<Long, double[]> hostCpu,
                    Map<Long, Long> hostLastSampleAgo, Map<Long, double[]> vmCpu, RebalanceTrigger trigger, Long drain) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("scenario(" + seed + "L): " + settings + " " + stalePolicy + " " + trigger + (drain == null ? "" : " drain " + drain));
            for (Host h : snapshot.hosts()) {
                b.append("\n  ").append(h.name()).append(' ').append(h.state()).append(' ').append(h.capacity().amounts())
                        .append(" used=").append(snapshot.usedByHost().get(h.id()).amounts())
                        .append(" cpu=").append(Arrays.toString(hostCpu.get(h.id()))).append(" ago=").append(hostLastSampleAgo.get(h.id()));
            }
            for (RunningInstance i : snapshot.instances()) {
                b.append("\n    vm ").append(i.reservationId()).append(" on h").append(i.hostId()).append(' ').append(i.image().minimum().amounts())
                        .append(' ').append(i.state()).append(i.group() == null ? "" : " " + i.group().name())
                        .append(i.lastMigratedAt() == null ? "" : " migrated " + i.lastMigratedAt())
                        .append(vmCpu.containsKey(i.reservationId()) ? " cpu=" + Arrays.toString(vmCpu.get(i.reservationId())) : "");
            }
            return b.toString();
        }
    }

    @Provide
    Arbitrary<Scenario> clusters() {
        return Arbitraries.longs().map(RebalancerPropertiesTest::scenario);
    }

    /** A random cluster, the same for the same seed. */
    static Scenario scenario(long seed) {
        Random r = new Random(seed);
        OverloadDetector detector = switch (r.nextInt(5)) {
            case 0 -> new OverloadDetector.MedianAbsoluteDeviation(2.5);
            case 1 -> new OverloadDetector.InterQuartileRange(1.5);
            case 2 -> new OverloadDetector.LocalRegressionForecast(1.2);
            default -> new OverloadDetector.Threshold(0.6 + r.nextInt(8) * 0.05);
        };
        RebalanceSettings settings = new RebalanceSettings(detector, Duration.ofSeconds(20L * (1 + r.nextInt(4))), r.nextInt(6) / 100.0,
                1 + r.nextInt(8), 1 + r.nextInt(4), Duration.ofMinutes(30), r.nextBoolean() ? VmSelection.MMT : VmSelection.MC,
                0.5 + r.nextInt(11) * 0.05, Duration.ofSeconds(20));
        int n = 2 + r.nextInt(7);
        List<Host> hosts = new ArrayList<>();
        Map<Long, Resources> used = new HashMap<>();
        Map<Long, double[]> hostCpu = new HashMap<>();
        Map<Long, Long> ago = new HashMap<>();
        List<RunningInstance> instances = new ArrayList<>();
        Map<Long, double[]> vmCpu = new HashMap<>();
        Set<Long> antiHosts = new HashSet<>();
        long affHost = 1 + r.nextInt(n);
        long nextId = 100;
        for (long id = 1; id <= n; id++) {
            long cores = new long[]{4, 8, 16}[r.nextInt(3)];
            double ratio = new double[]{1.0, 2.0, 4.0}[r.nextInt(3)];
            long memory = new long[]{8192, 16_384, 32_768}[r.nextInt(3)];
            HostState state = r.nextInt(10) < 8 ? HostState.AVAILABLE : r.nextBoolean() ? HostState.MAINTENANCE : HostState.DOWN;
            Host h = new Host(id, 1, "h" + id, "sim", state, List.of(new Inventory(ResourceClass.VCPU, cores, 0, ratio),
                    Inventory.of(ResourceClass.MEMORY_MB, memory)), null);
            hosts.add(h);
            Resources held = r.nextInt(4) == 0 ? new Resources(Map.of(ResourceClass.VCPU, (long) r.nextInt(3))) : Resources.NONE;
            held = held.fitsIn(h.capacity()) ? held : Resources.NONE;
            int vms = r.nextInt(7);
            for (int v = 0; v < vms; v++) {
                long vcpu = new long[]{1, 2, 4}[r.nextInt(3)];
                long mem = new long[]{512, 1024, 2048, 4096}[r.nextInt(4)];
                Resources demand = Resources.of(vcpu, mem, 0);
                if (!held.plus(demand).fitsIn(h.capacity())) continue;
                held = held.plus(demand);
                PlacementGroup group = null;
                if (id == affHost && r.nextInt(3) != 0) group = AFF;
                else if (!antiHosts.contains(id) && r.nextInt(4) == 0) {
                    group = ANTI;
                    antiHosts.add(id);
                }
                ReservationState rs = switch (r.nextInt(8)) {
                    case 0 -> ReservationState.PROVISIONING;
                    case 1 -> ReservationState.ENDING;
                    case 2 -> ReservationState.READY;
                    default -> ReservationState.IN_USE;
                };
                Instant migrated = r.nextInt(6) == 0 ? NOW.minus(Duration.ofMinutes(r.nextInt(60))) : null;
                long rid = nextId++;
                instances.add(new RunningInstance(rid, id, Image(vcpu, mem), group, rs, NOW.plus(Duration.ofHours(1)), migrated));
                if (r.nextBoolean()) {
                    // A VM's load as a fraction of its host's CPU: mostly at most its VCPUs' worth, sometimes (a
                    // mis-measured VM) more.
                    double[] cpu = new double[3 + r.nextInt(8)];
                    double cap = r.nextInt(5) == 0 ? 1.0 : Math.min(1.0, (double) vcpu / cores);
                    for (int k = 0; k < cpu.length; k++) cpu[k] = cap * r.nextDouble();
                    vmCpu.put(rid, cpu);
                }
            }
            used.put(id, held);
            int freshness = r.nextInt(10);
            if (freshness < 8) {
                double[] cpu = new double[1 + r.nextInt(10)];
                double base = r.nextInt(5) < 2 ? 0.75 + 0.25 * r.nextDouble() : r.nextDouble();
                for (int k = 0; k < cpu.length; k++) cpu[k] = clamp(base + (r.nextDouble() - 0.5) * 0.2);
                hostCpu.put(id, cpu);
                ago.put(id, freshness < 7 ? (long) r.nextInt(20) : 61L + r.nextInt(600)); // fresh, or stale
            } else {
                hostCpu.put(id, new double[0]); // never sampled
            }
        }
        boolean maintenance = r.nextInt(4) == 0;
        Long drain = maintenance ? 1L + r.nextInt(n) : null;
        if (drain != null) hosts.set((int) (drain - 1), hosts.get((int) (drain - 1)).withState(HostState.MAINTENANCE));
        RebalanceTrigger trigger = maintenance ? RebalanceTrigger.MAINTENANCE : r.nextBoolean() ? RebalanceTrigger.PERIODIC : RebalanceTrigger.ON_DEMAND;
        ClusterSnapshot snapshot = new ClusterSnapshot("sim", NOW, List.of(POOL), hosts, instances, used);
        return new Scenario(seed, settings, r.nextBoolean() ? StalePolicy.EXCLUDE : StalePolicy.PENALISE, snapshot, hostCpu, ago, vmCpu, trigger, drain);
    }

    private static Image Image(long vcpu, long memoryMb) {
        return new Image(1, "img-" + vcpu + "-" + memoryMb, "", "", "sim", Resources.of(vcpu, memoryMb, 0), 100, Duration.ofHours(4),
                List.of(), List.of());
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Plans the scenario with monitors fed its samples. */
    static RebalancePlan plan(Scenario s) {
        MutableClock clock = new MutableClock(NOW);
        LoadMonitorSettings ls = new LoadMonitorSettings(Duration.ofSeconds(20), 90, 3, 0.3, 10, 3, s.stalePolicy(), 0.5);
        LoadMonitor hosts = new LoadMonitor(ls, clock);
        LoadMonitor vms = new LoadMonitor(ls, clock);
        s.hostCpu().forEach((id, cpu) -> feed(hosts, id, NOW.minusSeconds(s.hostLastSampleAgo().getOrDefault(id, 0L)), cpu));
        s.vmCpu().forEach((id, cpu) -> feed(vms, id, NOW, cpu));
        return new Rebalancer(s.settings(), hosts, vms, clock).plan(s.snapshot(), s.trigger(), s.drain());
    }

    static void feed(LoadMonitor m, long id, Instant last, double[] cpu) {
        for (int k = 0; k < cpu.length; k++) {
            m.accept(id, last.minusSeconds(20L * (cpu.length - 1 - k)).toEpochMilli(), cpu[k], 1000, 4000, Double.NaN, Double.NaN, 1);
        }
    }

    /** Every instance's host after the plan's moves; checks each move starts where the instance is. */
    static Map<Long, Long> after(Scenario s, RebalancePlan plan) {
        Map<Long, Long> where = new LinkedHashMap<>();
        for (RunningInstance i : s.snapshot().instances()) where.put(i.reservationId(), i.hostId());
        for (PlannedMove m : plan.moves()) {
            assertThat(where.get(m.reservationId())).as("move %s starts where the instance is", m.reservationId()).isEqualTo(m.fromHostId());
            assertThat(m.toHostId()).isNotEqualTo(m.fromHostId());
            where.put(m.reservationId(), m.toHostId());
        }
        return where;
    }

    @Property(tries = 300)
    void plansKeepPlacementGroupsWhole(@ForAll("clusters") Scenario s) {
        RebalancePlan plan = plan(s);
        Map<Long, Long> where = after(s, plan);
        Statistics.label("moves").collect(plan.moves().isEmpty() ? "none" : "some");

        Map<Long, Long> antiPerHost = new HashMap<>();
        Set<Long> affHosts = new HashSet<>();
        for (RunningInstance i : s.snapshot().instances()) {
            if (i.group() == ANTI) antiPerHost.merge(where.get(i.reservationId()), 1L, Long::sum);
            if (i.group() == AFF) affHosts.add(where.get(i.reservationId()));
        }
        assertThat(antiPerHost.values()).as("anti-affinity members per host").allSatisfy(c -> assertThat(c).isEqualTo(1L));
        assertThat(affHosts).as("hosts of the affinity group").hasSizeLessThanOrEqualTo(1);
        Statistics.label("moves").coverage(c -> c.check("some").percentage(p -> p > 15));
    }

    @Property(tries = 300)
    void plansRespectCapacityCeilingCapsAndHostStates(@ForAll("clusters") Scenario s) {
        RebalancePlan plan = plan(s);
        after(s, plan);
        Map<Long, Host> hosts = new HashMap<>();
        s.snapshot().hosts().forEach(h -> hosts.put(h.id(), h));
        Map<Long, RunningInstance> instances = new HashMap<>();
        s.snapshot().instances().forEach(i -> instances.put(i.reservationId(), i));
        Map<Long, Resources> used = new HashMap<>(s.snapshot().usedByHost());
        Map<Long, Integer> in = new HashMap<>(), out = new HashMap<>();
        assertThat(plan.moves()).extracting(PlannedMove::reservationId).as("each instance moves at most once").doesNotHaveDuplicates();
        for (PlannedMove m : plan.moves()) {
            RunningInstance i = instances.get(m.reservationId());
            assertThat(i.movable()).as("moved %s", i).isTrue();
            assertThat(hosts.get(m.toHostId()).state()).isEqualTo(HostState.AVAILABLE);
            used.put(m.fromHostId(), used.get(m.fromHostId()).minus(i.image().minimum()));
            used.put(m.toHostId(), used.get(m.toHostId()).plus(i.image().minimum()));
            assertThat(used.get(m.toHostId()).fitsIn(hosts.get(m.toHostId()).capacity()))
                    .as("planned use %s of %s within %s", used.get(m.toHostId()), m.toHostName(), hosts.get(m.toHostId()).capacity()).isTrue();
            assertThat(m.reason().figures().get("targetCpuAfter")).as("target CPU of move %s", m.reservationId())
                    .isLessThanOrEqualTo(s.settings().targetCeiling() + 1e-4);
            assertThat(m.reason().target().pickedHostId()).isEqualTo(m.toHostId());
            in.merge(m.toHostId(), 1, Integer::sum);
            out.merge(m.fromHostId(), 1, Integer::sum);
        }
        if (s.trigger() == RebalanceTrigger.MAINTENANCE) {
            assertThat(plan.moves()).allSatisfy(m -> assertThat(m.fromHostId()).isEqualTo(s.drain()));
        } else {
            assertThat(plan.moves()).hasSizeLessThanOrEqualTo(s.settings().maxMovesPerCycle());
            assertThat(in.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(s.settings().maxMovesPerHost()));
            assertThat(out.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(s.settings().maxMovesPerHost()));
        }
    }

    @Property(tries = 300)
    void aRebalanceNeverMakesTheHottestHostHotter(@ForAll("clusters") Scenario s) {
        if (s.trigger() == RebalanceTrigger.MAINTENANCE) return; // a drain may well warm up the other hosts
        RebalancePlan plan = plan(s);
        Statistics.label("moves").collect(plan.moves().isEmpty() ? "none" : "some");
        assertThat(plan.after().get("peakCpu")).isLessThanOrEqualTo(plan.before().get("peakCpu"));
        assertThat(plan.after().get("totalOverload")).isLessThanOrEqualTo(plan.before().get("totalOverload"));
        if (!plan.moves().isEmpty()) {
            // Every move cuts something (at least the minimum improvement); figures are rounded to 4 decimals.
            double cut = Math.max(s.settings().minImprovement() * plan.moves().size(), 0);
            assertThat(plan.after().get("totalOverload")).isLessThanOrEqualTo(plan.before().get("totalOverload") - cut + 1e-4);
            assertThat(plan.moves()).allSatisfy(m -> assertThat(m.reason().figures().get("overloadCut"))
                    .isGreaterThanOrEqualTo(s.settings().minImprovement() - 1e-4).isPositive());
        }
    }
}
