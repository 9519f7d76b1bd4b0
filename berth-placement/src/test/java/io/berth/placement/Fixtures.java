package io.berth.placement;

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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hosts, pools and images for placement tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static final Pool POOL = new Pool(1, "lab", "sim", "", "round-robin", Map.of());

    private Fixtures() {}

    static Image image(long vcpu, long memoryMb) {
        return new Image(1, "img", "", "", "sim", Resources.of(vcpu, memoryMb, 0), 100, Duration.ofHours(4),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of());
    }

    static Host host(long id, HostState state, long vcpu) {
        return new Host(id, POOL.id(), "h" + id, "sim", state,
                List.of(Inventory.of(ResourceClass.VCPU, vcpu), Inventory.of(ResourceClass.MEMORY_MB, 16_384)), null);
    }

    /** A candidate with {@code usedVcpu} already held over the window. */
    static CandidateHost candidate(Host h, long usedVcpu) {
        Resources used = new Resources(Map.of(ResourceClass.VCPU, usedVcpu));
        return new CandidateHost(h, POOL, used, h.capacity().minus(used));
    }

    static PlacementRequest request(Image image, List<CandidateHost> candidates, boolean tentative) {
        return new PlacementRequest(42, image, new TimeWindow(NOW, NOW.plus(Duration.ofHours(1))), candidates, tentative);
    }

    static PlacementContext context(PlacementRequest request) {
        return new PlacementContext(request, POOL, HostTable.of(request, request.candidates(), null, 0.5), NOW);
    }
}
