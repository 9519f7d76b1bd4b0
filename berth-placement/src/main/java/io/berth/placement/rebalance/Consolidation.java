package io.berth.placement.rebalance;

import io.berth.core.domain.HostState;
import io.berth.core.rebalance.PlannedMove;
import io.berth.metrics.HostLoad;
import io.berth.placement.Decimals;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Underload consolidation: the least-loaded hosts that are on, one at a time, are emptied if every one of their VMs
 * finds a target among the hosts that are on (all or nothing), so they can be switched off. Overloaded hosts are
 * neither sources nor targets, and hosts that shed VMs are no sources; a host tried as a source is no target
 * afterwards, and one that received VMs from an emptied host is no source. A host that received a VM from the
 * relief may be emptied too: that VM then goes straight from its overloaded host to its final target (one move).
 */
final class Consolidation {
    private final RebalanceSettings settings;
    private final TargetFinder targets;
    private final Cooldowns cooldowns;
    private final PlannedMoves plannedMoves;
    private final Clock clock;

    Consolidation(RebalanceSettings settings, TargetFinder targets, Cooldowns cooldowns, PlannedMoves plannedMoves, Clock clock) {
        this.settings = settings;
        this.targets = targets;
        this.cooldowns = cooldowns;
        this.plannedMoves = plannedMoves;
        this.clock = clock;
    }

    /** Adds the consolidation's moves to {@code moves} (which holds the relief's); {@code overloaded} marks hot hosts. */
    void plan(PlannedCluster model, List<PlannedMove> moves, List<String> notes, boolean[] overloaded) {
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
                if (!vm.instance.movable() || (!relieved.containsKey(vm.id()) && cooldowns.active(vm, now))) {
                    notSource[h] = true;
                    break;
                }
            }
            if (!notSource[h]) sources.add(h);
        }
        sources.sort(Comparator.comparingDouble((Integer h) -> load[h]));
        // Idle hosts are off, no targets: then no target search needs to walk them (exclusions only grow below).
        boolean idleExcluded = TargetFinder.idleExcluded(model, notTarget);
        int emptied = 0, failed = 0;
        for (int source : sources) {
            if (notSource[source]) continue; // it took VMs from a host emptied before it
            notTarget[source] = true;
            List<Step> steps = empty(model, source, moves.size(), notTarget, idleExcluded);
            if (steps == null) {
                failed++;
                continue;
            }
            double sourceCpu = model.base[source];
            for (Step s : steps) {
                notSource[s.target.host()] = true;
                Integer earlier = relieved.get(s.vm.id());
                if (earlier == null) {
                    moves.add(plannedMoves.of(model, s.vm, s.share, source, s.target, "consolidation",
                            model.hosts[source].name() + " was underloaded (CPU " + Decimals.fixed(load[source], 2)
                            + "); emptying it so it can be switched off: moving reservation " + Decimals.whole(s.vm.id()) + " to "
                            + s.target.name(), sourceCpu, 0));
                } else {
                    // Planned off an overloaded host onto this one, which is now emptied: one move, to the final target.
                    moves.set(earlier, plannedMoves.redirect(model, moves.get(earlier), s.vm, s.target));
                }
            }
            if (++emptied >= c.maxHostsPerCycle()) break;
        }
        if (emptied > 0 || failed > 0) {
            notes.add("consolidation: emptied " + emptied + " underloaded host(s); " + failed + " could not be emptied (a VM found no target)");
        }
    }

    private record Step(PlannedCluster.Vm vm, double share, TargetFinder.Target target) {}

    /** Moves every VM off {@code source}, biggest first, in the model; null (and the model as it was) if one finds no target. */
    private List<Step> empty(PlannedCluster model, int source, int movesSoFar, boolean[] notTarget, boolean idleExcluded) {
        List<PlannedCluster.Vm> leaving = new ArrayList<>(model.vmsOn(source));
        leaving.sort(Comparator.comparingDouble((PlannedCluster.Vm v) -> -v.cpuShare).thenComparingLong(PlannedCluster.Vm::id));
        if (movesSoFar + leaving.size() > settings.maxMovesPerCycle() || !targets.eachMayFit(model, leaving, notTarget)) return null;
        List<Step> steps = new ArrayList<>(leaving.size());
        for (PlannedCluster.Vm vm : leaving) {
            TargetFinder.Target target = targets.choose(model, vm, notTarget, true, idleExcluded);
            if (target == null) {
                for (int k = steps.size() - 1; k >= 0; k--) model.undo(steps.get(k).vm, source);
                return null;
            }
            double share = vm.cpuShare;
            model.move(vm, target.host());
            steps.add(new Step(vm, share, target));
        }
        return steps;
    }
}
