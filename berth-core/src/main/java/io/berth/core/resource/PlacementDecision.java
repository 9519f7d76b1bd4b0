package io.berth.core.resource;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The outcome of a placement: a host, or none; either way with its explanation.
 *
 * <p>A controller may hand over the explanation as a writer, called when the explanation is first read (once, whoever
 * reads it): a simulation or a benchmark that never reads it then does not pay for writing it. The writer must give
 * the explanation it would have given at decision time, reading only what nobody changes afterwards. Equality is by
 * host and explanation, as for records.
 */
public sealed interface PlacementDecision {
    PlacementExplanation explanation();

    final class Chosen implements PlacementDecision {
        private final CandidateHost host;
        private final Explanation explanation;

        public Chosen(CandidateHost host, PlacementExplanation explanation) {
            this.host = Objects.requireNonNull(host);
            this.explanation = new Explanation(Objects.requireNonNull(explanation));
        }

        /** The explanation written by {@code writer} when first read. */
        public Chosen(CandidateHost host, Supplier<PlacementExplanation> writer) {
            this.host = Objects.requireNonNull(host);
            this.explanation = new Explanation(writer);
        }

        public CandidateHost host() {
            return host;
        }

        @Override
        public PlacementExplanation explanation() {
            return explanation.get();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chosen c && host.equals(c.host) && explanation().equals(c.explanation());
        }

        @Override
        public int hashCode() {
            return 31 * host.hashCode() + explanation().hashCode();
        }

        @Override
        public String toString() {
            return "Chosen[host=" + host + ", explanation=" + explanation() + "]";
        }
    }

    final class NoHost implements PlacementDecision {
        private final Explanation explanation;

        public NoHost(PlacementExplanation explanation) {
            this.explanation = new Explanation(Objects.requireNonNull(explanation));
        }

        /** The explanation written by {@code writer} when first read. */
        public NoHost(Supplier<PlacementExplanation> writer) {
            this.explanation = new Explanation(writer);
        }

        @Override
        public PlacementExplanation explanation() {
            return explanation.get();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NoHost n && explanation().equals(n.explanation());
        }

        @Override
        public int hashCode() {
            return explanation().hashCode();
        }

        @Override
        public String toString() {
            return "NoHost[explanation=" + explanation() + "]";
        }
    }
}
