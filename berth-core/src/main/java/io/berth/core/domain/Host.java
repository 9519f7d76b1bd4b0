package io.berth.core.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A hypervisor in a pool. {@code externalId} is the resource manager's own name for it
 * (a vSphere managed object id, a libvirt URI, ...); the core never interprets it.
 */
public record Host(long id, long poolId, String name, String resourceType, HostState state,
                   List<Inventory> inventories, String externalId) {

    public Host {
        inventories = List.copyOf(inventories);
        if (inventories.stream().map(Inventory::resourceClass).distinct().count() != inventories.size()) {
            throw new IllegalArgumentException("a resource class appears twice in the inventories of host " + name);
        }
    }

    /** Usable capacity per class, overcommit included. */
    public Resources capacity() {
        // A plain loop: every admission asks this of every candidate host.
        Map<String, Long> amounts = new java.util.HashMap<>(inventories.size() * 2);
        for (Inventory i : inventories) amounts.put(i.resourceClass(), i.capacity());
        return new Resources(amounts);
    }

    public Optional<Inventory> inventory(String resourceClass) {
        // A plain loop: placement asks this for every candidate host of every decision.
        for (Inventory i : inventories) {
            if (i.resourceClass().equals(resourceClass)) return Optional.of(i);
        }
        return Optional.empty();
    }

    public Host withState(HostState newState) {
        return new Host(id, poolId, name, resourceType, newState, inventories, externalId);
    }

    public Map<String, Long> totals() {
        return inventories.stream().collect(Collectors.toMap(Inventory::resourceClass, Inventory::total));
    }
}
