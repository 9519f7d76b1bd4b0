package io.berth.placement.properties;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.StalePolicy;
import io.berth.placement.HostTable;
import io.berth.placement.LoadView;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.RoundRobinController;
import io.berth.placement.select.TopKRandomSelector;
import io.berth.placement.PlacementContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGeneratorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Hard rules hold for every built-in policy on random pools: capacity, host state, overcommit limits, groups, staleness. */
public class PlacementPropertiesTest {
    public static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static final List<String> POLICIES = List.of(RoundRobinController.NAME, BuiltInPolicies.LEAST_LOADED, BuiltInPolicies.BALANCED,
            BuiltInPolicies.PACKING);

    public enum Freshness { FRESH, STALE, NEVER }

    public record HostSpec(Host host, Resources used, Freshness freshness, double[] cpu) {
        @Override
        public String toString() {
            return host.name() + "[" + host.state() + " " + host.inventories() + " used=" + used.amounts() + " " + freshness
                    + " cpu=" + Arrays.toString(cpu) + "]";
        }
    }

    public record Scenario(String policy, Map<String, String> settings, StalePolicy stalePolicy, double penalty, List<HostSpec> hosts,
                    Image image, PlacementGroup group, Map<Long, Integer> members, long seed) {
        @Override
        public String toString() {
            return "scenario(" + seed + "L): " + policy + " " + settings + " " + stalePolicy + "(" + penalty + ") image=" + image.minimum().amounts()
                    + " limits=" + image.overcommitLimits() + " group=" + group + " members=" + members + "\n  " + hosts;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.longs().map(PlacementPropertiesTest::scenario);
    }

    /** A random pool and request, the same for the same seed. */
    public static Scenario scenario(long generatorSeed) {
        Random r = new Random(generatorSeed);
        String policy = POLICIES.get(r.nextInt(POLICIES.size()));
        Map<String, String> settings = new HashMap<>();
        if (!policy.equals(RoundRobinController.NAME)) {
            if (r.nextBoolean()) settings.put("selection", "top-k");
            if (r.nextInt(3) == 0) settings.put("max-cpu", String.valueOf(r.nextInt(11) / 10.0));
        }
        StalePolicy stale = r.nextBoolean() ? StalePolicy.EXCLUDE : StalePolicy.PENALISE;
        double penalty = 0.05 + r.nextInt(20) / 20.0;
        int n = 1 + r.nextInt(12);
        List<HostSpec> hosts = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            long vcpu = new long[]{2, 4, 8, 16, 32}[r.nextInt(5)];
            double ratio = new double[]{1.0, 1.5, 2.0, 4.0}[r.nextInt(4)];
            long memory = new long[]{2048, 8192, 16_384, 65_536}[r.nextInt(4)];
            HostState state = r.nextInt(10) < 7 ? HostState.AVAILABLE : r.nextBoolean() ? HostState.MAINTENANCE : HostState.DOWN;
            List<Inventory> inventories = new ArrayList<>(List.of(new Inventory(ResourceClass.VCPU, vcpu, r.nextInt(3) == 0 ? 1 : 0, ratio),
                    new Inventory(ResourceClass.MEMORY_MB, memory, 0, r.nextBoolean() ? 1.0 : 1.5)));
            if (r.nextInt(4) != 0) inventories.add(Inventory.of(ResourceClass.DISK_GB, 500));
            Host h = new Host(id, 1, "h" + id, "sim", state, inventories, null);
            Map<String, Long> used = new HashMap<>();
            for (Inventory inv : inventories) used.put(inv.resourceClass(), (long) Math.floor(r.nextDouble() * r.nextDouble() * inv.capacity()));
            Freshness f = Freshness.values()[r.nextInt(10) < 6 ? 0 : r.nextBoolean() ? 1 : 2];
            double[] cpu = new double[f == Freshness.NEVER ? 0 : 1 + r.nextInt(8)];
            double base = r.nextDouble();
            for (int k = 0; k < cpu.length; k++) cpu[k] = Math.max(0, Math.min(1, base + (r.nextDouble() - 0.5) * 0.4));
            hosts.add(new HostSpec(h, new Resources(used), f, cpu));
        }
        Map<String, Long> demand = new HashMap<>();
        demand.put(ResourceClass.VCPU, 1L + r.nextInt(8));
        demand.put(ResourceClass.MEMORY_MB, new long[]{512, 1024, 4096, 16_384}[r.nextInt(4)]);
        if (r.nextBoolean()) demand.put(ResourceClass.DISK_GB, (long) r.nextInt(200));
        Map<String, Double> limits = switch (r.nextInt(4)) {
            case 0 -> Map.of(ResourceClass.VCPU, 1.0);
            case 1 -> Map.of(ResourceClass.VCPU, 2.0);
            default -> Map.of();
        };
        Image image = new Image(1, "img", "", "", "sim", new Resources(demand), 100, Duration.ofHours(4), List.of(), List.of(), limits);
        PlacementGroup group = switch (r.nextInt(3)) {
            case 0 -> new PlacementGroup("anti", PlacementGroup.Kind.ANTI_AFFINITY);
            case 1 -> new PlacementGroup("aff", PlacementGroup.Kind.AFFINITY);
            default -> null;
        };
        Map<Long, Integer> members = new HashMap<>();
        if (group != null) for (long id = 1; id <= n; id++) if (r.nextInt(4) == 0) members.put(id, 1 + r.nextInt(2));
        return new Scenario(policy, settings, stale, penalty, hosts, image, group, members, generatorSeed);
    }

    /** Feeds each host's samples, the newest one some time ago: within the stale limit for FRESH, past it for STALE. */
    public static LoadMonitor monitor(Scenario s, MutableClock clock) {
        var settings = LoadMonitorSettings.defaults().withStalePolicy(s.stalePolicy());
        settings = new LoadMonitorSettings(settings.interval(), settings.windowSize(), settings.staleAfterIntervals(), settings.ewmaAlpha(),
                settings.forecastSamples(), settings.forecastHorizonIntervals(), s.stalePolicy(), s.penalty());
        LoadMonitor m = new LoadMonitor(settings, clock);
        Random r = new Random(s.seed());
        for (HostSpec h : s.hosts()) {
            Instant last = h.freshness() == Freshness.STALE ? NOW.minusSeconds(61 + r.nextInt(3600)) : NOW.minusSeconds(r.nextInt(60));
            for (int k = 0; k < h.cpu().length; k++) {
                Instant at = last.minusSeconds(20L * (h.cpu().length - 1 - k));
                m.accept(h.host().id(), at.toEpochMilli(), h.cpu()[k], 1000, 4000, Double.NaN, Double.NaN, 1);
            }
        }
        return m;
    }

    public static PlacementRequest request(Scenario s, Pool pool) {
        List<CandidateHost> candidates = s.hosts().stream()
                .map(h -> new CandidateHost(h.host(), pool, h.used(), h.host().capacity().minus(h.used()))).toList();
        return new PlacementRequest(1, s.image(), new TimeWindow(NOW, NOW.plus(Duration.ofHours(1))), candidates, false, s.group(), s.members());
    }

    /** Why the hard rules forbid host h, or null if they allow it: written from the rules, not from the filters. */
    static String forbidden(Scenario s, HostSpec h) {
        if (h.host().state() != HostState.AVAILABLE) return "state";
        for (var e : s.image().minimum().amounts().entrySet()) {
            long free = h.host().capacity().get(e.getKey()) - h.used().get(e.getKey());
            if (e.getValue() > free) return "capacity " + e.getKey();
            if (e.getValue() > 0 && h.host().inventory(e.getKey()).isEmpty()) return "no " + e.getKey();
        }
        for (var e : s.image().overcommitLimits().entrySet()) {
            var inv = h.host().inventory(e.getKey()).orElseThrow();
            if (h.used().get(e.getKey()) + s.image().minimum().get(e.getKey()) > Math.floor((inv.total() - inv.reserved()) * e.getValue())) {
                return "overcommit limit";
            }
        }
        int members = s.members().getOrDefault(h.host().id(), 0);
        if (s.group() != null && s.group().kind() == PlacementGroup.Kind.ANTI_AFFINITY && members > 0) return "anti-affinity";
        if (s.group() != null && s.group().kind() == PlacementGroup.Kind.AFFINITY && !s.members().isEmpty() && members == 0) return "affinity";
        return null;
    }

    @Property(tries = 300)
    void noPolicyEverBreaksAHardRule(@ForAll("scenarios") Scenario s) {
        MutableClock clock = new MutableClock(NOW);
        LoadMonitor monitor = monitor(s, clock);
        Pool pool = new Pool(1, "lab", "sim", "", s.policy(), s.settings());
        var registry = PolicyRegistry.withBuiltIns(RandomGeneratorFactory.of("L64X128MixRandom").create(s.seed()));
        PlacementEngine engine = new PlacementEngine(registry, clock, monitor, Duration.ofMinutes(2));

        PlacementDecision d = engine.place(request(s, pool));

        Statistics.label("outcome").collect(d instanceof PlacementDecision.Chosen ? "chosen" : "no host");
        Map<Long, HostSpec> byId = new LinkedHashMap<>();
        s.hosts().forEach(h -> byId.put(h.host().id(), h));
        if (d instanceof PlacementDecision.Chosen chosen) {
            HostSpec h = byId.get(chosen.host().host().id());
            assertThat(forbidden(s, h)).as("chose %s", h).isNull();
            boolean loadAware = !s.policy().equals(RoundRobinController.NAME);
            if (loadAware && s.stalePolicy() == StalePolicy.EXCLUDE) assertThat(h.freshness()).isEqualTo(Freshness.FRESH);
            assertThat(d.explanation().pickedHostId()).isEqualTo(h.host().id());
        } else if (s.policy().equals(RoundRobinController.NAME)) {
            // Round robin has no soft limits: refusing means no host is allowed by the rules.
            assertThat(s.hosts()).allSatisfy(h -> assertThat(forbidden(s, h)).as("%s was allowed", h).isNotNull());
        }
        // Every rejection the explanation gives matches a rule that really forbids the host (or live load).
        for (PlacementExplanation.Candidate c : d.explanation().candidates()) {
            if (!c.eligible() && !c.rejectedBy().equals("live-load")) {
                assertThat(forbidden(s, byId.get(c.hostId()))).as("host %d rejected by %s: %s", c.hostId(), c.rejectedBy(), c.reason()).isNotNull();
            }
        }
        Statistics.label("outcome").coverage(c -> c.check("chosen").percentage(p -> p > 20));
    }

    /** Under PENALISE a stale host is never scored as idle; under EXCLUDE a load-aware policy never picks it. */
    @Property(tries = 300)
    void staleHostsAreNeverScoredAsIdle(@ForAll("scenarios") Scenario generated) {
        String policy = generated.policy().equals(RoundRobinController.NAME) ? BuiltInPolicies.LEAST_LOADED : generated.policy();
        Map<String, String> settings = new HashMap<>(generated.settings());
        settings.remove("max-cpu");
        Scenario s = new Scenario(policy, settings, generated.stalePolicy(), generated.penalty(), generated.hosts(), generated.image(),
                null, Map.of(), generated.seed());
        MutableClock clock = new MutableClock(NOW);
        LoadMonitor monitor = monitor(s, clock);
        Pool pool = new Pool(1, "lab", "sim", "", s.policy(), s.settings());
        PlacementRequest request = request(s, pool);
        HostTable table = HostTable.of(request, request.candidates(), LoadView.of(monitor), 0.5);
        var controller = PolicyRegistry.withBuiltIns(RandomGeneratorFactory.of("L64X128MixRandom").create(s.seed())).controllerFor(pool);

        PlacementDecision d = controller.place(new PlacementContext(request, pool, table, NOW));

        Map<Long, PlacementExplanation.Candidate> rows = new HashMap<>();
        d.explanation().candidates().forEach(c -> rows.put(c.hostId(), c));
        for (int i = 0; i < table.size; i++) {
            HostLoad l = table.load[i];
            boolean stale = s.hosts().get(i).freshness() != Freshness.FRESH;
            assertThat(l.stale()).isEqualTo(stale);
            if (!stale) continue;
            Statistics.label("stale").collect(s.stalePolicy());
            if (s.stalePolicy() == StalePolicy.PENALISE) {
                assertThat(table.effectiveCpu[i]).isGreaterThanOrEqualTo(s.penalty());
                assertThat(table.projectedCpu[i]).isGreaterThanOrEqualTo(s.penalty());
                var row = rows.get(table.hostId[i]);
                if (row != null && row.eligible() && row.scores().containsKey("current-load")) {
                    Statistics.label("penalised and scored").collect(true);
                    assertThat(row.scores().get("current-load")).isLessThanOrEqualTo(1 - s.penalty() + 1e-4);
                }
            } else {
                assertThat(table.loadExcluded[i]).isTrue();
                assertThat(java.util.Objects.equals(d.explanation().pickedHostId(), table.hostId[i])).as("picked stale host").isFalse();
                var row = rows.get(table.hostId[i]);
                if (row != null && s.hosts().get(i).host().state() == HostState.AVAILABLE && forbidden(s, s.hosts().get(i)) == null) {
                    assertThat(row.rejectedBy()).isEqualTo("live-load");
                }
            }
        }
    }

    /** Top-k only ever picks one of the k best eligible hosts, whatever the scores. */
    @Property(tries = 300)
    void topKPicksOnlyAmongTheKBest(@ForAll @IntRange(min = 1, max = 8) int k, @ForAll @IntRange(min = 0, max = 40) int n,
                                    @ForAll("seeds") long seed) {
        Random r = new Random(seed);
        double[] totals = new double[n];
        int[] rejectedBy = new int[n];
        for (int i = 0; i < n; i++) {
            totals[i] = r.nextInt(4) == 0 ? 0.5 : r.nextInt(1000) / 1000.0; // plenty of ties
            rejectedBy[i] = r.nextInt(4) == 0 ? 0 : -1;
        }
        List<CandidateHost> candidates = new ArrayList<>();
        Pool pool = new Pool(1, "lab", "sim", "", "x", Map.of());
        for (int i = 0; i < n; i++) {
            Host h = new Host(i + 1, 1, "h" + (i + 1), "sim", HostState.AVAILABLE, List.of(Inventory.of(ResourceClass.VCPU, 8)), null);
            candidates.add(new CandidateHost(h, pool, Resources.NONE, h.capacity()));
        }
        Image image = new Image(1, "img", "", "", "sim", Resources.of(1, 0, 0), 100, Duration.ofHours(1), List.of(), List.of());
        PlacementRequest request = new PlacementRequest(1, image, new TimeWindow(NOW, NOW.plusSeconds(60)), candidates, false);
        PlacementContext context = new PlacementContext(request, pool, HostTable.of(request, candidates, null, 0.5), NOW);
        double[] eligible = java.util.stream.IntStream.range(0, n).filter(i -> rejectedBy[i] < 0).mapToDouble(i -> totals[i])
                .boxed().sorted((a, b) -> Double.compare(b, a)).mapToDouble(Double::doubleValue).toArray();
        var selector = new TopKRandomSelector(k, RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
        for (int draw = 0; draw < 50; draw++) {
            int pick = selector.choose(context, rejectedBy, totals);
            if (eligible.length == 0) {
                assertThat(pick).isEqualTo(-1);
                continue;
            }
            assertThat(rejectedBy[pick]).isNegative();
            assertThat(totals[pick]).isGreaterThanOrEqualTo(eligible[Math.min(k, eligible.length) - 1]);
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
