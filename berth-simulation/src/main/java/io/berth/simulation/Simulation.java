package io.berth.simulation;

import io.berth.core.domain.Pool;
import io.berth.core.domain.TimeWindow;
import io.berth.core.rebalance.PlannedMove;
import io.berth.core.rebalance.RebalancePlan;
import io.berth.core.rebalance.RebalanceTrigger;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.resource.PolicySettingException;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.StalePolicy;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.HostFilter;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.plugin.HostFilterProvider;
import io.berth.placement.plugin.HostScorerProvider;
import io.berth.placement.plugin.PipelineParts;
import io.berth.placement.plugin.PipelinePolicy;
import io.berth.placement.plugin.PluginLoader;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.rebalance.Rebalancer;
import io.berth.placement.rebalance.TargetPolicy;
import io.berth.placement.remote.RemotePolicy;
import io.berth.placement.score.HostScorer;
import io.berth.placement.score.PowerAwareScorer;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.BestSelector;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Replays a workload on a datacenter in virtual time, through Berth's own placement engine, load model and rebalancer
 * (the classes the server runs, configured by the policy), and measures energy, SLA violations and migrations.
 *
 * <p>The run, for a scheduling interval I and K = duration / I steps:
 * <ol>
 *   <li>at time 0 every host reports itself idle, and every VM is placed, in order, by the pool's placement policy
 *       through {@link PlacementEngine} (at its full speed, as the paper's simulations create VMs: the policy's
 *       {@code vm-utilisation} says what it expects);</li>
 *   <li>at each step k (time k·I) every VM asks for its trace's value × its speed; each host reports the sum over its
 *       MIPS (it may exceed 1: demand, not what it could give) and each VM its share into the {@link LoadMonitor}s;
 *       from the second step on, the rebalancer plans on a snapshot and its moves are carried out at once (each takes
 *       RAM ÷ migration bandwidth; nothing else changes in between, so they are not re-checked);</li>
 *   <li>the interval [k·I, (k+1)·I] is measured: VM demand moves linearly between the trace's values; a host's state
 *       changes when a migration into or out of it completes; each stretch draws the mean of its start and end power;
 *       a host that cannot give its VMs what they ask for is in violation for the stretch.</li>
 * </ol>
 * The rebalancer's first run is one interval after the start, as the server's periodic rebalance. Same inputs and
 * seed, same result.
 */
public final class Simulation {

    /** Called after every step, from the simulating thread. */
    @FunctionalInterface
    public interface Progress {
        void step(String policy, int done, int steps);

        Progress NONE = (p, d, s) -> {};
    }

    /**
     * @param seed       seeds the policies' random choices (top-k selection)
     * @param pluginsDir placement plug-in jars to load (null: none)
     * @param progress   told after every step
     */
    public record Options(long seed, Path pluginsDir, Progress progress) {
        public static Options defaults() {
            return new Options(42, null, Progress.NONE);
        }
    }

    private static final String RESOURCE_TYPE = "sim";
    public static final String FIRST_FIT = "first-fit";
    private static final Instant DEFAULT_ORIGIN = Instant.parse("2000-01-01T00:00:00Z");

    private Simulation() {}


    public static SimulationResult run(Datacenter dc, Workload workload, SimulationPolicy policy, Options options) {
        return new Run(dc, workload, policy.forInterval(dc.interval()), options).execute();
    }

    /** Midnight UTC of the day a PlanetLab folder is named after (20110303), else 2000-01-01. */
    static Instant origin(Workload w) {
        String name = Path.of(w.source()).getFileName() == null ? "" : Path.of(w.source()).getFileName().toString();
        try {
            return LocalDate.parse(name.length() >= 8 ? name.substring(0, 8) : name, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (RuntimeException e) {
            return DEFAULT_ORIGIN;
        }
    }

    /** The scorers of a "name:weight,..." list, from the pipeline parts. */
    static List<WeightedScorer> scorers(String spec, PipelineParts parts) {
        List<WeightedScorer> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) continue;
            int colon = s.indexOf(':');
            String name = colon < 0 ? s : s.substring(0, colon).trim();
            double w;
            try {
                w = colon < 0 ? 1 : Double.parseDouble(s.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + name + " in rebalance.target-scorers is not a number");
            }
            HostScorer scorer = parts.newScorer(name).orElseThrow(() ->
                    new IllegalArgumentException("unknown scorer '" + name + "' in rebalance.target-scorers; known: " + parts.scorerNames()));
            out.add(new WeightedScorer(scorer, w));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("rebalance.target-scorers needs at least one scorer");
        return out;
    }

    /** One migration of the current step. */
    private record Move(int vm, int from, int to, double seconds) {}

    private static final class Run {
        final Datacenter dc;
        final Workload workload;
        final SimulationPolicy policy;
        final Options options;
        final Instant t0;
        final VirtualClock clock;
        final SimulatedDatacenter sd;
        final LoadMonitor hostLoads;
        final LoadMonitor vmLoads;
        final PlacementEngine engine;
        final Rebalancer rebalancer;
        final Metrics metrics = new Metrics();
        final double interval;
        long planningNanos;
        /** Per VM, when its migration of the current interval completes (seconds into it), or -1. */
        double[] arrival;
        long directMoves;

        Run(Datacenter dc, Workload workload, SimulationPolicy policy, Options options) {
            this.dc = dc;
            this.workload = workload;
            this.policy = policy;
            this.options = options;
            this.t0 = origin(workload);
            this.clock = new VirtualClock(t0);
            this.interval = dc.interval().toSeconds();
            Pool pool = new Pool(1, "datacenter", RESOURCE_TYPE, dc.name(), policy.placement(), policy.placementSettings());
            this.sd = new SimulatedDatacenter(dc, workload, pool, t0);
            // The paper's detectors read up to 30 samples of history; forecasts fit the newest 10, one interval ahead.
            LoadMonitorSettings ls = new LoadMonitorSettings(dc.interval(), 30, 3, policy.ewmaAlpha(), 10, 1, StalePolicy.EXCLUDE, 1.0);
            this.hostLoads = new LoadMonitor(ls, clock);
            this.vmLoads = new LoadMonitor(ls, clock);

            RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(options.seed());
            PipelineParts parts = PipelineParts.withBuiltIns();
            parts.addScorer(provider(PowerAwareScorer.pabfd(sd)));
            parts.addScorer(provider(PowerAwareScorer.packing(sd)));
            parts.addFilter(new HostFilterProvider() {
                public String name() { return CoreSpeedFilter.NAME; }
                public HostFilter create() { return new CoreSpeedFilter(sd, true); }
            });
            PolicyRegistry registry = PolicyRegistry.withBuiltIns(random);
            PipelinePolicy.register(registry, parts, random);
            RemotePolicy.register(registry, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
            registry.register(FIRST_FIT, "the first host, in id order, the VM fits on (no scores)", (p, s) -> {
                BuiltInPolicies.vmUtilisation(s);
                double maxCpu = s.number("max-cpu", 1.0, 0.0, 1.0, "reject hosts whose CPU with the new VM would exceed this (0: no limit)");
                return new PipelineController(FIRST_FIT, FilterChain.standard().with(new LiveLoadFilter(maxCpu)).with(new CoreSpeedFilter(sd, true)),
                        List.of(), new BestSelector(), s.integer("explain-all-below", 64, 0, 100_000, "explanations list every candidate up to this many hosts"));
            });
            if (options.pluginsDir() != null) PluginLoader.load(options.pluginsDir(), registry, parts);
            try {
                registry.check(policy.placement(), policy.placementSettings());
            } catch (PolicySettingException e) {
                throw new IllegalArgumentException("policy " + policy.name() + ": placement setting " + e.getMessage(), e);
            }
            this.engine = new PlacementEngine(registry, clock, hostLoads, Duration.ZERO);
            this.rebalancer = policy.migrates()
                    ? new Rebalancer(policy.rebalance(), hostLoads, vmLoads, clock,
                            new TargetPolicy(scorers(policy.targetScorers(), parts), List.of(new CoreSpeedFilter(sd, false)), true,
                            hostId -> sd.hostTypeIndex[(int) hostId - 1]))
                    : null;
        }

        private static HostScorerProvider provider(HostScorer scorer) {
            return new HostScorerProvider() {
                public String name() { return scorer.name(); }
                public HostScorer create() { return scorer; }
            };
        }

        SimulationResult execute() {
            long wallStart = System.nanoTime();
            int n = sd.n, m = sd.m, steps = dc.steps();
            // Empty hosts report themselves idle, so the load model knows them before the first placement.
            long before = t0.toEpochMilli() - 1;
            for (int h = 0; h < n; h++) hostLoads.accept(h + 1, before, 0, 0, sd.hostRam[h], Double.NaN, Double.NaN, 0);
            int unplaced = placeAll();
            double createdMemory = 0;
            for (int h = 0; h < n; h++) createdMemory = Math.max(createdMemory, (double) sd.usedRam[h] / sd.hostRam[h]);
            sd.start();

            int[] active = new int[steps], overloaded = new int[steps], migrations = new int[steps];
            double[] energy = new double[steps];
            double[] now = new double[m], next = new double[m];
            double peakMemory = createdMemory;
            for (int h = 0; h < n; h++) peakMemory = Math.max(peakMemory, (double) sd.usedRam[h] / sd.hostRam[h]);
            boolean[] wasOn = new boolean[n];
            for (int h = 0; h < n; h++) wasOn[h] = sd.on(h);
            for (int k = 0; k < steps; k++) {
                Instant t = t0.plusSeconds((long) (k * interval));
                clock.set(t);
                long at = t.toEpochMilli();
                for (int v = 0; v < m; v++) now[v] = sd.vmHost[v] < 0 ? 0 : sd.demand(v, k);
                int over = 0;
                for (int h = 0; h < n; h++) {
                    double requested = 0;
                    for (int i = 0; i < sd.hostVmCount[h]; i++) requested += now[sd.hostVms[h][i]];
                    if (requested > sd.hostMips[h] + 1e-9) over++;
                    hostLoads.accept(h + 1, at, requested / sd.hostMips[h], sd.usedRam[h], sd.hostRam[h], Double.NaN, Double.NaN, sd.hostVmCount[h]);
                }
                for (int v = 0; v < m; v++) {
                    int h = sd.vmHost[v];
                    if (h >= 0) vmLoads.accept(v + 1, at, now[v] / sd.hostMips[h], sd.vmRam(v), sd.hostRam[h], Double.NaN, Double.NaN, -1);
                }
                overloaded[k] = over;
                List<Move> moves = rebalancer != null && k > 0 ? rebalance(t, now) : List.of();
                migrations[k] = moves.size();
                for (int v = 0; v < m; v++) next[v] = sd.vmHost[v] < 0 ? 0 : sd.demand(v, k + 1);
                double kwhBefore = metrics.energyKwh();
                measure(now, next, moves);
                energy[k] = metrics.energyKwh() - kwhBefore;
                int on = 0;
                for (int h = 0; h < n; h++) {
                    peakMemory = Math.max(peakMemory, (double) sd.usedRam[h] / sd.hostRam[h]);
                    boolean isOn = sd.on(h);
                    if (wasOn[h] && !isOn) metrics.shutdown();
                    wasOn[h] = isOn;
                    if (isOn) on++;
                }
                active[k] = on;
                options.progress().step(policy.name(), k + 1, steps);
            }
            double wall = (System.nanoTime() - wallStart) / 1e9;
            int max = Arrays.stream(active).max().orElse(0);
            double mean = Arrays.stream(active).average().orElse(0);
            return new SimulationResult(policy.name(), policy.description(), policy.describe(), n, m, unplaced, steps, (long) interval,
                    metrics.energyKwh(), metrics.migrations(), metrics.slatah(), metrics.pdm(), metrics.slav(), metrics.esv(),
                    metrics.shutdowns(), directMoves, mean, max, active, overloaded, migrations, energy, peakMemory, wall, planningNanos / 1e9);
        }

        /** Every VM, in order, through the placement engine; returns how many found no host. */
        private int placeAll() {
            long start = System.nanoTime();
            List<CandidateHost> candidates = new ArrayList<>(sd.n);
            for (int h = 0; h < sd.n; h++) candidates.add(sd.candidate(h));
            TimeWindow window = new TimeWindow(t0, sd.windowEnd());
            int unplaced = 0;
            for (int v = 0; v < sd.m; v++) {
                PlacementDecision d = engine.place(new PlacementRequest(v + 1, sd.image(v), window, candidates, false));
                if (d instanceof PlacementDecision.Chosen chosen) {
                    int h = (int) chosen.host().host().id() - 1;
                    sd.place(v, h);
                    candidates.set(h, sd.candidate(h));
                } else {
                    unplaced++;
                }
            }
            planningNanos += System.nanoTime() - start;
            return unplaced;
        }

        /** Plans on a snapshot and carries the moves out; returns them with their durations. */
        private List<Move> rebalance(Instant t, double[] demand) {
            long start = System.nanoTime();
            RebalancePlan plan = rebalancer.plan(sd.snapshot(t), RebalanceTrigger.PERIODIC, null);
            planningNanos += System.nanoTime() - start;
            List<Move> moves = new ArrayList<>(plan.moves().size());
            for (PlannedMove pm : plan.moves()) {
                int v = (int) pm.reservationId() - 1;
                int from = sd.vmHost[v];
                int to = (int) pm.toHostId() - 1;
                if (from != (int) pm.fromHostId() - 1) throw new IllegalStateException("a planned move starts where the VM is not: " + pm);
                double seconds = Math.min(interval, dc.migrationSeconds(sd.vmRam(v), sd.hostType[from], sd.hostType[to]));
                sd.move(v, to, t);
                if (sd.hostMips[from] != sd.hostMips[to]) rescaleHistory(v, from, to, t);
                moves.add(new Move(v, from, to, seconds));
                rebalancer.moveFinished(pm, true);
                if (pm.reason().figures().containsKey("viaHostId")) directMoves++;
            }
            return moves;
        }

        /**
         * A VM's samples are shares of its current host's CPU: when it moves to a host of another speed, its history is
         * restated in the new host's terms (as a resource manager reporting per-VM load would), so the rebalancer can
         * sum the histories of the VMs a host runs.
         */
        private void rescaleHistory(int v, int from, int to, Instant now) {
            double[] window = new double[vmLoads.settings().windowSize()];
            int n = vmLoads.recentCpu(v + 1, window);
            double factor = (double) sd.hostMips[from] / sd.hostMips[to];
            vmLoads.forget(v + 1);
            long step = (long) (interval * 1000);
            for (int j = 0; j < n; j++) {
                vmLoads.accept(v + 1, now.toEpochMilli() - (n - 1 - j) * step, window[j] * factor, sd.vmRam(v), sd.hostRam[to],
                        Double.NaN, Double.NaN, -1);
            }
        }

        /** Energy, active and violation time of one interval, with the migrations that start at its beginning. */
        private void measure(double[] now, double[] next, List<Move> moves) {
            int n = sd.n;
            double requested = 0;
            for (int v = 0; v < sd.m; v++) requested += (now[v] + next[v]) / 2 * interval;
            metrics.requested(requested);
            boolean[] involved = new boolean[n];
            double[] offsets = new double[moves.size()];
            for (int i = 0; i < moves.size(); i++) {
                Move mv = moves.get(i);
                involved[mv.from] = true;
                involved[mv.to] = true;
                offsets[i] = mv.seconds;
                double lost = (now[mv.vm] + lerp(now[mv.vm], next[mv.vm], mv.seconds / interval)) / 2;
                metrics.migration(lost, mv.seconds, dc.migrationCpuLoss());
            }
            arrival = arrival == null ? new double[sd.m] : arrival;
            java.util.Arrays.fill(arrival, -1);
            for (Move mv : moves) arrival[mv.vm] = mv.seconds;
            // The moments the hosts' states change: when each migration completes.
            double[] cuts = Arrays.stream(offsets).filter(o -> o > 0 && o < interval).distinct().sorted().toArray();
            for (int h = 0; h < n; h++) {
                if (!involved[h]) {
                    if (!sd.on(h)) continue;
                    stretch(h, now, next, 0, interval, null, moves);
                    continue;
                }
                double a = 0;
                for (int c = 0; c <= cuts.length; c++) {
                    double b = c < cuts.length ? cuts[c] : interval;
                    stretch(h, now, next, a, b, a, moves);
                    a = b;
                }
            }
        }

        /**
         * Host h over [a, b) of the interval. {@code during} null: its VMs are those it has now; else those it had at
         * offset {@code during}: a VM that arrives later is not there yet, one that leaves later is still there.
         */
        private void stretch(int h, double[] now, double[] next, double a, double b, Double during, List<Move> moves) {
            if (b <= a) return;
            double fa = a / interval, fb = b / interval;
            double reqA = 0, allocA = 0, allocB = 0;
            boolean incoming = false;
            int count = 0;
            boolean copyCounts = dc.copyCountsOnTarget() && during != null;
            for (int i = 0; i < sd.hostVmCount[h]; i++) {
                int v = sd.hostVms[h][i];
                if (during != null && arrival[v] > during) {
                    incoming = true;
                    if (copyCounts) {
                        // Still being copied: its demand counts here, but it gets only the migration's share of it.
                        double da = lerp(now[v], next[v], fa), db = lerp(now[v], next[v], fb);
                        reqA += da;
                        allocA += sd.capped(v, h, da) * dc.migrationCpuLoss();
                        allocB += sd.capped(v, h, db) * dc.migrationCpuLoss();
                    }
                    continue;
                }
                count++;
                double da = lerp(now[v], next[v], fa), db = lerp(now[v], next[v], fb);
                reqA += da;
                allocA += sd.capped(v, h, da);
                allocB += sd.capped(v, h, db);
            }
            if (during != null) {
                for (Move mv : moves) {
                    if (mv.from == h && mv.seconds > during) {
                        count++;
                        double da = lerp(now[mv.vm], next[mv.vm], fa), db = lerp(now[mv.vm], next[mv.vm], fb);
                        reqA += da;
                        allocA += sd.capped(mv.vm, h, da);
                        allocB += sd.capped(mv.vm, h, db);
                    }
                }
            }
            // On while it runs a VM, or while one is being copied onto it.
            if (count == 0 && !incoming) return;
            double capacity = sd.hostMips[h];
            double ua = Math.min(allocA, capacity) / capacity, ub = Math.min(allocB, capacity) / capacity;
            boolean violated = reqA > Math.min(allocA, capacity) + 1e-6;
            metrics.hostTime(b - a, Metrics.energy(sd.curve[h], ua, ub, b - a), violated);
        }

        private static double lerp(double x, double y, double f) {
            return x + (y - x) * f;
        }
    }
}
