package io.berth.core.resource;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;

import java.util.List;

/**
 * What the core offers a resource manager: reporting host changes, reading the inventory it serves, keeping
 * the hosts it discovers in Berth's inventory, and comparing the instances Berth believes in with what runs.
 * The core implements every method; the defaults only serve test doubles that need a few of them.
 */
public interface ResourceManagerContext {
    /** A host's state changed (e.g. it went down); the core records it and fails what ran there if it is DOWN. */
    void hostStateChanged(long hostId, HostState newState, String reason);

    /** The hosts of a resource type as the core knows them now. */
    List<Host> hosts(String resourceType);

    /**
     * Makes Berth's inventory follow what a resource manager discovered: hosts not known yet (by external id) are
     * added to the pool {@code poolName} (created with the manager's default policy if missing), capacities are
     * updated, and changes of a discovered host's state are applied like {@link #hostStateChanged} (MAINTENANCE also
     * drains it). A state an admin set in Berth is not overridden until the resource reports a change, and a host
     * the resource no longer reports becomes DOWN. Hosts are never deleted: they may hold reservations.
     *
     * @return the resource type's hosts after the sync
     */
    default List<Host> syncHosts(String resourceType, String poolName, List<DiscoveredHost> discovered) {
        throw new UnsupportedOperationException("this context does not keep discovered hosts");
    }

    /** Every reservation of the resource type that holds or is about to hold an instance, with where it is. */
    default List<LiveInstance> liveInstances(String resourceType) {
        throw new UnsupportedOperationException("this context does not list live instances");
    }

    /**
     * The running instance of a reservation is gone (deleted behind Berth's back, say): the reservation becomes
     * FAILED with {@code cause}, and its capacity is released once its reclaim confirms nothing is left.
     *
     * @return whether the reservation was failed (false if it is not running, or is being moved right now)
     */
    default boolean instanceLost(long reservationId, String cause) {
        throw new UnsupportedOperationException("this context does not take lost instances");
    }
}
