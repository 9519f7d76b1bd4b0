package io.berth.core.resource;

import java.util.Map;

/**
 * Why an instance moves: what triggered it ("rebalance", "maintenance", "admin"), a sentence for people, the
 * figures behind it (e.g. the source host's CPU and the threshold it crossed) and how the target was chosen.
 */
public record MigrationReason(String trigger, String summary, Map<String, Double> figures, PlacementExplanation target) {
    public MigrationReason {
        figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
    }
}
