package io.berth.core.resource;

/** The outcome of a placement: a host, or none; either way with its explanation. */
public sealed interface PlacementDecision {
    PlacementExplanation explanation();

    record Chosen(CandidateHost host, PlacementExplanation explanation) implements PlacementDecision {}

    record NoHost(PlacementExplanation explanation) implements PlacementDecision {}
}
