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
import io.berth.placement.filter.HostFilter;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.select.BestSelector;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * migration time, maximum correlation or cheapest relief), and chooses each target with the placement pipeline and
 * its filters, against the planned state after the moves before it. It stops when a move would not cut the pool's
 * total overload by the minimum improvement, and it respects caps per cycle and per host and a cooldown per VM.
 *
 * <p>With {@link RebalanceSettings#consolidation() consolidation} on, it then empties underloaded hosts, least
 * loaded first, each only if all its VMs find a target, so they can be switched off.
 */
public final class Rebalancer implements Rebalancing {
    /** Above this many candidate hosts a target explanation is a summary anyway, and pre-screening may apply. */
    private static final int EXPLAIN_ALL_BELOW = 64;
    /** A cut in total overload this small is rounding, not a cut. */
    private static final double NO_CUT = 1e-9;

    private final RebalanceSettings settings;
    private final LoadMonitor hostLoads;
    private final LoadMonitor vmLoads;
    private final Clock clock;
    private final TargetPolicy targets;
    private final PipelineController targetPipeline;
    /** The same, explaining only the pick, the best and a few rejections: for pre-screened (partial) candidate lists. */
    private final PipelineController targetSummaryPipeline;
    private final PipelineController adminPipeline;
    private final Map<Long, Instant> lastMoved = new ConcurrentHashMap<>();

    public Rebalancer(RebalanceSettings settings, LoadMonitor hostLoads, LoadMonitor vmLoads, Clock clock) {
        this(settings, hostLoads, vmLoads, clock, TargetPolicy.defaults());
    }

    public Rebalancer(RebalanceSettings settings, LoadMonitor hostLoads, LoadMonitor vmLoads, Clock clock, TargetPolicy targets) {
        this.settings = settings;
        this.hostLoads = hostLoads;
        this.vmLoads = vmLoads;
        this.clock = clock;
        this.targets = targets;
        FilterChain chain = FilterChain.standard().with(new LiveLoadFilter(settings.targetCeiling()));
        if (settings.targetNotOverloaded()) chain = chain.with(new NotOverloadedAfterFilter(settings.detector()));
        for (HostFilter f : targets.extraFilters()) chain = chain.with(f);
        this.targetPipeline = new PipelineController("rebalance-target", chain, targets.scorers(), new BestSelector(), EXPLAIN_ALL_BELOW);
        this.targetSummaryPipeline = new PipelineController("rebalance-target", chain, targets.scorers(), new BestSelector(), 0);
        // An admin may choose a busy host: only staleness, the hard rules and the extra (hardware) filters apply.
        FilterChain admin = FilterChain.standard().with(new LiveLoadFilter(0));
        for (HostFilter f : targets.extraFilters()) admin = admin.with(f);
        this.adminPipeline = new PipelineController("rebalance-target", admin, targets.scorers(), new BestSelector(), EXPLAIN_ALL_BELOW);
    }

    public RebalanceSettings settings() {
        return settings;
    }

    @Override
    public RebalancePlan plan(ClusterSnapshot snapshot, RebalanceTrigger trigger, Long drainHostId) {
        PlannedCluster model = PlannedCluster.of(snapshot, hostLoads, vmLoads, settings.detector());
        if (targets.prescreen() && targets.hostClass() != null) model.trackIdle(targets.hostClass());
        Map<String, Double> before = measure(model);
        List<PlannedMove> moves = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (trigger == RebalanceTrigger.MAINTENANCE) {
            drain(model, drainHostId, moves, notes);
        } else {
            boolean[] overloaded = new boolean[model.n];
            relieve(model, moves, notes, overloaded);
            consolidate(model, moves, notes, overloaded);
        }
        Map<String, Double> after = measure(model);
        String summary = moves.isEmpty()
                ? (trigger == RebalanceTrigger.MAINTENANCE ? "nothing to move off the host" : "no sustained overload worth a move")
                : moves.size() + " move(s): total overload " + fmt(before.get("totalOverload")) + " -> " + fmt(after.get("totalOverload"))
                + ", peak CPU " + fmt(before.get("peakCpu")) + " -> " + fmt(after.get("peakCpu"));
        return new RebalancePlan(snapshot.resourceType(), clock.instant(), trigger, moves, before, after, summary, notes);
    }

    /** Moves VMs off hosts overloaded for the whole hold duration, worst host first; marks those hosts. */
    private void relieve(PlannedCluster model, List<PlannedMove> moves, List<String> notes, boolean[] overloadedMask) {
        List<Integer> overloaded = new ArrayList<>();
        for (int h = 0; h < model.n; h++) {
            HostLoad l = model.measured[h];
            if (model.hosts[h].state() == HostState.DOWN || l.stale()) continue;
            if (!settings.detector().overloaded(l, 0)) continue;
            overloadedMask[h] = true;
            int held = heldSamples(model.ids[h], settings.detector().threshold(l));
            if (held < settings.holdSamples()) {
                notes.add(model.hosts[h].name() + " is over its threshold " + fmt(settings.detector().threshold(l))
                        + " but only for " + held + " of the " + settings.holdSamples() + " samples the hold needs; left alone");
                continue;
            }
            overloaded.add(h);
        }
        overloaded.sort(Comparator.comparingDouble((Integer h) -> -excess(model, h)));
        if (settings.reliefOrder() == RebalanceSettings.ReliefOrder.DECREASING) {
            relieveDecreasing(model, overloaded, moves, notes);
            return;
        }
        Set<Long> moved = new HashSet<>();
        boolean[] excluded = new boolean[model.n];
        for (int source : overloaded) {
            Set<Long> tried = new HashSet<>(moved); // a VM moves at most once per plan: never back onto a host relieved later
            excluded[source] = true;
            while (moves.size() < settings.maxMovesPerCycle() && excess(model, source) > 0
                    && model.movesOut[source] < settings.maxMovesPerHost()) {
                PlannedCluster.Vm vm = selectVm(model, source, tried, notes, 0);
                if (vm == null) break;
                tried.add(vm.id());
                Target target = chooseTarget(model, vm, excluded, true);
                if (target == null) {
                    notes.add("no host can take reservation " + vm.id() + " from " + model.hosts[source].name()
                            + " within the ceiling " + fmt(settings.targetCeiling()));
                    continue;
                }
                if (tryRelief(model, vm, source, target, moves, notes)) moved.add(vm.id());
            }
            if (moves.size() >= settings.maxMovesPerCycle()) {
                notes.add("stopped at the cap of " + settings.maxMovesPerCycle() + " migrations per rebalance");
                break;
            }
        }
    }

    /**
     * Plans one relief move if it keeps the rules: no new hot spot, and a cut in the pool's total overload of at least
     * the minimum improvement. Returns whether it was planned.
     */
    private boolean tryRelief(PlannedCluster model, PlannedCluster.Vm vm, int source, Target target, List<PlannedMove> moves, List<String> notes) {
        int to = target.host;
        double overloadBefore = excess(model, source) + excess(model, to);
        double sourceBefore = model.cpu(source);
        double vmShare = vm.cpuShare;
        model.move(vm, to);
        // Never make a new hot spot: a target left hotter than its source was would raise the pool's peak (a
        // bigger or steadier target can absorb a VM with a net cut in overload, yet end up the hottest host).
        double targetAfter = model.cpu(to);
        if (targetAfter > sourceBefore) {
            model.undo(vm, source);
            notes.add("moving reservation " + vm.id() + " would leave " + target.name + " at " + fmt(targetAfter)
                    + ", hotter than " + model.hosts[source].name() + " was (" + fmt(sourceBefore) + "); not moved");
            return false;
        }
        // Only the source and the target change, so the cut in the pool's total overload is theirs.
        double gain = overloadBefore - (excess(model, source) + excess(model, to));
        if (gain < settings.minImprovement() || gain <= NO_CUT) {
            // Even with a minimum improvement of 0, a migration that cuts nothing (a VM moved from one
            // overloaded host to another) is all cost.
            model.undo(vm, source);
            notes.add("moving reservation " + vm.id() + (gain <= NO_CUT
                    ? " would not cut total overload (" + fmt(gain) + "); not moved"
                    : " would cut total overload by only " + fmt(gain) + " (< " + settings.minImprovement() + "); not moved"));
            return false;
        }
        moves.add(move(model, vm, vmShare, source, target, "rebalance", String.format(
                "%s was overloaded (%s %.2f > %.2f, sustained); moving reservation %d (%.2f of the host's CPU) to %s",
                model.hosts[source].name(), settings.detector().spec(), sourceBefore, settings.detector().threshold(model.measured[source]),
                vm.id(), vmShare, target.name), sourceBefore, gain));
        return true;
    }

    /**
     * Best fit decreasing: every overloaded host first selects the VMs it must shed (as if they had left), then all of
     * them are placed biggest CPU first; none lands on an overloaded host, and a VM no host can take stays.
     */
    private void relieveDecreasing(PlannedCluster model, List<Integer> overloaded, List<PlannedMove> moves, List<String> notes) {
        boolean[] excluded = new boolean[model.n];
        for (int source : overloaded) excluded[source] = true;
        record Leaving(PlannedCluster.Vm vm, int source, double cpu) {}
        List<Leaving> leaving = new ArrayList<>();
        for (int source : overloaded) {
            Set<Long> tried = new HashSet<>();
            double shed = 0;
            for (int count = 0; count < settings.maxMovesPerHost() && excess(model, source, -shed) > 0; count++) {
                PlannedCluster.Vm vm = selectVm(model, source, tried, notes, shed);
                if (vm == null) break;
                tried.add(vm.id());
                shed += vm.cpuShare;
                leaving.add(new Leaving(vm, source, vm.cpuShare * model.cores[source]));
            }
        }
        leaving.sort(Comparator.comparingDouble((Leaving l) -> -l.cpu).thenComparingLong(l -> l.vm.id()));
        for (Leaving l : leaving) {
            if (moves.size() >= settings.maxMovesPerCycle()) {
                notes.add("stopped at the cap of " + settings.maxMovesPerCycle() + " migrations per rebalance");
                return;
            }
            if (!(excess(model, l.source) > NO_CUT)) {
                // The VMs placed before it already brought its host under the threshold: moving it would cut nothing.
                notes.add("moving reservation " + l.vm.id() + " would not cut total overload (0.00); not moved");
                continue;
            }
            Target target = chooseTarget(model, l.vm, excluded, true);
            if (target == null) {
                notes.add("no host can take reservation " + l.vm.id() + " from " + model.hosts[l.source].name()
                        + " within the ceiling " + fmt(settings.targetCeiling()));
                continue;
            }
            tryRelief(model, l.vm, l.source, target, moves, notes);
        }
    }

    /**
     * Underload consolidation: the least-loaded hosts that are on, one at a time, are emptied if every one of their VMs
     * finds a target among the hosts that are on (all or nothing), so they can be switched off. Overloaded hosts are
     * neither sources nor targets, and hosts that shed VMs are no sources; a host tried as a source is no target
     * afterwards, and one that received VMs from an emptied host is no source. A host that received a VM from the
     * relief may be emptied too: that VM then goes straight from its overloaded host to its final target (one move).
     */
    private void consolidate(PlannedCluster model, List<PlannedMove> moves, List<String> notes, boolean[] overloaded) {
        RebalanceSettings.Consolidation c = settings.consolidation();
        if (!c.enabled() || moves.size() >= settings.maxMovesPerCycle()) return;
        int n = model.n;
        boolean[] notTarget = new boolean[n];
        boolean[] notSource = new boolean[n];
        Map<Long, Integer> relieved = new HashMap<>();
        for (int k = 0; k < moves.size(); k++) relieved.put(moves.get(k).reservationId(), k);
        double[] load = new double[n];
        List<Integer> sources = new ArrayList<>();
        Instant now = clock.instant();
        for (int h = 0; h < n; h++) {
            HostLoad l = model.measured[h];
            // On when the rebalance began: consolidation packs onto running hosts, never onto one this plan woke up.
            boolean on = model.initialVms[h] > 0 || (l.samples() > 0 && l.cpu() > 0);
            boolean usable = model.hosts[h].state() == HostState.AVAILABLE && !l.stale() && l.samples() > 0;
            boolean touched = model.movesOut[h] > 0;
            if (!usable || !on || overloaded[h] || touched) {
                notTarget[h] = !usable || !on || overloaded[h];
                notSource[h] = true;
                continue;
            }
            load[h] = c.useForecast() ? model.projectedCpu(h) : model.cpu(h);
            if (model.vmsOn(h).isEmpty() || !(load[h] < c.underload()) || !(load[h] < 1)) {
                notSource[h] = true;
                continue;
            }
            for (PlannedCluster.Vm vm : model.vmsOn(h)) {
                if (!vm.instance.movable() || (!relieved.containsKey(vm.id()) && inCooldown(vm, now))) {
                    notSource[h] = true;
                    break;
                }
            }
            if (!notSource[h]) sources.add(h);
        }
        sources.sort(Comparator.comparingDouble((Integer h) -> load[h]));
        int emptied = 0, failed = 0;
        record Step(PlannedCluster.Vm vm, double share, Target target) {}
        for (int source : sources) {
            if (notSource[source]) continue; // it took VMs from a host emptied before it
            notTarget[source] = true;
            List<PlannedCluster.Vm> leaving = new ArrayList<>(model.vmsOn(source));
            leaving.sort(Comparator.comparingDouble((PlannedCluster.Vm v) -> -v.cpuShare).thenComparingLong(PlannedCluster.Vm::id));
            List<Step> steps = new ArrayList<>(leaving.size());
            boolean ok = moves.size() + leaving.size() <= settings.maxMovesPerCycle() && eachMayFit(model, leaving, notTarget);
            for (int k = 0; ok && k < leaving.size(); k++) {
                PlannedCluster.Vm vm = leaving.get(k);
                Target target = chooseTarget(model, vm, notTarget, true);
                if (target == null) {
                    ok = false;
                    break;
                }
                double share = vm.cpuShare;
                model.move(vm, target.host);
                steps.add(new Step(vm, share, target));
            }
            if (!ok) {
                for (int k = steps.size() - 1; k >= 0; k--) model.undo(steps.get(k).vm, source);
                failed++;
                continue;
            }
            double sourceCpu = model.base[source];
            for (Step s : steps) {
                notSource[s.target.host] = true;
                Integer earlier = relieved.get(s.vm.id());
                if (earlier == null) {
                    moves.add(move(model, s.vm, s.share, source, s.target, "consolidation", String.format(
                            "%s was underloaded (CPU %.2f); emptying it so it can be switched off: moving reservation %d to %s",
                            model.hosts[source].name(), load[source], s.vm.id(), s.target.name), sourceCpu, 0));
                } else {
                    // Planned off an overloaded host onto this one, which is now emptied: one move, to the final target.
                    PlannedMove relief = moves.get(earlier);
                    int from = model.index(relief.fromHostId());
                    PlannedMove merged = move(model, s.vm, relief.reason().figures().get("vmCpu"), from, s.target, relief.reason().trigger(), relief.reason().summary()
                            .replace(" to " + relief.toHostName(), " to " + s.target.name + " (not " + relief.toHostName()
                                    + ", which was then emptied)"), relief.reason().figures().get("sourceCpuBefore"),
                            relief.reason().figures().get("overloadCut"));
                    Map<String, Double> figures = new LinkedHashMap<>(merged.reason().figures());
                    figures.put("viaHostId", (double) relief.toHostId()); // the host it would have gone through
                    moves.set(earlier, new PlannedMove(merged.reservationId(), merged.fromHostId(), merged.fromHostName(),
                            merged.toHostId(), merged.toHostName(), new MigrationReason(merged.reason().trigger(),
                            merged.reason().summary(), figures, merged.reason().target())));
                }
            }
            if (++emptied >= c.maxHostsPerCycle()) break;
        }
        if (emptied > 0 || failed > 0) {
            notes.add("consolidation: emptied " + emptied + " underloaded host(s); " + failed + " could not be emptied (a VM found no target)");
        }
    }

    /**
     * A necessary condition for emptying a host, checked before asking the pipeline: every VM, on its own, has some
     * target with the memory and CPU room for it that the detector would not find overloaded. Targets only fill up as
     * a host's VMs are placed one by one, so a VM with no such target now would find none later either.
     */
    private boolean eachMayFit(PlannedCluster model, List<PlannedCluster.Vm> leaving, boolean[] notTarget) {
        for (PlannedCluster.Vm vm : leaving) {
            boolean any = false;
            if (model.busyAtStart != null) {
                // Hosts idle when the plan began are off, and no consolidation target: only the others need a look.
                for (List<Integer> list : List.of(model.busyAtStart, model.woken)) {
                    for (int i = 0; i < list.size() && !any; i++) any = mayTake(model, vm, list.get(i), notTarget);
                }
            } else {
                for (int h = 0; h < model.n && !any; h++) any = mayTake(model, vm, h, notTarget);
            }
            if (!any) return false;
        }
        return true;
    }

    private boolean mayTake(PlannedCluster model, PlannedCluster.Vm vm, int h, boolean[] notTarget) {
        return !notTarget[h] && h != vm.host && model.movesIn[h] < settings.maxMovesPerHost() && !lacksRoom(model, vm, h);
    }

    /** Maintenance: every movable instance leaves the host, if some host can take it. */
    private void drain(PlannedCluster model, Long hostId, List<PlannedMove> moves, List<String> notes) {
        int h = hostId == null ? -1 : model.index(hostId);
        if (h < 0) return;
        List<PlannedCluster.Vm> leaving = new ArrayList<>(model.vmsOn(h));
        leaving.sort(Comparator.comparingLong(PlannedCluster.Vm::memoryMb)); // quickest first
        boolean[] excluded = new boolean[model.n];
        excluded[h] = true;
        for (PlannedCluster.Vm vm : leaving) {
            if (!vm.instance.movable()) {
                notes.add("reservation " + vm.id() + " is " + vm.instance.state() + "; it stays until it ends");
                continue;
            }
            Target target = chooseTarget(model, vm, excluded, false);
            if (target == null) {
                notes.add("no host can take reservation " + vm.id() + "; it stays until it ends");
                continue;
            }
            double sourceCpu = model.cpu(h);
            double vmShare = vm.cpuShare;
            model.move(vm, target.host);
            moves.add(move(model, vm, vmShare, h, target, "maintenance", "host " + model.hosts[h].name()
                    + " is being drained for maintenance; moving reservation " + vm.id() + " to " + target.name, sourceCpu, 0));
        }
    }

    private PlannedMove move(PlannedCluster model, PlannedCluster.Vm vm, double vmShareOnSource, int source, Target target,
                             String trigger, String summary, double sourceCpuBefore, double gain) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("sourceCpuBefore", round(sourceCpuBefore));
        figures.put("sourceThreshold", round(settings.detector().threshold(model.measured[source])));
        figures.put("sourceCpuAfter", round(model.cpu(source)));
        figures.put("vmCpu", round(vmShareOnSource));
        figures.put("vmCpuOnTarget", round(vm.cpuShare));
        figures.put("targetCpuAfter", round(model.cpu(target.host)));
        figures.put("overloadCut", round(gain));
        figures.put("vmMemoryMb", (double) vm.memoryMb());
        return new PlannedMove(vm.id(), model.ids[source], model.hosts[source].name(), model.ids[target.host], target.name,
                new MigrationReason(trigger, summary, figures, target.explanation));
    }

    /** Number of newest samples, in a row, above the threshold (the hold is met when it reaches holdSamples). */
    private int heldSamples(long hostId, double threshold) {
        // A hold of one sample is the detector's own verdict now (for a forecast, the newest sample may well be lower).
        if (settings.holdSamples() <= 1) return 1;
        double[] recent = new double[settings.holdSamples()];
        int n = hostLoads.recentCpu(hostId, recent);
        int held = 0;
        for (int i = n - 1; i >= 0 && recent[i] > threshold; i--) held++;
        return held;
    }

    private boolean inCooldown(PlannedCluster.Vm vm, Instant now) {
        if (settings.cooldown().isZero()) return false;
        Instant last = lastMove(vm);
        return last != null && last.plus(settings.cooldown()).isAfter(now);
    }

    /** The later of this rebalancer's own record and the snapshot's (a migration made elsewhere counts too). */
    private Instant lastMove(PlannedCluster.Vm vm) {
        Instant mine = lastMoved.get(vm.id()), recorded = vm.instance.lastMigratedAt();
        return mine == null ? recorded : recorded == null || mine.isAfter(recorded) ? mine : recorded;
    }

    /** The next VM to leave {@code source}, whose VMs selected before already shed {@code shed} of its CPU. */
    private PlannedCluster.Vm selectVm(PlannedCluster model, int source, Set<Long> tried, List<String> notes, double shed) {
        Instant now = clock.instant();
        List<PlannedCluster.Vm> options = new ArrayList<>();
        for (PlannedCluster.Vm vm : model.vmsOn(source)) {
            long id = vm.id();
            if (tried.contains(id) || !vm.instance.movable()) continue;
            if (inCooldown(vm, now)) {
                Instant last = lastMove(vm);
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
                double c = correlation(model.ids[source], vm.id());
                if (c > bestCorrelation) {
                    bestCorrelation = c;
                    best = vm;
                }
            }
            return best;
        }
        if (settings.vmSelection() == VmSelection.COST) {
            double excess = excess(model, source, -shed);
            PlannedCluster.Vm cheapest = null, biggest = null;
            for (PlannedCluster.Vm vm : options) {
                if (vm.cpuShare >= excess && (cheapest == null || cost(vm) < cost(cheapest))) cheapest = vm;
                if (biggest == null || vm.cpuShare > biggest.cpuShare) biggest = vm;
            }
            return cheapest != null ? cheapest : biggest;
        }
        return options.stream().min(Comparator.comparingLong(PlannedCluster.Vm::memoryMb)
                .thenComparing(v -> -v.cpuShare)).orElseThrow();
    }

    /** What a migration of the VM costs in performance: its CPU (slowed while it moves) × its memory (how long it takes). */
    private static double cost(PlannedCluster.Vm vm) {
        return vm.cpuShare * vm.memoryMb();
    }

    /** Pearson correlation of a VM's recent load with its host's; 0 when either has too little history. */
    private double correlation(long hostId, long reservationId) {
        double[] host = new double[30];
        double[] vm = new double[30];
        int hn = hostLoads.recentCpu(hostId, host);
        int vn = vmLoads.recentCpu(reservationId, vm);
        int n = Math.min(hn, vn);
        if (n < 3) return 0;
        int hOff = hn - n;
        int vOff = vn - n;
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

    private record Target(int host, String name, PlacementExplanation explanation) {}

    /** The placement pipeline on the planned state: standard filters, a CPU ceiling, the target policy's scorers. */
    private Target chooseTarget(PlannedCluster model, PlannedCluster.Vm vm, boolean[] excluded, boolean capIncoming) {
        List<CandidateHost> candidates = new ArrayList<>();
        long pool = model.hosts[vm.host].poolId();
        List<Long> allowedPools = vm.instance.image().pools();
        boolean prescreen = targets.prescreen();
        int screened = 0;
        if (prescreen && model.idleByClass != null) {
            // Busy hosts and hosts woken by this plan one by one; of the idle ones, the first fit of each class.
            for (List<Integer> list : List.of(model.busyAtStart, model.woken)) {
                for (int h : list) {
                    if (offerable(model, vm, h, excluded, pool, allowedPools, capIncoming) && !lacksRoom(model, vm, h)) {
                        candidates.add(model.candidate(h));
                    }
                }
            }
            for (List<Integer> idle : model.idleByClass.values()) {
                for (int h : idle) {
                    if (model.wokenMark[h]) continue;
                    if (offerable(model, vm, h, excluded, pool, allowedPools, capIncoming) && !lacksRoom(model, vm, h)) {
                        candidates.add(model.candidate(h));
                        break;
                    }
                }
            }
            screened = Math.max(0, model.poolSize(pool) - 1 - candidates.size());
        } else {
            for (int h = 0; h < model.n; h++) {
                if (!offerable(model, vm, h, excluded, pool, allowedPools, capIncoming)) continue;
                if (prescreen && lacksRoom(model, vm, h)) {
                    screened++;
                    continue;
                }
                candidates.add(model.candidate(h));
            }
        }
        if (prescreen && screened > 0 && model.poolSize(pool) <= EXPLAIN_ALL_BELOW) {
            // Small pools keep their full explanation: every host and the filter that rejected it.
            candidates.clear();
            screened = 0;
            for (int h = 0; h < model.n; h++) {
                if (offerable(model, vm, h, excluded, pool, allowedPools, capIncoming)) candidates.add(model.candidate(h));
            }
        }
        if (candidates.isEmpty()) return null;
        PlacementDecision d = decide(model, vm, candidates, screened > 0 ? targetSummaryPipeline : targetPipeline, true);
        if (!(d instanceof PlacementDecision.Chosen chosen)) return null;
        PlacementExplanation e = d.explanation();
        if (screened > 0) {
            Map<String, String> notes = new LinkedHashMap<>(e.notes());
            notes.put("prescreened", screened + " other host(s) of the pool were left out before the filters: excluded from this"
                    + " move, without the memory or CPU room for it, or idle like one offered");
            e = new PlacementExplanation(e.controller(), e.decidedAt(), e.candidates(), e.pickedHostId(), e.summary(), notes);
        }
        return new Target(model.index(chosen.host().host().id()), chosen.host().host().name(), e);
    }

    /** A host the VM may go to at all: not excluded, not its own, in its pool (or its image's pools), under the cap. */
    private boolean offerable(PlannedCluster model, PlannedCluster.Vm vm, int h, boolean[] excluded, long pool, List<Long> allowedPools,
                              boolean capIncoming) {
        if (excluded[h] || h == vm.host) return false;
        // A pool is its own placement domain: instances move within their pool (or their image's pools).
        long candidatePool = model.hosts[h].poolId();
        if (allowedPools.isEmpty() ? candidatePool != pool : !allowedPools.contains(candidatePool)) return false;
        return !capIncoming || model.movesIn[h] < settings.maxMovesPerHost();
    }

    /**
     * The cheap part of the target filters, on the planned state: not available, not enough free memory, no CPU room
     * under the ceiling, or (if targets are checked) overloaded with the VM. The filters still decide; this only keeps
     * hosts they would reject out of large tables.
     */
    private boolean lacksRoom(PlannedCluster model, PlannedCluster.Vm vm, int h) {
        if (model.hosts[h].state() != HostState.AVAILABLE || model.measured[h].stale()) return true;
        if (model.memoryCapacity[h] > 0 && model.memoryUsed[h] + vm.memoryMb() > model.memoryCapacity[h]) return true;
        double share = model.shareOn(vm, h);
        double load = settings.targetLoad() == RebalanceSettings.TargetLoad.CURRENT ? model.cpu(h) : model.projectedCpu(h);
        if (load + share > settings.targetCeiling() + 1e-12) return true;
        return settings.targetNotOverloaded() && overloadedWith(model, h, share);
    }

    /** What {@link NotOverloadedAfterFilter} decides, on the planned state: a busy host the detector would find overloaded. */
    private boolean overloadedWith(PlannedCluster model, int h, double share) {
        HostLoad l = model.measured[h];
        if (!(model.cpu(h) > 0) || l.samples() == 0) return false;
        // A hair of slack: the filter computes the same figures by another route (rounding may differ), and on a tie
        // the filter, not the pre-screen, must decide.
        return settings.detector().value(l, model.delta[h] + share) > settings.detector().threshold(l) + 1e-12;
    }

    private PlacementDecision decide(PlannedCluster model, PlannedCluster.Vm vm, List<CandidateHost> candidates,
                                     PipelineController pipeline, boolean ceilingApplies) {
        Instant now = clock.instant();
        var inst = vm.instance;
        Instant end = inst.windowEnd().isAfter(now) ? inst.windowEnd() : now.plusMillis(1);
        var group = inst.group();
        PlacementRequest request = new PlacementRequest(inst.reservationId(), inst.image(), new TimeWindow(now, end), candidates, false,
                group, group == null ? Map.of() : model.groupMembers(group.name(), inst.reservationId()));
        // The VM's real CPU use, not an assumption: its share of its current host, in VCPUs.
        double utilisation = vm.vcpus() == 0 ? 0 : Math.min(1, vm.cpuShare * model.cores[vm.host] / vm.vcpus());
        HostTable table = HostTable.of(request, candidates, model.plannedLoads(), utilisation);
        // The plan counts a host's CPU as PlannedCluster.cpu does (the latest sample included, and a stale host's penalty
        // plus the moves planned onto it), so the ceiling must hold for that as well as for the forecast: else a VM
        // could land on a host that is hot right now, or pile onto a stale one whose penalty hides the earlier moves.
        boolean current = ceilingApplies && settings.targetLoad() == RebalanceSettings.TargetLoad.CURRENT;
        for (int i = 0; i < table.size; i++) {
            double planned = model.cpu(model.index(table.hostId[i]));
            table.projectedCpu[i] = current ? planned : Math.max(table.projectedCpu[i], planned);
        }
        var pool = candidates.getFirst().pool();
        return pipeline.place(new PlacementContext(request, pool, table, now));
    }

    @Override
    public Optional<String> revalidate(PlannedMove move, ClusterSnapshot fresh) {
        PlannedCluster model = PlannedCluster.of(fresh, hostLoads, vmLoads, settings.detector());
        PlannedCluster.Vm vm = model.vms.get(move.reservationId());
        if (vm == null) return Optional.of("reservation " + move.reservationId() + " no longer holds a host");
        if (model.ids[vm.host] != move.fromHostId()) return Optional.of("reservation " + move.reservationId() + " is no longer on " + move.fromHostName());
        if (!vm.instance.movable()) return Optional.of("reservation " + move.reservationId() + " is " + vm.instance.state());
        int to = model.index(move.toHostId());
        if (to < 0) return Optional.of("host " + move.toHostName() + " is gone");
        String trigger = move.reason().trigger();
        if ("rebalance".equals(trigger) && !settings.detector().overloaded(model.measured[vm.host], 0)) {
            return Optional.of(move.fromHostName() + " is no longer overloaded");
        }
        PlacementDecision d = decide(model, vm, List.of(model.candidate(to)), targetPipeline, true);
        if (d instanceof PlacementDecision.Chosen) return Optional.empty();
        var c = d.explanation().candidates().getFirst();
        return Optional.of("target " + move.toHostName() + " now refused by filter '" + c.rejectedBy() + "': " + c.reason());
    }

    @Override
    public PlacementExplanation checkMove(ClusterSnapshot snapshot, long reservationId, long toHostId) {
        PlannedCluster model = PlannedCluster.of(snapshot, hostLoads, vmLoads, settings.detector());
        PlannedCluster.Vm vm = model.vms.get(reservationId);
        if (vm == null) {
            throw new io.berth.core.error.ConflictException("reservation " + reservationId + " holds no host of this resource type");
        }
        int to = model.index(toHostId);
        if (to < 0) {
            return new PlacementExplanation("rebalance-target", clock.instant(), List.of(), null, "no such host", Map.of());
        }
        // An admin may choose a busy host; only staleness and the hard rules apply (no CPU ceiling).
        return decide(model, vm, List.of(model.candidate(to)), adminPipeline, false).explanation();
    }

    @Override
    public void moveFinished(PlannedMove move, boolean succeeded) {
        if (succeeded) lastMoved.put(move.reservationId(), clock.instant());
    }

    private double excess(PlannedCluster model, int h) {
        return excess(model, h, 0);
    }

    /** CPU above the threshold, with the planned moves and {@code extra} more. */
    private double excess(PlannedCluster model, int h, double extra) {
        HostLoad l = model.measured[h];
        if (l.samples() == 0 || l.stale()) return 0;
        return Math.max(0, settings.detector().value(l, model.delta[h] + extra) - settings.detector().threshold(l));
    }

    private double totalOverload(PlannedCluster model) {
        double sum = 0;
        for (int h = 0; h < model.n; h++) sum += excess(model, h);
        return sum;
    }

    private Map<String, Double> measure(PlannedCluster model) {
        double peak = 0, sum = 0, sum2 = 0;
        int n = 0, overloaded = 0;
        for (int h = 0; h < model.n; h++) {
            HostLoad l = model.measured[h];
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
