package io.berth.core.store;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;

import java.util.List;
import java.util.Optional;

/** Pools and their hosts. */
public interface InventoryRepository {
    Pool insertPool(Pool pool);

    Optional<Pool> findPool(long id);

    Optional<Pool> findPoolByName(String name);

    List<Pool> pools();

    void updatePool(Pool pool);

    boolean deletePool(long id);

    Host insertHost(Host host);

    Optional<Host> findHost(long id);

    Optional<Host> findHostByName(String name);

    List<Host> hosts();

    List<Host> hostsInPool(long poolId);

    List<Host> hostsOfType(String resourceType);

    void updateHostState(long hostId, HostState state);

    /** Replaces a host's inventories (its capacity changed, as its resource manager found). */
    void updateHostInventories(long hostId, List<Inventory> inventories);

    boolean deleteHost(long id);
}
