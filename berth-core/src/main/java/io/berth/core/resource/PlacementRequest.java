package io.berth.core.resource;

import io.berth.core.domain.Image;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.TimeWindow;

import java.util.List;
import java.util.Map;

/**
 * Asks a resource manager where an image should run.
 *
 * @param window             the time the instance holds capacity (provisioning lead time included)
 * @param candidates         every host of the image's pools, healthy or not: filtering is the controller's job,
 *                           so its explanation can say why each host was rejected
 * @param tentative          true for an advance reservation: only the calendar matters now, live load does not;
 *                           the real placement happens again before it starts
 * @param group              the reservation's placement group, or null
 * @param groupMembersByHost for a group: how many of its other live reservations each host holds
 */
public record PlacementRequest(long reservationId, Image image, TimeWindow window, List<CandidateHost> candidates,
                               boolean tentative, PlacementGroup group, Map<Long, Integer> groupMembersByHost) {
    public PlacementRequest {
        candidates = List.copyOf(candidates);
        groupMembersByHost = Map.copyOf(groupMembersByHost);
    }

    public PlacementRequest(long reservationId, Image image, TimeWindow window, List<CandidateHost> candidates, boolean tentative) {
        this(reservationId, image, window, candidates, tentative, null, Map.of());
    }

    public int groupMembersOn(long hostId) {
        return groupMembersByHost.getOrDefault(hostId, 0);
    }
}
