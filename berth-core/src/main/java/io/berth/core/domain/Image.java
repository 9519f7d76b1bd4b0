package io.berth.core.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A computing environment users reserve. {@code minimum} is what one instance needs
 * (VCPU, MEMORY_MB, DISK_GB and any custom class); {@code pools} narrows where it may run
 * (empty: any pool of its resource type). {@code overcommitLimits} caps, per resource class, the allocation ratio
 * this image tolerates on its host: {VCPU=1.0} means dedicated cores even on a host that overcommits.
 */
public record Image(long id, String name, String description, String os, String resourceType,
                    Resources minimum, int maxConcurrent, Duration maxDuration,
                    List<ConnectMethod> connectMethods, List<Long> pools, Map<String, Double> overcommitLimits) {

    public Image {
        connectMethods = List.copyOf(connectMethods);
        pools = List.copyOf(pools);
        overcommitLimits = Map.copyOf(overcommitLimits);
        overcommitLimits.forEach((cls, limit) -> {
            if (!ResourceClass.isValidName(cls)) throw new IllegalArgumentException("unknown resource class name " + cls);
            if (!(limit > 0) || limit > 64) throw new IllegalArgumentException("an overcommit limit must be in (0, 64]");
        });
    }

    /** An image that accepts whatever overcommit its host has. */
    public Image(long id, String name, String description, String os, String resourceType, Resources minimum,
                 int maxConcurrent, Duration maxDuration, List<ConnectMethod> connectMethods, List<Long> pools) {
        this(id, name, description, os, resourceType, minimum, maxConcurrent, maxDuration, connectMethods, pools, Map.of());
    }
}
