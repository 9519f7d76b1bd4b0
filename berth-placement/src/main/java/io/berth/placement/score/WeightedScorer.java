package io.berth.placement.score;

/** A scorer and its weight in a policy. */
public record WeightedScorer(HostScorer scorer, double weight) {
    public WeightedScorer {
        if (!(weight > 0) || !Double.isFinite(weight)) throw new IllegalArgumentException("a weight must be positive");
    }
}
