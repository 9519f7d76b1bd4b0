package io.berth.placement;

import io.berth.core.domain.HostState;
import io.berth.core.domain.Pool;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.berth.placement.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class PlacementEngineTest {
    final PlacementEngine engine = new PlacementEngine(PolicyRegistry.withBuiltIns(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void poolsAreAskedInOrderAndAFullPoolFallsThroughToTheNext() {
        Pool second = new Pool(2, "overflow", "sim", "", "round-robin", Map.of());
        var h1 = candidate(host(1, HostState.AVAILABLE, 8), 8);
        var h2 = new CandidateHost(host(2, HostState.AVAILABLE, 8), second, h1.used().minus(h1.used()), host(2, HostState.AVAILABLE, 8).capacity());
        PlacementDecision d = engine.place(request(image(2, 1024), List.of(h1, h2), false));
        assertThat(d).isInstanceOf(PlacementDecision.Chosen.class);
        assertThat(d.explanation().pickedHostId()).isEqualTo(2);
        assertThat(d.explanation().candidates()).extracting(c -> c.pool()).containsExactly("lab", "overflow");
        assertThat(d.explanation().summary()).contains("no host in pool lab").contains("picked h2");
    }

    @Test
    void noPoolMeansNoHostWithAReason() {
        PlacementDecision d = engine.place(request(image(2, 1024), List.of(), false));
        assertThat(d).isInstanceOf(PlacementDecision.NoHost.class);
        assertThat(d.explanation().summary()).contains("no pool");
    }

    @Test
    void changingAPoolsPolicySettingsGivesItAFreshController() {
        var registry = PolicyRegistry.withBuiltIns();
        PlacementController a = registry.controllerFor(POOL);
        assertThat(registry.controllerFor(POOL)).isSameAs(a);
        Pool changed = new Pool(POOL.id(), POOL.name(), "sim", "", "round-robin", Map.of("note", "x"));
        assertThat(registry.controllerFor(changed)).isNotSameAs(a);
    }
}
