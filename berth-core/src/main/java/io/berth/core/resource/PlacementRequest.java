package io.berth.core.resource;

import io.berth.core.domain.Image;
import io.berth.core.domain.TimeWindow;

import java.util.List;

/**
 * Asks a resource manager where an image should run.
 *
 * @param window     the time the instance holds capacity (provisioning lead time included)
 * @param candidates every host of the image's pools, healthy or not: filtering is the controller's job,
 *                   so its explanation can say why each host was rejected
 * @param tentative  true for an advance reservation: only the calendar matters now, live load does not;
 *                   the real placement happens again before it starts
 */
public record PlacementRequest(long reservationId, Image image, TimeWindow window,
                               List<CandidateHost> candidates, boolean tentative) {
    public PlacementRequest {
        candidates = List.copyOf(candidates);
    }
}
