package io.berth.core.resource;

import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;

import java.util.List;
import java.util.Objects;

/**
 * A host as a resource manager finds it in the resource it manages (a hypervisor of a cluster, say), for the
 * core to keep in Berth's inventory.
 *
 * @param externalId  the resource manager's own, stable name for the host; becomes {@code Host.externalId()}
 * @param name        the name people know it by
 * @param inventories its capacity now
 * @param state       what the resource says about it: AVAILABLE, MAINTENANCE or DOWN
 * @param stateReason a few words on why, recorded with a state change (e.g. "disconnected from its manager")
 */
public record DiscoveredHost(String externalId, String name, List<Inventory> inventories, HostState state, String stateReason) {
    public DiscoveredHost {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        inventories = List.copyOf(inventories);
        if (inventories.isEmpty()) throw new IllegalArgumentException("a discovered host needs at least one inventory: " + name);
    }
}
