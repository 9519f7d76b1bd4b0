package io.berth.placement.rebalance;

import io.berth.core.domain.HostState;
import io.berth.core.error.ConflictException;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.PlannedMove;
import io.berth.core.rebalance.RebalancePlan;
import io.berth.core.rebalance.RebalanceTrigger;
import io.berth.core.rebalance.Rebalancing;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.berth.placement.Decimals.fixed;
import static io.berth.placement.Decimals.whole;
import static io.berth.placement.rebalance.Overload.NO_CUT;
import static io.berth.placement.rebalance.Overload.fmt;

/**
 * Live rebalancing for one resource manager, from the load model placement uses (so a VM moved off a hot host
 * does not land on another): finds hosts overloaded for the whole hold duration, picks VMs to move
 * ({@link VmSelector}), and chooses each target with the placement pipeline and its filters ({@link TargetFinder}),
 * against the planned state after the moves before it ({@link PlannedCluster}). It stops when a move would not cut
 * the pool's total overload by the minimum improvement, and it respects caps per cycle and per host and a cooldown
 * per VM.
 *
 * <p>With {@link RebalanceSettings#consolidation() consolidation} on, it then empties underloaded hosts
 * ({@link Consolidation}).
 */
public final class Rebalancer implements Rebalancing {
    private final RebalanceSettings settings;
    private final LoadMonitor hostLoads;
    private final LoadMonitor vmLoads;
    private final Clock clock;
    private final TargetPolicy targetPolicy;
    private final Overload overload;
    private final Cooldowns cooldowns;
    private final VmSelector vmSelector;
    private final TargetFinder targets;
    private final PlannedMoves plannedMoves;
    private final Consolidation consolidation;

    public Rebalancer(RebalanceSettings settings, LoadMonitor hostLoads, LoadMonitor vmLoads, Clock clock) {
        this(settings, hostLoads, vmLoads, clock, TargetPolicy.defaults());
    }

    public Rebalancer(RebalanceSettings settings, LoadMonitor hostLoads, LoadMonitor vmLoads, Clock clock, TargetPolicy targetPolicy) {
        this.settings = settings;
        this.hostLoads = hostLoads;
        this.vmLoads = vmLoads;
        this.clock = clock;
        this.targetPolicy = targetPolicy;
        this.overload = new Overload(settings.detector());
        this.cooldowns = new Cooldowns(settings.cooldown());
        this.vmSelector = new VmSelector(settings.vmSelection(), hostLoads, vmLoads, cooldowns, overload, clock);
        this.targets = new TargetFinder(settings, targetPolicy, clock);
        this.plannedMoves = new PlannedMoves(settings.detector());
        this.consolidation = new Consolidation(settings, targets, cooldowns, plannedMoves, clock);
    }

    public RebalanceSettings settings() {
        return settings;
    }

    @Override
    public RebalancePlan plan(ClusterSnapshot snapshot, RebalanceTrigger trigger, Long drainHostId) {
        PlannedCluster model = PlannedCluster.of(snapshot, hostLoads, vmLoads, settings.detector());
        if (targetPolicy.prescreen() && targetPolicy.hostClass() != null) model.trackIdle(targetPolicy.hostClass());
        Map<String, Double> before = overload.measure(model);
        List<PlannedMove> moves = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (trigger == RebalanceTrigger.MAINTENANCE) {
            drain(model, drainHostId, moves, notes);
        } else {
            boolean[] overloaded = new boolean[model.n];
            relieve(model, moves, notes, overloaded);
            consolidation.plan(model, moves, notes, overloaded);
        }
        Map<String, Double> after = overload.measure(model);
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
        overloaded.sort(Comparator.comparingDouble((Integer h) -> -overload.excess(model, h)));
        if (settings.reliefOrder() == RebalanceSettings.ReliefOrder.DECREASING) {
            relieveDecreasing(model, overloaded, moves, notes);
            return;
        }
        Set<Long> moved = new HashSet<>();
        boolean[] excluded = new boolean[model.n];
        for (int source : overloaded) {
            Set<Long> tried = new HashSet<>(moved); // a VM moves at most once per plan: never back onto a host relieved later
            excluded[source] = true;
            while (moves.size() < settings.maxMovesPerCycle() && overload.excess(model, source) > 0
                    && model.movesOut[source] < settings.maxMovesPerHost()) {
                PlannedCluster.Vm vm = vmSelector.next(model, source, tried, notes, 0);
                if (vm == null) break;
                tried.add(vm.id());
                TargetFinder.Target target = targets.choose(model, vm, excluded, true);
                if (target == null) {
                    notes.add(noTarget(model, vm, source));
                    continue;
                }
                if (tryRelief(model, vm, source, target, moves, notes)) moved.add(vm.id());
            }
            if (moves.size() >= settings.maxMovesPerCycle()) {
                notes.add(capReached());
                break;
            }
        }
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
            for (int count = 0; count < settings.maxMovesPerHost() && overload.excess(model, source, -shed) > 0; count++) {
                PlannedCluster.Vm vm = vmSelector.next(model, source, tried, notes, shed);
                if (vm == null) break;
                tried.add(vm.id());
                shed += vm.cpuShare;
                leaving.add(new Leaving(vm, source, vm.cpuShare * model.cores[source]));
            }
        }
        leaving.sort(Comparator.comparingDouble((Leaving l) -> -l.cpu).thenComparingLong(l -> l.vm.id()));
        for (Leaving l : leaving) {
            if (moves.size() >= settings.maxMovesPerCycle()) {
                notes.add(capReached());
                return;
            }
            if (!(overload.excess(model, l.source) > NO_CUT)) {
                // The VMs placed before it already brought its host under the threshold: moving it would cut nothing.
                notes.add("moving reservation " + l.vm.id() + " would not cut total overload (0.00); not moved");
                continue;
            }
            TargetFinder.Target target = targets.choose(model, l.vm, excluded, true);
            if (target == null) {
                notes.add(noTarget(model, l.vm, l.source));
                continue;
            }
            tryRelief(model, l.vm, l.source, target, moves, notes);
        }
    }

    /**
     * Plans one relief move if it keeps the rules: no new hot spot, and a cut in the pool's total overload of at least
     * the minimum improvement. Returns whether it was planned.
     */
    private boolean tryRelief(PlannedCluster model, PlannedCluster.Vm vm, int source, TargetFinder.Target target,
                              List<PlannedMove> moves, List<String> notes) {
        int to = target.host();
        double overloadBefore = overload.excess(model, source) + overload.excess(model, to);
        double sourceBefore = model.cpu(source);
        double vmShare = vm.cpuShare;
        model.move(vm, to);
        // Never make a new hot spot: a target left hotter than its source was would raise the pool's peak (a
        // bigger or steadier target can absorb a VM with a net cut in overload, yet end up the hottest host).
        double targetAfter = model.cpu(to);
        if (targetAfter > sourceBefore) {
            model.undo(vm, source);
            notes.add("moving reservation " + vm.id() + " would leave " + target.name() + " at " + fmt(targetAfter)
                    + ", hotter than " + model.hosts[source].name() + " was (" + fmt(sourceBefore) + "); not moved");
            return false;
        }
        // Only the source and the target change, so the cut in the pool's total overload is theirs.
        double gain = overloadBefore - (overload.excess(model, source) + overload.excess(model, to));
        if (gain < settings.minImprovement() || gain <= NO_CUT) {
            // Even with a minimum improvement of 0, a migration that cuts nothing (a VM moved from one
            // overloaded host to another) is all cost.
            model.undo(vm, source);
            notes.add("moving reservation " + vm.id() + (gain <= NO_CUT
                    ? " would not cut total overload (" + fmt(gain) + "); not moved"
                    : " would cut total overload by only " + fmt(gain) + " (< " + settings.minImprovement() + "); not moved"));
            return false;
        }
        moves.add(plannedMoves.of(model, vm, vmShare, source, target, "rebalance",
                model.hosts[source].name() + " was overloaded (" + settings.detector().spec() + " " + fixed(sourceBefore, 2) + " > "
                + fixed(settings.detector().threshold(model.measured[source]), 2) + ", sustained); moving reservation " + whole(vm.id())
                + " (" + fixed(vmShare, 2) + " of the host's CPU) to " + target.name(), sourceBefore, gain));
        return true;
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
            TargetFinder.Target target = targets.choose(model, vm, excluded, false);
            if (target == null) {
                notes.add("no host can take reservation " + vm.id() + "; it stays until it ends");
                continue;
            }
            double sourceCpu = model.cpu(h);
            double vmShare = vm.cpuShare;
            model.move(vm, target.host());
            moves.add(plannedMoves.of(model, vm, vmShare, h, target, "maintenance", "host " + model.hosts[h].name()
                    + " is being drained for maintenance; moving reservation " + vm.id() + " to " + target.name(), sourceCpu, 0));
        }
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

    private String noTarget(PlannedCluster model, PlannedCluster.Vm vm, int source) {
        return "no host can take reservation " + vm.id() + " from " + model.hosts[source].name()
                + " within the ceiling " + fmt(settings.targetCeiling());
    }

    private String capReached() {
        return "stopped at the cap of " + settings.maxMovesPerCycle() + " migrations per rebalance";
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
        if ("rebalance".equals(move.reason().trigger()) && !settings.detector().overloaded(model.measured[vm.host], 0)) {
            return Optional.of(move.fromHostName() + " is no longer overloaded");
        }
        PlacementDecision d = targets.check(model, vm, to);
        if (d instanceof PlacementDecision.Chosen) return Optional.empty();
        var c = d.explanation().candidates().getFirst();
        return Optional.of("target " + move.toHostName() + " now refused by filter '" + c.rejectedBy() + "': " + c.reason());
    }

    @Override
    public PlacementExplanation checkMove(ClusterSnapshot snapshot, long reservationId, long toHostId) {
        PlannedCluster model = PlannedCluster.of(snapshot, hostLoads, vmLoads, settings.detector());
        PlannedCluster.Vm vm = model.vms.get(reservationId);
        if (vm == null) throw new ConflictException("reservation " + reservationId + " holds no host of this resource type");
        int to = model.index(toHostId);
        if (to < 0) return new PlacementExplanation("rebalance-target", clock.instant(), List.of(), null, "no such host", Map.of());
        return targets.checkAsAdmin(model, vm, to);
    }

    @Override
    public void moveFinished(PlannedMove move, boolean succeeded) {
        if (succeeded) cooldowns.moved(move.reservationId(), clock.instant());
    }
}
