package io.berth.placement.pipeline;

import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;

import java.util.function.Supplier;

/**
 * A pipeline's pick with its explanation written on first read, for callers that often drop a decision unread (a
 * rebalance tries targets for VMs it may not move). The explanation is the one {@link PipelineController#place} gives:
 * it reads only the decision's own table, which nobody writes to once decided.
 */
public final class DeferredDecision {
    private final CandidateHost host;
    private Supplier<PlacementExplanation> writer;
    private PlacementExplanation explanation;

    DeferredDecision(CandidateHost host, Supplier<PlacementExplanation> writer) {
        this.host = host;
        this.writer = writer;
    }

    /** The chosen host, or null if none passed the filters. */
    public CandidateHost host() {
        return host;
    }

    public PlacementExplanation explanation() {
        if (explanation == null) {
            explanation = writer.get();
            writer = null;
        }
        return explanation;
    }

    public PlacementDecision decision() {
        return host == null ? new PlacementDecision.NoHost(explanation()) : new PlacementDecision.Chosen(host, explanation());
    }
}
