package io.berth.core.error;

/** A request Berth refuses, with what was wrong; the HTTP layer turns each kind into a problem+json answer. */
public abstract sealed class BerthException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, ForbiddenException, NotAvailableException {
    protected BerthException(String message) {
        super(message);
    }
}
