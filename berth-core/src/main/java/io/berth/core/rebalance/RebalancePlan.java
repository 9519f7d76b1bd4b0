package io.berth.core.rebalance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a rebalance would do (or did): its moves in order, the measure it optimises before and after them, and
 * why it stopped. {@code notes} says what it noticed and left alone (hosts overloaded but not for long enough,
 * instances in cooldown, moves refused by a filter).
 */
public record RebalancePlan(String resourceType, Instant at, RebalanceTrigger trigger, List<PlannedMove> moves,
                            Map<String, Double> before, Map<String, Double> after, String summary, List<String> notes) {
    public RebalancePlan {
        moves = List.copyOf(moves);
        before = Map.copyOf(before);
        after = Map.copyOf(after);
        notes = List.copyOf(notes);
    }
}
