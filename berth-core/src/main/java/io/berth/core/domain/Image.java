package io.berth.core.domain;

import java.time.Duration;
import java.util.List;

/**
 * A computing environment users reserve. {@code minimum} is what one instance needs
 * (VCPU, MEMORY_MB, DISK_GB and any custom class); {@code pools} narrows where it may run
 * (empty: any pool of its resource type).
 */
public record Image(long id, String name, String description, String os, String resourceType,
                    Resources minimum, int maxConcurrent, Duration maxDuration,
                    List<ConnectMethod> connectMethods, List<Long> pools) {

    public Image {
        connectMethods = List.copyOf(connectMethods);
        pools = List.copyOf(pools);
    }
}
