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

    public NotAvailableException(String message, TimeWindow earliest, PlacementExplanation explanation) {
        super(message);
        this.earliest = earliest;
        this.explanation = explanation;
    }

    public Optional<TimeWindow> earliest() {
        return Optional.ofNullable(earliest);
    }

    public Optional<PlacementExplanation> explanation() {
        return Optional.ofNullable(explanation);
    }
}
