package io.berth.placement.rebalance;

import io.berth.core.domain.HostState;
import io.berth.core.domain.TimeWindow;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.PlannedMove;
import io.berth.core.rebalance.RebalancePlan;
import io.berth.core.rebalance.RebalanceTrigger;
import io.berth.core.rebalance.Rebalancing;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.MigrationReason;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.score.BalanceScorer;
import io.berth.placement.score.ForecastHeadroomScorer;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.BestSelector;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live rebalancing for one resource manager, from the load model placement uses (so a VM moved off a hot host
 * does not land on another): finds hosts overloaded for the whole hold duration, picks VMs to move (minimum
 * migration time or maximum correlation), and chooses each target with the placement pipeline and its filters,
 * against the planned state after the moves before it. It stops when a move would not cut the pool's total
 * overload by the minimum improvement, and it respects caps per cycle and per host and a cooldown per VM.
 */
public final class Rebalancer implements Rebalancing {
    private final RebalanceSettings settings;
    private final LoadMonitor hostLoads;
    private final LoadMonitor vmLoads;
    private final Clock clock;
    private final Map<Long, Instant> lastMoved = new ConcurrentHashMap<>();
    /** A cut in total overload this small is rounding, not a cut. */
    private static final double NO_CUT = 1e-9;

    public Rebalancer(RebalanceSettings settings, LoadMonitor hostLoads, LoadMonitor vmLoads, Clock clock) {
        this.settings = settings;
        this.hostLoads = hostLoads;
        this.vmLoads = vmLoads;
        this.clock = clock;
    }

    public RebalanceSettings settings() {
        return settings;
    }

    @Override
    public RebalancePlan plan(ClusterSnapshot snapshot, RebalanceTrigger trigger, Long drainHostId) {
        PlannedCluster model = PlannedCluster.of(snapshot, hostLoads, vmLoads);
        Map<String, Double> before = measure(model);
        List<PlannedMove> moves = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (trigger == RebalanceTrigger.MAINTENANCE) {
            drain(model, drainHostId, moves, notes);
        } else {
            relieve(model, moves, notes);
        }
        Map<String, Double> after = measure(model);
        String summary = moves.isEmpty()
                ? (trigger == RebalanceTrigger.MAINTENANCE ? "nothing to move off the host" : "no sustained overload worth a move")
                : moves.size() + " move(s): total overload " + fmt(before.get("totalOverload")) + " -> " + fmt(after.get("totalOverload"))
                + ", peak CPU " + fmt(before.get("peakCpu")) + " -> " + fmt(after.get("peakCpu"));
        return new RebalancePlan(snapshot.resourceType(), clock.instant(), trigger, moves, before, after, summary, notes);
    }

    /** Moves VMs off hosts overloaded for the whole hold duration, worst host first. */
    private void relieve(PlannedCluster model, List<PlannedMove> moves, List<String> notes) {
        List<Long> overloaded = new ArrayList<>();
        for (long h : model.hosts.keySet()) {
            HostLoad l = model.measured.get(h);
            if (model.hosts.get(h).state() == HostState.DOWN || l.stale()) continue;
            if (!settings.detector().overloaded(l, 0)) continue;
            int held = heldSamples(h, settings.detector().threshold(l));
            if (held < settings.holdSamples()) {
                notes.add(model.hosts.get(h).name() + " is over its threshold " + fmt(settings.detector().threshold(l))
                        + " but only for " + held + " of the " + settings.holdSamples() + " samples the hold needs; left alone");
                continue;
            }
            overloaded.add(h);
        }
        overloaded.sort(Comparator.comparingDouble((Long h) -> -excess(model, h)));
        for (long source : overloaded) {
            Set<Long> tried = new HashSet<>();
            // A VM moves at most once per plan: one moved onto a host relieved later must not go back (a round trip).
            for (PlannedMove m : moves) tried.add(m.reservationId());
            while (moves.size() < settings.maxMovesPerCycle() && excess(model, source) > 0
                    && model.movesOut.getOrDefault(source, 0) < settings.maxMovesPerHost()) {
                PlannedCluster.Vm vm = selectVm(model, source, tried, notes);
                if (vm == null) break;
                tried.add(vm.instance.reservationId());
                double totalBefore = totalOverload(model);
                Target target = chooseTarget(model, vm, Set.of(source), true);
                if (target == null) {
                    notes.add("no host can take reservation " + vm.instance.reservationId() + " from " + model.hosts.get(source).name()
                            + " within the ceiling " + fmt(settings.targetCeiling()));
                    continue;
                }
                double sourceBefore = model.cpu(source);
                double vmShare = vm.cpuShare;
                model.move(vm, target.hostId);
                // Never make a new hot spot: a target left hotter than its source was would raise the pool's peak (a
                // bigger or steadier target can absorb a VM with a net cut in overload, yet end up the hottest host).
                double targetAfter = model.cpu(target.hostId);
                if (targetAfter > sourceBefore) {
                    undo(model, vm, source);
                    notes.add("moving reservation " + vm.instance.reservationId() + " would leave " + target.name + " at " + fmt(targetAfter)
                            + ", hotter than " + model.hosts.get(source).name() + " was (" + fmt(sourceBefore) + "); not moved");
                    continue;
                }
                double gain = totalBefore - totalOverload(model);
                if (gain < settings.minImprovement() || gain <= NO_CUT) {
                    // Even with a minimum improvement of 0, a migration that cuts nothing (a VM moved from one
                    // overloaded host to another) is all cost.
                    undo(model, vm, source);
                    notes.add("moving reservation " + vm.instance.reservationId() + (gain <= NO_CUT
                            ? " would not cut total overload (" + fmt(gain) + "); not moved"
                            : " would cut total overload by only " + fmt(gain) + " (< " + settings.minImprovement() + "); not moved"));
                    continue;
                }
                moves.add(move(model, vm, vmShare, source, target, "rebalance", String.format(
                        "%s was overloaded (%s %.2f > %.2f, sustained); moving reservation %d (%.2f of the host's CPU) to %s",
                        model.hosts.get(source).name(), settings.detector().spec(), sourceBefore, settings.detector().threshold(model.measured.get(source)),
                        vm.instance.reservationId(), vmShare, target.name), sourceBefore, gain));
            }
            if (moves.size() >= settings.maxMovesPerCycle()) {
                notes.add("stopped at the cap of " + settings.maxMovesPerCycle() + " migrations per rebalance");
                break;
            }
        }
    }

    /** Maintenance: every movable instance leaves the host, if some host can take it. */
    private void drain(PlannedCluster model, Long hostId, List<PlannedMove> moves, List<String> notes) {
        if (hostId == null || !model.hosts.containsKey(hostId)) return;
        List<PlannedCluster.Vm> leaving = new ArrayList<>(model.vmsOn(hostId));
        leaving.sort(Comparator.comparingLong(PlannedCluster.Vm::memoryMb)); // quickest first
        for (PlannedCluster.Vm vm : leaving) {
            if (!vm.instance.movable()) {
                notes.add("reservation " + vm.instance.reservationId() + " is " + vm.instance.state() + "; it stays until it ends");
                continue;
            }
            Target target = chooseTarget(model, vm, Set.of(hostId), false);
            if (target == null) {
                notes.add("no host can take reservation " + vm.instance.reservationId() + "; it stays until it ends");
                continue;
            }
            double sourceCpu = model.cpu(hostId);
            double vmShare = vm.cpuShare;
            model.move(vm, target.hostId);
            moves.add(move(model, vm, vmShare, hostId, target, "maintenance", "host " + model.hosts.get(hostId).name()
                    + " is being drained for maintenance; moving reservation " + vm.instance.reservationId() + " to " + target.name, sourceCpu, 0));
        }
    }

    private PlannedMove move(PlannedCluster model, PlannedCluster.Vm vm, double vmShareOnSource, long source, Target target,
                             String trigger, String summary, double sourceCpuBefore, double gain) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("sourceCpuBefore", round(sourceCpuBefore));
        figures.put("sourceThreshold", round(settings.detector().threshold(model.measured.get(source))));
        figures.put("sourceCpuAfter", round(model.cpu(source)));
        figures.put("vmCpu", round(vmShareOnSource));
        figures.put("vmCpuOnTarget", round(vm.cpuShare));
        figures.put("targetCpuAfter", round(model.cpu(target.hostId)));
        figures.put("overloadCut", round(gain));
        figures.put("vmMemoryMb", (double) vm.memoryMb());
        return new PlannedMove(vm.instance.reservationId(), source, model.hosts.get(source).name(), target.hostId, target.name,
                new MigrationReason(trigger, summary, figures, target.explanation));
    }

    private void undo(PlannedCluster model, PlannedCluster.Vm vm, long back) {
        long to = vm.hostId;
        model.move(vm, back);
        model.movesIn.merge(to, -1, Integer::sum);
        model.movesOut.merge(back, -1, Integer::sum);
        model.movesIn.merge(back, -1, Integer::sum);
        model.movesOut.merge(to, -1, Integer::sum);
    }

    /** Number of newest samples, in a row, above the threshold (the hold is met when it reaches holdSamples). */
    private int heldSamples(long hostId, double threshold) {
        double[] recent = new double[settings.holdSamples()];
        int n = hostLoads.recentCpu(hostId, recent);
        int held = 0;
        for (int i = n - 1; i >= 0 && recent[i] > threshold; i--) held++;
        return held;
    }

    private PlannedCluster.Vm selectVm(PlannedCluster model, long source, Set<Long> tried, List<String> notes) {
        Instant now = clock.instant();
        List<PlannedCluster.Vm> options = new ArrayList<>();
        for (PlannedCluster.Vm vm : model.vmsOn(source)) {
            long id = vm.instance.reservationId();
            if (tried.contains(id) || !vm.instance.movable()) continue;
            // The later of this rebalancer's own record and the snapshot's (a migration made elsewhere counts too).
            Instant mine = lastMoved.get(id), recorded = vm.instance.lastMigratedAt();
            Instant last = mine == null ? recorded : recorded == null || mine.isAfter(recorded) ? mine : recorded;
            if (last != null && last.plus(settings.cooldown()).isAfter(now)) {
                notes.add("reservation " + id + " moved at " + last + "; in cooldown until " + last.plus(settings.cooldown()));
                tried.add(id);
                continue;
            }
            options.add(vm);
        }
        if (options.isEmpty()) return null;
        if (settings.vmSelection() == VmSelection.MC && vmLoads != null) {
            PlannedCluster.Vm best = null;
            double bestCorrelation = Double.NEGATIVE_INFINITY;
            for (PlannedCluster.Vm vm : options) {
                double c = correlation(source, vm.instance.reservationId());
                if (c > bestCorrelation) {
                    bestCorrelation = c;
                    best = vm;
                }
            }
            return best;
        }
        return options.stream().min(Comparator.comparingLong(PlannedCluster.Vm::memoryMb)
                .thenComparing(v -> -v.cpuShare)).orElseThrow();
    }

    /** Pearson correlation of a VM's recent load with its host's; 0 when either has too little history. */
    private double correlation(long hostId, long reservationId) {
        double[] host = new double[30];
        double[] vm = new double[30];
        int n = Math.min(hostLoads.recentCpu(hostId, host), vmLoads.recentCpu(reservationId, vm));
        if (n < 3) return 0;
        int hOff = hostLoads.recentCpu(hostId, host) - n;
        int vOff = vmLoads.recentCpu(reservationId, vm) - n;
        double mh = 0, mv = 0;
        for (int i = 0; i < n; i++) {
            mh += host[hOff + i];
            mv += vm[vOff + i];
        }
        mh /= n;
        mv /= n;
        double cov = 0, vh = 0, vv = 0;
        for (int i = 0; i < n; i++) {
            double a = host[hOff + i] - mh, b = vm[vOff + i] - mv;
            cov += a * b;
            vh += a * a;
            vv += b * b;
        }
        return vh == 0 || vv == 0 ? 0 : cov / Math.sqrt(vh * vv);
    }

    private record Target(long hostId, String name, PlacementExplanation explanation) {}

    /** The placement pipeline on the planned state: standard filters, a CPU ceiling, headroom and balance. */
    private Target chooseTarget(PlannedCluster model, PlannedCluster.Vm vm, Set<Long> excluded, boolean capIncoming) {
        List<CandidateHost> candidates = new ArrayList<>();
        long pool = model.hosts.get(vm.hostId).poolId();
        List<Long> allowedPools = vm.instance.image().pools();
        for (long h : model.hosts.keySet()) {
            if (excluded.contains(h) || h == vm.hostId) continue;
            // A pool is its own placement domain: instances move within their pool (or their image's pools).
            long candidatePool = model.hosts.get(h).poolId();
            if (allowedPools.isEmpty() ? candidatePool != pool : !allowedPools.contains(candidatePool)) continue;
            if (capIncoming && model.movesIn.getOrDefault(h, 0) >= settings.maxMovesPerHost()) continue;
            candidates.add(model.candidate(h));
        }
        if (candidates.isEmpty()) return null;
        PlacementDecision d = decide(model, vm, candidates, settings.targetCeiling());
        if (!(d instanceof PlacementDecision.Chosen chosen)) return null;
        return new Target(chosen.host().host().id(), chosen.host().host().name(), d.explanation());
    }

    private PlacementDecision decide(PlannedCluster model, PlannedCluster.Vm vm, List<CandidateHost> candidates, double ceiling) {
        Instant now = clock.instant();
        var inst = vm.instance;
        Instant end = inst.windowEnd().isAfter(now) ? inst.windowEnd() : now.plusMillis(1);
        var group = inst.group();
        PlacementRequest request = new PlacementRequest(inst.reservationId(), inst.image(), new TimeWindow(now, end), candidates, false,
                group, group == null ? Map.of() : model.groupMembers(group.name(), inst.reservationId()));
        // The VM's real CPU use, not an assumption: its share of its current host, in VCPUs.
        double utilisation = vm.vcpus() == 0 ? 0 : Math.min(1, vm.cpuShare * model.cores(vm.hostId) / vm.vcpus());
        HostTable table = HostTable.of(request, candidates, model.plannedLoads(), utilisation);
        // The plan counts a host's CPU as PlannedCluster.cpu does (the latest sample included, and a stale host's penalty
        // plus the moves planned onto it), so the ceiling must hold for that as well as for the forecast: else a VM
        // could land on a host that is hot right now, or pile onto a stale one whose penalty hides the earlier moves.
        for (int i = 0; i < table.size; i++) table.projectedCpu[i] = Math.max(table.projectedCpu[i], model.cpu(table.hostId[i]));
        PipelineController pipeline = new PipelineController("rebalance-target",
                FilterChain.standard().with(new LiveLoadFilter(ceiling)),
                List.of(new WeightedScorer(new ForecastHeadroomScorer(), 0.6), new WeightedScorer(new BalanceScorer(), 0.4)),
                new BestSelector(), 64);
        var pool = candidates.getFirst().pool();
        return pipeline.place(new PlacementContext(request, pool, table, now));
    }

    @Override
    public Optional<String> revalidate(PlannedMove move, ClusterSnapshot fresh) {
        PlannedCluster model = PlannedCluster.of(fresh, hostLoads, vmLoads);
        PlannedCluster.Vm vm = model.vms.get(move.reservationId());
        if (vm == null) return Optional.of("reservation " + move.reservationId() + " no longer holds a host");
        if (vm.hostId != move.fromHostId()) return Optional.of("reservation " + move.reservationId() + " is no longer on " + move.fromHostName());
        if (!vm.instance.movable()) return Optional.of("reservation " + move.reservationId() + " is " + vm.instance.state());
        if (!model.hosts.containsKey(move.toHostId())) return Optional.of("host " + move.toHostName() + " is gone");
        boolean maintenance = "maintenance".equals(move.reason().trigger());
        if (!maintenance && !settings.detector().overloaded(model.measured.get(move.fromHostId()), 0)) {
            return Optional.of(move.fromHostName() + " is no longer overloaded");
        }
        PlacementDecision d = decide(model, vm, List.of(model.candidate(move.toHostId())), settings.targetCeiling());
        if (d instanceof PlacementDecision.Chosen) return Optional.empty();
        var c = d.explanation().candidates().getFirst();
        return Optional.of("target " + move.toHostName() + " now refused by filter '" + c.rejectedBy() + "': " + c.reason());
    }

    @Override
    public PlacementExplanation checkMove(ClusterSnapshot snapshot, long reservationId, long toHostId) {
        PlannedCluster model = PlannedCluster.of(snapshot, hostLoads, vmLoads);
        PlannedCluster.Vm vm = model.vms.get(reservationId);
        if (vm == null) {
            throw new io.berth.core.error.ConflictException("reservation " + reservationId + " holds no host of this resource type");
        }
        if (!model.hosts.containsKey(toHostId)) {
            return new PlacementExplanation("rebalance-target", clock.instant(), List.of(), null, "no such host", Map.of());
        }
        // An admin may choose a busy host; only staleness and the hard rules apply (no CPU ceiling).
        return decide(model, vm, List.of(model.candidate(toHostId)), 0).explanation();
    }

    @Override
    public void moveFinished(PlannedMove move, boolean succeeded) {
        if (succeeded) lastMoved.put(move.reservationId(), clock.instant());
    }

    private double excess(PlannedCluster model, long hostId) {
        HostLoad l = model.measured.get(hostId);
        if (l.samples() == 0 || l.stale()) return 0;
        double delta = model.cpuDelta.getOrDefault(hostId, 0.0);
        return Math.max(0, settings.detector().value(l, delta) - settings.detector().threshold(l));
    }

    private double totalOverload(PlannedCluster model) {
        double sum = 0;
        for (long h : model.hosts.keySet()) sum += excess(model, h);
        return sum;
    }

    private Map<String, Double> measure(PlannedCluster model) {
        double peak = 0, sum = 0, sum2 = 0;
        int n = 0, overloaded = 0;
        for (long h : model.hosts.keySet()) {
            HostLoad l = model.measured.get(h);
            if (l.samples() == 0 || l.stale()) continue;
            double cpu = model.cpu(h);
            peak = Math.max(peak, cpu);
            sum += cpu;
            sum2 += cpu * cpu;
            n++;
            if (excess(model, h) > 0) overloaded++;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("peakCpu", round(peak));
        m.put("meanCpu", round(n == 0 ? 0 : sum / n));
        m.put("cpuStdDev", round(n == 0 ? 0 : Math.sqrt(Math.max(0, sum2 / n - (sum / n) * (sum / n)))));
        m.put("overloadedHosts", (double) overloaded);
        m.put("totalOverload", round(totalOverload(model)));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }
}
