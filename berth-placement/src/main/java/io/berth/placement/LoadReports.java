package io.berth.placement;

import io.berth.core.resource.LoadReport;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;

import java.util.LinkedHashMap;
import java.util.Map;

/** A host's live load from a load model, as resource managers report it through the API ({@code GET /hosts/{id}/load}). */
public final class LoadReports {
    private LoadReports() {}

    public static LoadReport of(LoadMonitor monitor, long hostId) {
        HostLoad l = monitor.load(hostId);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("samples", (double) l.samples());
        if (l.samples() > 0) {
            figures.put("cpu", l.cpu());
            figures.put("cpuEwma", l.cpuEwma());
            figures.put("cpuP50", l.cpuP50());
            figures.put("cpuP95", l.cpuP95());
            figures.put("cpuMad", l.cpuMad());
            figures.put("cpuIqr", l.cpuIqr());
            figures.put("cpuForecast", l.cpuForecast());
            figures.put("memory", l.memoryFraction());
            figures.put("memoryEwma", l.memoryEwma());
            if (l.vmCount() >= 0) figures.put("vmCount", (double) l.vmCount());
            if (Double.isFinite(l.netKbps())) figures.put("netKbps", l.netKbps());
            if (Double.isFinite(l.diskKbps())) figures.put("diskKbps", l.diskKbps());
        }
        figures.put("pendingCpu", l.pendingCpu());
        figures.put("pendingMemoryMb", l.pendingMemoryMb());
        if (Double.isFinite(l.effectiveCpu())) figures.put("effectiveCpu", l.effectiveCpu());
        if (Double.isFinite(l.projectedCpu())) figures.put("projectedCpu", l.projectedCpu());
        return new LoadReport(hostId, l.lastSampleAt(), Double.isFinite(l.ageSeconds()) ? l.ageSeconds() : null, l.stale(), figures);
    }
}
