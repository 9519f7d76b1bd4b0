package io.berth.store.jdbc;

/**
 * A delete was refused because other rows still refer to the row (a pool that has hosts, a user who owns
 * reservations). The HTTP layer answers it with 409 Conflict.
 */
public class ReferencedRowException extends StoreException {
    public ReferencedRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
