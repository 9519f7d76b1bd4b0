package io.berth.core.reservation;

import java.time.Duration;

/** Hooks for measurements (Prometheus in the server); the core does not know who listens. */
public interface LifecycleObserver {
    default void placementDecided(String resourceType, Duration took, boolean placed) {}

    default void provisioningFinished(String resourceType, Duration took, boolean succeeded) {}

    LifecycleObserver NONE = new LifecycleObserver() {};
}
