package io.berth.placement.pipeline;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.testing.MutableClock;
import io.berth.placement.HostTable;
import io.berth.placement.LoadView;
import io.berth.placement.PlacementContext;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.properties.PlacementPropertiesTest;
import io.berth.placement.properties.PlacementPropertiesTest.Scenario;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.random.RandomGeneratorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass kernel decides exactly as the part-by-part pipeline: same pick, same explanation. */
class FusedKernelEquivalenceTest {

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.longs().map(PlacementPropertiesTest::scenario);
    }

    @Property(tries = 500)
    void bothPathsGiveTheSameDecisionAndExplanation(@ForAll("scenarios") Scenario s) {
        if (s.policy().equals("round-robin")) return; // its rotation keeps state; covered by the load-aware policies
        MutableClock clock = new MutableClock(PlacementPropertiesTest.NOW);
        var monitor = PlacementPropertiesTest.monitor(s, clock);
        Pool pool = new Pool(1, "lab", "sim", "", s.policy(), s.settings());
        var request = PlacementPropertiesTest.request(s, pool);
        // Two controllers with identically seeded randomness, so top-k draws agree.
        var a = (PipelineController) PolicyRegistry.withBuiltIns(RandomGeneratorFactory.of("L64X128MixRandom").create(s.seed())).controllerFor(pool);
        var b = (PipelineController) PolicyRegistry.withBuiltIns(RandomGeneratorFactory.of("L64X128MixRandom").create(s.seed())).controllerFor(pool);
        HostTable table = HostTable.of(request, request.candidates(), LoadView.of(monitor), 0.5);
        PlacementContext context = new PlacementContext(request, pool, table, PlacementPropertiesTest.NOW);

        PlacementDecision fused = a.placeFused(context);
        PlacementDecision stepwise = b.placeStepByStep(context);

        assertThat(fused.getClass()).isEqualTo(stepwise.getClass());
        assertThat(fused.explanation()).isEqualTo(stepwise.explanation());
    }
}
