package io.berth.placement.rebalance;

import io.berth.core.rebalance.PlannedMove;
import io.berth.core.resource.MigrationReason;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.berth.placement.rebalance.Overload.round;

/** Writes a planned move with its reason: the figures before and after on both hosts, and the target's explanation. */
final class PlannedMoves {
    private final OverloadDetector detector;

    PlannedMoves(OverloadDetector detector) {
        this.detector = detector;
    }

    /** A move already applied to {@code model}; {@code vmShareOnSource} and {@code sourceCpuBefore} are from before it. */
    PlannedMove of(PlannedCluster model, PlannedCluster.Vm vm, double vmShareOnSource, int source, TargetFinder.Target target,
                   String trigger, String summary, double sourceCpuBefore, double gain) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("sourceCpuBefore", round(sourceCpuBefore));
        figures.put("sourceThreshold", round(detector.threshold(model.measured[source])));
        figures.put("sourceCpuAfter", round(model.cpu(source)));
        figures.put("vmCpu", round(vmShareOnSource));
        figures.put("vmCpuOnTarget", round(vm.cpuShare));
        figures.put("targetCpuAfter", round(model.cpu(target.host())));
        figures.put("overloadCut", round(gain));
        figures.put("vmMemoryMb", (double) vm.memoryMb());
        return new PlannedMove(vm.id(), model.ids[source], model.hosts[source].name(), model.ids[target.host()], target.name(),
                new MigrationReason(trigger, summary, figures, target.explanation()));
    }

    /**
     * A relief move whose target is then emptied by consolidation, rewritten as one move straight to the VM's final
     * target (the host it would have gone through is kept as {@code viaHostId}).
     */
    PlannedMove redirect(PlannedCluster model, PlannedMove relief, PlannedCluster.Vm vm, TargetFinder.Target finalTarget) {
        int from = model.index(relief.fromHostId());
        MigrationReason reason = relief.reason();
        PlannedMove merged = of(model, vm, reason.figures().get("vmCpu"), from, finalTarget, reason.trigger(), reason.summary()
                        .replace(" to " + relief.toHostName(), " to " + finalTarget.name() + " (not " + relief.toHostName()
                                + ", which was then emptied)"),
                reason.figures().get("sourceCpuBefore"), reason.figures().get("overloadCut"));
        Map<String, Double> figures = new LinkedHashMap<>(merged.reason().figures());
        figures.put("viaHostId", (double) relief.toHostId());
        return new PlannedMove(merged.reservationId(), merged.fromHostId(), merged.fromHostName(), merged.toHostId(),
                merged.toHostName(), new MigrationReason(merged.reason().trigger(), merged.reason().summary(), figures,
                merged.reason().target()));
    }
}
