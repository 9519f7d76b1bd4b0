package io.berth.core.error;

import java.time.Duration;

/**
 * A window longer than a limit allows: the image's maximum, or the user's group limits on the initial length,
 * the total length or one extension. {@code allowed} is what the limit permits, so a client can say by how much.
 */
public final class LimitExceededException extends InvalidInputException {
    private final Limit limit;
    private final transient Duration allowed;

    /** Which limit a window broke. */
    public enum Limit {
        /** The image's own maximum window length. */
        IMAGE_MAXIMUM,
        /** The user's groups' limit on the length of a new reservation. */
        INITIAL_LENGTH,
        /** The user's groups' limit on the whole length, extensions included. */
        TOTAL_LENGTH,
        /** The user's groups' limit on one extension. */
        EXTENSION
    }

    public LimitExceededException(String field, String message, Limit limit, Duration allowed) {
        super(field, message);
        this.limit = limit;
        this.allowed = allowed;
    }

    public Limit limit() {
        return limit;
    }

    public Duration allowed() {
        return allowed;
    }
}
