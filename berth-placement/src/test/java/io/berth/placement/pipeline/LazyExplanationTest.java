package io.berth.placement.pipeline;

import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import io.berth.core.testing.MutableClock;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision's explanation is written when first read: read after the world has moved on (new load samples, another
 * placement recorded as pending load), it is the explanation the same decision gives when read at once.
 */
class LazyExplanationTest {

    @Property(tries = 150)
    void anExplanationReadLaterIsTheOneReadAtOnce(@ForAll long seed) {
        // Two identical worlds from one seed: in one the explanation is read at once, in the other only at the end.
        CompactKernelEquivalenceTest.Case now = CompactKernelEquivalenceTest.generate(seed);
        CompactKernelEquivalenceTest.Case later = CompactKernelEquivalenceTest.generate(seed);
        var engineNow = new PlacementEngine(PolicyRegistry.withBuiltIns(), new MutableClock(CompactKernelEquivalenceTest.NOW),
                now.monitor(), Duration.ofMinutes(5));
        MutableClock clock = new MutableClock(CompactKernelEquivalenceTest.NOW);
        var engineLater = new PlacementEngine(PolicyRegistry.withBuiltIns(), clock, later.monitor(), Duration.ofMinutes(5));

        PlacementDecision atOnce = engineNow.place(now.request());
        PlacementExplanation readAtOnce = atOnce.explanation();
        PlacementDecision unread = engineLater.place(later.request());

        clock.advance(Duration.ofSeconds(1));
        long at = clock.millis();
        for (CandidateHost c : later.request().candidates()) {
            later.monitor().accept(c.host().id(), at, 0.97, 1024, 16_384, Double.NaN, Double.NaN, 3);
        }
        PlacementRequest r = later.request();
        engineLater.place(new PlacementRequest(r.reservationId() + 1, r.image(), r.window(), r.candidates(), false));

        assertThat(unread.explanation()).as(now.toString()).isEqualTo(readAtOnce);
        assertThat(unread).isEqualTo(atOnce);
    }
}
