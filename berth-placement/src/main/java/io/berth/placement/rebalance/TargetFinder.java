package io.berth.placement.rebalance;

import io.berth.core.domain.HostState;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.HostLoad;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chooses where a VM goes with the placement pipeline, on the planned state: the standard filters, a CPU ceiling,
 * (if set) "the detector must not find the target overloaded", the target policy's extra filters and scorers. In large
 * pools it may first leave out hosts those filters would reject anyway; the explanation says how many.
 */
final class TargetFinder {
    /** Above this many candidate hosts a target explanation is a summary anyway, and pre-screening may apply. */
    private static final int EXPLAIN_ALL_BELOW = 64;

    /**
     * A chosen target: its index in the planned cluster, its name, and why it was chosen, written when first read (most
     * targets tried are dropped: a relief that cuts too little, a host that cannot be emptied after all).
     */
    static final class Target {
        private final int host;
        private final String name;
        private Supplier<PlacementExplanation> writer;
        private PlacementExplanation explanation;

        Target(int host, String name, Supplier<PlacementExplanation> writer) {
            this.host = host;
            this.name = name;
            this.writer = writer;
        }

        int host() {
            return host;
        }

        String name() {
            return name;
        }

        PlacementExplanation explanation() {
            if (explanation == null) {
                explanation = writer.get();
                writer = null;
            }
            return explanation;
        }
    }

    private final RebalanceSettings settings;
    private final TargetPolicy targets;
    private final Clock clock;
    private final PipelineController pipeline;
    /** The same, explaining only the pick, the best and a few rejections: for pre-screened (partial) candidate lists. */
    private final PipelineController summaryPipeline;
    /** An admin may choose a busy host: only staleness, the hard rules and the extra (hardware) filters apply. */
    private final PipelineController adminPipeline;

    TargetFinder(RebalanceSettings settings, TargetPolicy targets, Clock clock) {
        this.settings = settings;
        this.targets = targets;
        this.clock = clock;
        FilterChain chain = FilterChain.standard().with(new LiveLoadFilter(settings.targetCeiling()));
        if (settings.targetNotOverloaded()) chain = chain.with(new NotOverloadedAfterFilter(settings.detector()));
        for (HostFilter f : targets.extraFilters()) chain = chain.with(f);
        this.pipeline = new PipelineController("rebalance-target", chain, targets.scorers(), new BestSelector(), EXPLAIN_ALL_BELOW);
        this.summaryPipeline = new PipelineController("rebalance-target", chain, targets.scorers(), new BestSelector(), 0);
        FilterChain admin = FilterChain.standard().with(new LiveLoadFilter(0));
        for (HostFilter f : targets.extraFilters()) admin = admin.with(f);
        this.adminPipeline = new PipelineController("rebalance-target", admin, targets.scorers(), new BestSelector(), EXPLAIN_ALL_BELOW);
    }

    /**
     * The best target for the VM among the hosts not {@code excluded}, or null if no host passes the filters.
     * {@code capIncoming}: hosts that already receive the per-host maximum of moves are no targets.
     */
    Target choose(PlannedCluster model, PlannedCluster.Vm vm, boolean[] excluded, boolean capIncoming) {
        return choose(model, vm, excluded, capIncoming, false);
    }

    /** The same; {@code idleExcluded}: the caller knows every host idle when the plan began is excluded (none to scan). */
    Target choose(PlannedCluster model, PlannedCluster.Vm vm, boolean[] excluded, boolean capIncoming, boolean idleExcluded) {
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
            for (int[] idle : idleExcluded ? new int[0][] : model.idleByClass) {
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
        PlacementDecision d = decide(model, vm, candidates, screened > 0 ? summaryPipeline : pipeline, true);
        if (!(d instanceof PlacementDecision.Chosen chosen)) return null;
        int left = screened;
        return new Target(model.index(chosen.host().host().id()), chosen.host().host().name(), () -> {
            PlacementExplanation e = d.explanation();
            if (left == 0) return e;
            Map<String, String> notes = new LinkedHashMap<>(e.notes());
            notes.put("prescreened", left + " other host(s) of the pool were left out before the filters: excluded from this"
                    + " move, without the memory or CPU room for it, or idle like one offered");
            return new PlacementExplanation(e.controller(), e.decidedAt(), e.candidates(), e.pickedHostId(), e.summary(), notes);
        });
    }

    /** The rebalancer's own verdict on one target host, as {@link #choose} would reach it. */
    PlacementDecision check(PlannedCluster model, PlannedCluster.Vm vm, int to) {
        return decide(model, vm, List.of(model.candidate(to)), pipeline, true);
    }

    /** An admin's choice of target: no CPU ceiling, no overload check. */
    PlacementExplanation checkAsAdmin(PlannedCluster model, PlannedCluster.Vm vm, int to) {
        return decide(model, vm, List.of(model.candidate(to)), adminPipeline, false).explanation();
    }

    /**
     * A necessary condition for emptying a host, checked before asking the pipeline: every VM, on its own, has some
     * target with the memory and CPU room for it that the detector would not find overloaded. Targets only fill up as
     * a host's VMs are placed one by one, so a VM with no such target now would find none later either.
     */
    /** Whether every host idle when the plan began is excluded (so {@link #choose} need not look at them). */
    static boolean idleExcluded(PlannedCluster model, boolean[] excluded) {
        if (model.idleAtStart == null) return false;
        for (int h = 0; h < model.n; h++) if (model.idleAtStart[h] && !excluded[h]) return false;
        return true;
    }

    boolean eachMayFit(PlannedCluster model, List<PlannedCluster.Vm> leaving, boolean[] notTarget) {
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
        table.columnsChanged();
        var pool = candidates.getFirst().pool();
        return pipeline.place(new PlacementContext(request, pool, table, now));
    }
}
