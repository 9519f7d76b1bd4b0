package io.berth.core.resource;

/**
 * Everything Berth does with one resource type (simulated hosts, vSphere, libvirt, ...).
 * The core finds a manager by the image's resource type and never asks which one it is.
 * Implementations are called from many threads at once.
 */
public interface ResourceManager extends AutoCloseable {

    /** The resource type this manager serves, matching images' and pools' resource type. */
    String resourceType();

    /** The placement policies a pool of this type may use; the first is the default. */
    java.util.List<PolicyDescription> policies();

    default java.util.List<String> placementPolicies() {
        return policies().stream().map(PolicyDescription::name).toList();
    }

    /**
     * Checks a pool's policy settings before they are saved.
     *
     * @throws PolicySettingException naming the setting that is wrong
     */
    default void checkPolicy(String policy, java.util.Map<String, String> settings) {}

    /** Starts background work (inventory discovery, metrics); {@code events} receives host changes. */
    default void start(ResourceManagerContext context) {}

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

    /** Whether this resource type can move a running instance to another host without stopping it. */
    default boolean canMigrate() {
        return false;
    }

    /**
     * Live-migrates an instance; blocks until it runs on the target or the move failed (then it still runs on
     * the source). Only called when {@link #canMigrate()} is true.
     */
    default void migrate(MigrationRequest request) throws MigrationException {
        throw new MigrationException("resource type " + resourceType() + " cannot live-migrate", false);
    }

    /** The manager's rebalancer (load model, overload detection, move planning), if it has one. */
    default java.util.Optional<io.berth.core.rebalance.Rebalancing> rebalancing() {
        return java.util.Optional.empty();
    }

    /** Live load of a host as this manager measures it, for people and the API; empty if it measures none. */
    default java.util.Optional<LoadReport> load(long hostId) {
        return java.util.Optional.empty();
    }

    /** Tells the manager a decision it made is void (the admission lost a race): forget any pending load. */
    default void placementAbandoned(long reservationId, long hostId) {}

    @Override
    default void close() {}
}
