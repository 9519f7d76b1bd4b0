package io.berth.core.domain;

import java.time.Duration;
import java.time.Instant;

/** A half-open interval [start, end). */
public record TimeWindow(Instant start, Instant end) {

    public TimeWindow {
        if (!end.isAfter(start)) throw new IllegalArgumentException("window end must be after its start");
    }

    public static TimeWindow of(Instant start, Duration length) {
        return new TimeWindow(start, start.plus(length));
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public boolean overlaps(TimeWindow other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
