package io.berth.core.error;

import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.PlacementExplanation;

import java.util.Optional;

/**
 * No capacity for the requested window. Carries the earliest window of the same length that would fit,
 * when there is one, and the placement explanation (which hosts were rejected and why).
 */
public final class NotAvailableException extends BerthException {
    private final transient TimeWindow earliest;
    private final transient PlacementExplanation explanation;
    private final Reason reason;

    /** What ran out: an image's cap on concurrent reservations, or host capacity. */
    public enum Reason { CONCURRENCY_LIMIT, CAPACITY }

    public NotAvailableException(String message, TimeWindow earliest, PlacementExplanation explanation) {
        this(message, earliest, explanation, Reason.CAPACITY);
    }

    public NotAvailableException(String message, TimeWindow earliest, PlacementExplanation explanation, Reason reason) {
        super(message);
        this.earliest = earliest;
        this.explanation = explanation;
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<TimeWindow> earliest() {
        return Optional.ofNullable(earliest);
    }

    public Optional<PlacementExplanation> explanation() {
        return Optional.ofNullable(explanation);
    }
}
