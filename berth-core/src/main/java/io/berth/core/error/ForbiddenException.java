package io.berth.core.error;

/** The caller is known but lacks the role for this action. */
public final class ForbiddenException extends BerthException {
    public ForbiddenException(String message) {
        super(message);
    }
}
