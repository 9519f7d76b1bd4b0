package io.berth.core.error;

/** The request is well formed but the current state forbids it (e.g. removing a host that still runs reservations). */
public final class ConflictException extends BerthException {
    public ConflictException(String message) {
        super(message);
    }
}
