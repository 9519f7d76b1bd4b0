package io.berth.core.resource;

/**
 * Everything Berth does with one resource type (simulated hosts, vSphere, libvirt, ...).
 * The core finds a manager by the image's resource type and never asks which one it is.
 * Implementations are called from many threads at once.
 */
public interface ResourceManager extends AutoCloseable {

    /** The resource type this manager serves, matching images' and pools' resource type. */
    String resourceType();

    /** Names of the placement policies a pool of this type may use; the first is the default. */
    java.util.List<String> placementPolicies();

    /** Starts background work (inventory discovery, metrics); {@code events} receives host changes. */
    default void start(HostEvents events) {}

    /**
     * Chooses a host through this manager's placement controller. Must not block on I/O for long:
     * the core calls it while a user waits for the answer.
     */
    PlacementDecision place(PlacementRequest request);

    /**
     * Creates and boots the instance; blocks until it is reachable or failed.
     * Idempotent per reservation: called again after a crash, it returns the instance already made.
     */
    Instance provision(ProvisionRequest request) throws ProvisioningException;

    /** Powers off and destroys the reservation's instance. Idempotent; nothing to destroy is fine. */
    void reclaim(ReclaimRequest request) throws Exception;

    /** Tells the manager a decision it made is void (the admission lost a race): forget any pending load. */
    default void placementAbandoned(long reservationId, long hostId) {}

    @Override
    default void close() {}
}
