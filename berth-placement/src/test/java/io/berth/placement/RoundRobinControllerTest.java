package io.berth.placement;

import io.berth.core.domain.HostState;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.policy.RoundRobinController;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.berth.placement.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinControllerTest {
    final RoundRobinController rr = new RoundRobinController(FilterChain.standard());

    private long pick(List<io.berth.core.resource.CandidateHost> candidates, boolean tentative) {
        var d = rr.place(context(request(image(2, 1024), candidates, tentative)));
        return ((PlacementDecision.Chosen) d).host().host().id();
    }

    @Test
    void hostsTakeTurnsInIdOrderSkippingThoseTheFiltersReject() {
        var candidates = List.of(candidate(host(3, HostState.AVAILABLE, 8), 0), candidate(host(1, HostState.AVAILABLE, 8), 0),
                candidate(host(2, HostState.MAINTENANCE, 8), 0), candidate(host(4, HostState.AVAILABLE, 8), 7));
        List<Long> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) picks.add(pick(candidates, false));
        assertThat(picks).containsExactly(1L, 3L, 1L, 3L);
    }

    @Test
    void tentativePlacementsOfAdvanceReservationsDoNotMoveTheCursor() {
        var candidates = List.of(candidate(host(1, HostState.AVAILABLE, 8), 0), candidate(host(2, HostState.AVAILABLE, 8), 0));
        assertThat(pick(candidates, true)).isEqualTo(1);
        assertThat(pick(candidates, false)).isEqualTo(1);
        assertThat(pick(candidates, false)).isEqualTo(2);
    }

    @Test
    void everyHostIsExplainedWithTheFilterThatRejectedIt() {
        var candidates = List.of(candidate(host(1, HostState.DOWN, 8), 0), candidate(host(2, HostState.AVAILABLE, 1), 0),
                candidate(host(3, HostState.AVAILABLE, 8), 7), candidate(host(4, HostState.AVAILABLE, 8), 0));
        PlacementDecision d = rr.place(context(request(image(2, 1024), candidates, false)));
        PlacementExplanation why = d.explanation();
        assertThat(why.pickedHostId()).isEqualTo(4);
        assertThat(why.candidates()).extracting(PlacementExplanation.Candidate::rejectedBy)
                .containsExactly("host-state", "image-minimums", "capacity", null);
        assertThat(why.candidates().get(2).reason()).contains("VCPU 2 needed, 1 free");
        assertThat(why.summary()).contains("h4");
    }

    @Test
    void noEligibleHostMeansNoHostWithEveryRejection() {
        var candidates = List.of(candidate(host(1, HostState.DOWN, 8), 0), candidate(host(2, HostState.AVAILABLE, 8), 8));
        PlacementDecision d = rr.place(context(request(image(2, 1024), candidates, false)));
        assertThat(d).isInstanceOf(PlacementDecision.NoHost.class);
        assertThat(d.explanation().candidates()).allMatch(c -> !c.eligible());
    }
}
