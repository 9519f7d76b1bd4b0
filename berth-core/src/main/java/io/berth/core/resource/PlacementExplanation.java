package io.berth.core.resource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Why a host was chosen (or none was): every candidate with the filter that rejected it or its scores,
 * the live metrics used and how old they were. Stored with the Placed event; readable through the API.
 *
 * @param controller the placement policy that decided, e.g. "round-robin"
 * @param summary    one sentence for people, e.g. "picked h-3: next in round-robin order after h-2"
 * @param notes      anything else the controller wants to record (fallbacks, settings used)
 */
public record PlacementExplanation(String controller, Instant decidedAt, List<Candidate> candidates,
                                   Long pickedHostId, String summary, Map<String, String> notes) {

    public PlacementExplanation {
        candidates = List.copyOf(candidates);
        notes = OrderedMap.copyOf(notes); // immutable, in the writer's order; kept as is if already so
    }

    /**
     * One host considered. Rejected hosts name the filter and its reason; eligible ones carry
     * each scorer's value and the metric values (with their age in seconds) that fed them.
     */
    public record Candidate(long hostId, String hostName, String pool, String rejectedBy, String reason,
                            Map<String, Double> scores, Map<String, Double> metrics, Double metricsAgeSeconds) {
        public Candidate {
            scores = OrderedMap.copyOf(scores);
            metrics = OrderedMap.copyOf(metrics);
        }

        public boolean eligible() {
            return rejectedBy == null;
        }

        public static Candidate rejected(long hostId, String hostName, String pool, String filter, String reason) {
            return new Candidate(hostId, hostName, pool, filter, reason, Map.of(), Map.of(), null);
        }
    }
}
