package io.berth.plugin.example;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.HostLoad;
import io.berth.metrics.StalePolicy;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A pool of four hosts with live load, for placing through loaded plug-ins. */
final class Hosts {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

    private Hosts() {}

    static Pool pool(String policy, Map<String, String> settings) {
        return new Pool(7, "lab", "sim", "", policy, settings);
    }

    /** A host sampled 5 s ago with this 95th-percentile CPU and VM count (-1: unknown). */
    static HostLoad load(long hostId, double p95, int vms) {
        return new HostLoad(hostId, 20, NOW.minusSeconds(5), 5.0, false, p95 - 0.1, p95 - 0.1, p95 - 0.1, p95, 0.02, 0.05,
                p95 - 0.1, 0.4, 0.4, Double.NaN, Double.NaN, vms, 0.0, 0.0, StalePolicy.EXCLUDE, 0.9);
    }

    /** h1..h4, h3 in maintenance, placed for a 2-VCPU image. */
    static PlacementContext context(Pool pool, Map<Long, HostLoad> loads) {
        List<CandidateHost> hosts = List.of(host(pool, 1, HostState.AVAILABLE), host(pool, 2, HostState.AVAILABLE),
                host(pool, 3, HostState.MAINTENANCE), host(pool, 4, HostState.AVAILABLE));
        Image image = new Image(3, "ubuntu", "", "linux", "sim", Resources.of(2, 2048, 0), 100, Duration.ofHours(4),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of());
        PlacementRequest request = new PlacementRequest(42, image, new TimeWindow(NOW, NOW.plus(Duration.ofHours(1))), hosts, false);
        return new PlacementContext(request, pool, HostTable.of(request, hosts, loads::get, 0.5), NOW);
    }

    private static CandidateHost host(Pool pool, long id, HostState state) {
        Host h = new Host(id, pool.id(), "h" + id, "sim", state,
                List.of(Inventory.of(ResourceClass.VCPU, 16), Inventory.of(ResourceClass.MEMORY_MB, 65_536)), null);
        return new CandidateHost(h, pool, Resources.NONE, h.capacity());
    }
}
