package io.berth.rm.vsphere;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.resource.DiscoveredHost;
import io.berth.core.resource.LiveInstance;
import io.berth.core.resource.ResourceManagerContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The core, as far as the resource manager sees it, in memory: discovered hosts are kept (the real rules of when a
 * state applies are the core's and tested there), live reservations are whatever the test says, lost instances are
 * recorded.
 */
final class FakeContext implements ResourceManagerContext {
    final Map<Long, Host> hosts = new ConcurrentHashMap<>();
    final Map<Long, String> stateReasons = new ConcurrentHashMap<>();
    final List<LiveInstance> live = new CopyOnWriteArrayList<>();
    final Map<Long, String> lost = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public void hostStateChanged(long hostId, HostState newState, String reason) {
        hosts.computeIfPresent(hostId, (id, h) -> h.withState(newState));
        stateReasons.put(hostId, reason);
    }

    @Override
    public List<Host> hosts(String resourceType) {
        return hosts.values().stream().filter(h -> h.resourceType().equals(resourceType)).toList();
    }

    @Override
    public synchronized List<Host> syncHosts(String resourceType, String poolName, List<DiscoveredHost> discovered) {
        List<String> seen = new ArrayList<>();
        for (DiscoveredHost d : discovered) {
            seen.add(d.externalId());
            Host known = byExternalId(d.externalId());
            long id = known == null ? ids.incrementAndGet() : known.id();
            hosts.put(id, new Host(id, 1, d.name(), resourceType, d.state(), d.inventories(), d.externalId()));
            if (known == null || known.state() != d.state()) stateReasons.put(id, d.stateReason());
        }
        for (Host h : List.copyOf(hosts.values())) {
            if (!seen.contains(h.externalId())) hostStateChanged(h.id(), HostState.DOWN, "gone");
        }
        return hosts(resourceType);
    }

    Host byExternalId(String externalId) {
        return hosts.values().stream().filter(h -> externalId.equals(h.externalId())).findFirst().orElse(null);
    }

    Host byName(String name) {
        return hosts.values().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public List<LiveInstance> liveInstances(String resourceType) {
        return List.copyOf(live);
    }

    @Override
    public boolean instanceLost(long reservationId, String cause) {
        lost.put(reservationId, cause);
        return true;
    }
}
