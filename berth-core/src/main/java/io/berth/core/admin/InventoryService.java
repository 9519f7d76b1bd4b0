package io.berth.core.admin;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.error.ConflictException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.core.resource.PolicySettingException;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Pools and hosts, as an admin manages them. */
public final class InventoryService {
    private final Store store;
    private final ResourceManagers managers;
    private final ResourceManagerContext context;
    private final Clock clock;
    private final java.util.function.LongConsumer onMaintenance;

    /** @param onMaintenance called with a host put into MAINTENANCE (to evacuate it by live migration) */
    public InventoryService(Store store, ResourceManagers managers, ResourceManagerContext context, Clock clock,
                            java.util.function.LongConsumer onMaintenance) {
        this.store = store;
        this.managers = managers;
        this.context = context;
        this.clock = clock;
        this.onMaintenance = onMaintenance;
    }

    public List<Pool> pools() {
        return store.inTransaction(tx -> tx.inventory().pools());
    }

    public Pool pool(long id) {
        return store.inTransaction(tx -> tx.inventory().findPool(id)).orElseThrow(() -> new NotFoundException("pool", id));
    }

    public Pool createPool(String name, String resourceType, String description, String policy, Map<String, String> settings) {
        Validation.name("name", name);
        if (resourceType == null || !managers.supports(resourceType)) {
            throw new InvalidInputException("resourceType", "no resource manager serves '" + resourceType
                    + "'; known types: " + managers.all().stream().map(m -> m.resourceType()).toList());
        }
        String chosen = policy == null ? managers.forType(resourceType).placementPolicies().getFirst() : policy;
        checkPolicy(resourceType, chosen, settings == null ? Map.of() : settings);
        Pool pool = new Pool(0, name, resourceType, Validation.text("description", description, 1000), chosen,
                settings == null ? Map.of() : settings);
        return store.inTransaction(tx -> tx.inventory().insertPool(pool));
    }

    /** Changes a pool's placement policy or its settings; takes effect with the next placement. */
    public Pool updatePool(long id, String description, String policy, Map<String, String> settings) {
        return store.inTransaction(tx -> {
            Pool current = tx.inventory().findPool(id).orElseThrow(() -> new NotFoundException("pool", id));
            String newPolicy = policy == null ? current.placementPolicy() : policy;
            // A new policy starts from its defaults unless settings come with it.
            Map<String, String> newSettings = settings != null ? settings
                    : newPolicy.equals(current.placementPolicy()) ? current.policySettings() : Map.of();
            checkPolicy(current.resourceType(), newPolicy, newSettings);
            Pool updated = new Pool(id, current.name(), current.resourceType(),
                    description == null ? current.description() : Validation.text("description", description, 1000),
                    newPolicy, newSettings);
            tx.inventory().updatePool(updated);
            return updated;
        });
    }

    public void deletePool(long id) {
        store.run(tx -> {
            tx.inventory().findPool(id).orElseThrow(() -> new NotFoundException("pool", id));
            if (!tx.inventory().hostsInPool(id).isEmpty()) {
                throw new ConflictException("pool " + id + " still has hosts; remove them first");
            }
            tx.inventory().deletePool(id);
        });
    }

    public List<Host> hosts(Long poolId) {
        return store.inTransaction(tx -> poolId == null ? tx.inventory().hosts() : tx.inventory().hostsInPool(poolId));
    }

    public Host host(long id) {
        return store.inTransaction(tx -> tx.inventory().findHost(id)).orElseThrow(() -> new NotFoundException("host", id));
    }

    public Host addHost(long poolId, String name, List<Inventory> inventories, String externalId) {
        Validation.name("name", name);
        Validation.require(inventories != null && !inventories.isEmpty(), "inventories", "a host needs at least one inventory");
        Validation.require(new HashSet<>(inventories.stream().map(Inventory::resourceClass).toList()).size() == inventories.size(),
                "inventories", "each resource class may appear once");
        return store.inTransaction(tx -> {
            Pool pool = tx.inventory().findPool(poolId).orElseThrow(() -> new InvalidInputException("poolId", "no pool " + poolId));
            return tx.inventory().insertHost(new Host(0, pool.id(), name, pool.resourceType(), HostState.AVAILABLE,
                    inventories, externalId));
        });
    }

    /**
     * MAINTENANCE drains a host: nothing new is placed there, and running reservations are live-migrated away
     * where the resource type can (those no host can take stay until they end).
     * DOWN also fails what runs there. AVAILABLE returns it to service.
     */
    public Host setHostState(long id, HostState state, String reason) {
        Host before = host(id);
        context.hostStateChanged(id, state, reason == null ? "set by an admin" : reason);
        if (state == HostState.MAINTENANCE && before.state() != HostState.MAINTENANCE) onMaintenance.accept(id);
        return host(id);
    }

    /** Removes a host that no longer holds any reservation (drain it first). */
    public void removeHost(long id) {
        store.run(tx -> {
            tx.inventory().findHost(id).orElseThrow(() -> new NotFoundException("host", id));
            int held = tx.allocations().countActiveOnHost(id, clock.instant());
            if (held > 0) {
                throw new ConflictException("host " + id + " still holds " + held
                        + " reservation(s); put it in MAINTENANCE and remove it once they have ended");
            }
            tx.inventory().deleteHost(id);
        });
    }

    private void checkPolicy(String resourceType, String policy, Map<String, String> settings) {
        List<String> known = managers.forType(resourceType).placementPolicies();
        if (!known.contains(policy)) {
            throw new InvalidInputException("placementPolicy", "unknown policy '" + policy + "'; choose one of " + known);
        }
        try {
            managers.forType(resourceType).checkPolicy(policy, settings);
        } catch (PolicySettingException e) {
            throw new InvalidInputException("policySettings." + e.setting(), e.getMessage());
        }
    }
}
