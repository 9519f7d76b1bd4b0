package io.berth.core.domain;

import java.util.Map;

/**
 * A group of hosts of one resource type, placed by one placement policy.
 * {@code policySettings} are the policy's own knobs (weights, thresholds); the core passes them through.
 */
public record Pool(long id, String name, String resourceType, String description,
                   String placementPolicy, Map<String, String> policySettings) {

    public static final String DEFAULT_POLICY = "round-robin";

    public Pool {
        policySettings = Map.copyOf(policySettings);
    }
}
