package io.berth.core.admin;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Pool;
import io.berth.core.resource.DiscoveredHost;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps the hosts a resource manager discovers in Berth's inventory (see {@link ResourceManagerContext#syncHosts}).
 *
 * <p>State changes follow the resource, not its snapshots: a discovered state is applied when it differs from the
 * one discovered before, so an admin's MAINTENANCE in Berth survives every refresh of a host the resource calls
 * healthy. On a host's first sync in this process there is no "before": a problem (MAINTENANCE, DOWN) is applied,
 * and a healthy host is made AVAILABLE unless an admin holds it in MAINTENANCE.
 */
public final class HostSync {
    private static final Logger log = LoggerFactory.getLogger(HostSync.class);

    private final Store store;
    private final ResourceManagers managers;
    private final ResourceManagerContext states;
    private final LongConsumer onMaintenance;
    private final Map<Long, HostState> lastDiscovered = new ConcurrentHashMap<>();

    /**
     * @param states        records state changes (and fails what runs on a host gone DOWN)
     * @param onMaintenance drains a host that entered maintenance
     */
    public HostSync(Store store, ResourceManagers managers, ResourceManagerContext states, LongConsumer onMaintenance) {
        this.store = store;
        this.managers = managers;
        this.states = states;
        this.onMaintenance = onMaintenance;
    }

    /** One resource type's sync at a time, so two refreshes never insert the same host twice. */
    public synchronized List<Host> sync(String resourceType, String poolName, List<DiscoveredHost> discovered) {
        Pool pool = ensurePool(resourceType, poolName);
        List<Host> known = store.inTransaction(tx -> tx.inventory().hostsOfType(resourceType));
        Map<String, Host> byExternalId = known.stream().filter(h -> h.externalId() != null)
                .collect(Collectors.toMap(Host::externalId, Function.identity(), (a, b) -> a));
        Set<String> seen = new HashSet<>();
        for (DiscoveredHost d : discovered) {
            if (!seen.add(d.externalId())) continue; // reported twice: the first one counts
            Host host = byExternalId.get(d.externalId());
            if (host == null) {
                Host added = store.inTransaction(tx -> insert(tx, pool, resourceType, d));
                lastDiscovered.put(added.id(), d.state());
                log.info("discovered {} host {} ({}), {}, added to pool {}", resourceType, added.name(), d.externalId(),
                        d.state(), pool.name());
                continue;
            }
            if (!host.inventories().equals(d.inventories())) {
                store.run(tx -> tx.inventory().updateHostInventories(host.id(), d.inventories()));
                log.info("capacity of {} host {} is now {}", resourceType, host.name(), d.inventories());
            }
            follow(host, d.state(), d.stateReason());
        }
        for (Host host : known) {
            if (host.externalId() != null && !seen.contains(host.externalId())) {
                follow(host, HostState.DOWN, "no longer reported by its resource manager");
            }
        }
        return store.inTransaction(tx -> tx.inventory().hostsOfType(resourceType));
    }

    private void follow(Host host, HostState discovered, String reason) {
        HostState before = lastDiscovered.put(host.id(), discovered);
        boolean changed = before == null
                ? !(discovered == HostState.AVAILABLE && host.state() == HostState.MAINTENANCE)
                : before != discovered;
        if (!changed || host.state() == discovered) return;
        log.info("host {} is {} as its resource manager reports: {}", host.name(), discovered, reason);
        states.hostStateChanged(host.id(), discovered, reason == null ? "reported by its resource manager" : reason);
        if (discovered == HostState.MAINTENANCE) onMaintenance.accept(host.id());
    }

    private Pool ensurePool(String resourceType, String poolName) {
        return store.inTransaction(tx -> {
            Pool pool = tx.inventory().findPoolByName(poolName).orElse(null);
            if (pool == null) {
                String policy = managers.forType(resourceType).placementPolicies().getFirst();
                pool = tx.inventory().insertPool(new Pool(0, poolName, resourceType,
                        "Hosts discovered by the " + resourceType + " resource manager", policy, Map.of()));
                log.info("created pool {} for discovered {} hosts", poolName, resourceType);
            } else if (!pool.resourceType().equals(resourceType)) {
                throw new IllegalStateException("pool " + poolName + " serves resource type " + pool.resourceType()
                        + ", not " + resourceType + "; configure another pool name for the discovered hosts");
            }
            return pool;
        });
    }

    /** A discovered name another host already has gets the external id appended, so both stay distinct. */
    private static Host insert(Tx tx, Pool pool, String resourceType, DiscoveredHost d) {
        String name = tx.inventory().findHostByName(d.name()).isPresent() ? d.name() + " (" + d.externalId() + ")" : d.name();
        return tx.inventory().insertHost(new Host(0, pool.id(), name, resourceType, d.state(), d.inventories(), d.externalId()));
    }
}
