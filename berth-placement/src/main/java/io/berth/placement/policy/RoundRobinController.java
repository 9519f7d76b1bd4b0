package io.berth.placement.policy;

import io.berth.core.resource.PlacementDecision;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.select.Selector;

import java.util.List;

/**
 * Berth's default: hosts take turns, in host-id order, skipping those the hard filters reject. It ignores live
 * load on purpose: predictable, and the baseline the load-aware policies are judged against. It is the pipeline
 * with no scorers and a rotating selection.
 */
public final class RoundRobinController implements PlacementController {
    public static final String NAME = "round-robin";

    private final PipelineController pipeline;

    public RoundRobinController(FilterChain filters) {
        this.pipeline = new PipelineController(NAME, filters, List.of(), new Rotation(), 64);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PlacementDecision place(PlacementContext context) {
        return pipeline.place(context);
    }

    /** The next eligible host after the last one picked, by host id; advance reservations do not move the cursor. */
    private static final class Rotation implements Selector {
        private long last = Long.MIN_VALUE;
        private long before = Long.MIN_VALUE;

        @Override
        public synchronized String describe() {
            return "round-robin, next after host id " + (before == Long.MIN_VALUE ? "(none yet)" : before);
        }

        @Override
        public synchronized int choose(PlacementContext context, int[] rejectedBy, double[] totals) {
            HostTable t = context.hosts();
            int next = -1, first = -1;
            for (int i = 0; i < t.size; i++) {
                if (rejectedBy[i] >= 0) continue;
                long id = t.hostId[i];
                if (first < 0 || id < t.hostId[first]) first = i;
                if (id > last && (next < 0 || id < t.hostId[next])) next = i;
            }
            int pick = next >= 0 ? next : first;
            before = last;
            if (pick >= 0 && !context.request().tentative()) last = t.hostId[pick];
            return pick;
        }
    }
}
