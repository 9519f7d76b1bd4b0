package io.berth.core;

import io.berth.core.admin.HostSync;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.reservation.LifecycleDriver;
import io.berth.core.resource.DiscoveredHost;
import io.berth.core.resource.LiveInstance;
import io.berth.core.resource.ResourceManagerContext;

import java.util.List;

/** What the resource managers get from the core: the lifecycle driver's part and the sync of discovered hosts. */
final class ManagerContext implements ResourceManagerContext {
    private final LifecycleDriver driver;
    private final HostSync hostSync;

    ManagerContext(LifecycleDriver driver, HostSync hostSync) {
        this.driver = driver;
        this.hostSync = hostSync;
    }

    @Override
    public void hostStateChanged(long hostId, HostState newState, String reason) {
        driver.hostStateChanged(hostId, newState, reason);
    }

    @Override
    public List<Host> hosts(String resourceType) {
        return driver.hosts(resourceType);
    }

    @Override
    public List<Host> syncHosts(String resourceType, String poolName, List<DiscoveredHost> discovered) {
        return hostSync.sync(resourceType, poolName, discovered);
    }

    @Override
    public List<LiveInstance> liveInstances(String resourceType) {
        return driver.liveInstances(resourceType);
    }

    @Override
    public boolean instanceLost(long reservationId, String cause) {
        return driver.instanceLost(reservationId, cause);
    }
}
