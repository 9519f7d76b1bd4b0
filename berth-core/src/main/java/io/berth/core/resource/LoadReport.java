package io.berth.core.resource;

import java.time.Instant;
import java.util.Map;

/**
 * A host's live load as its resource manager reports it: when it was last measured, whether that is too old
 * to trust (stale), and named figures (cpu, cpuEwma, cpuForecast, memory, pendingCpu, ...).
 */
public record LoadReport(long hostId, Instant lastSampleAt, Double ageSeconds, boolean stale, Map<String, Double> figures) {
    public LoadReport {
        figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
    }
}
