package io.berth.placement.filter;

import io.berth.core.domain.HostState;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/** Only AVAILABLE hosts take new work (MAINTENANCE is being drained, DOWN is gone). */
public final class HostStateFilter implements HostFilter {
    @Override
    public String name() {
        return "host-state";
    }

    @Override
    public String description() {
        return "the host is AVAILABLE (not in MAINTENANCE, not DOWN)";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, i)) rejectedBy[i] = self;
        }
    }

    /** The rule itself, shared by this filter's loop and the fused kernel. */
    public static boolean rejects(HostTable t, int i) {
        return t.state[i] != HostState.AVAILABLE;
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        return "host is " + t.state[i];
    }
}
