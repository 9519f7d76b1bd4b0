package io.berth.core.resource;

/** A live migration did not happen; the instance still runs on its source host. */
public class MigrationException extends Exception {
    private final boolean retryable;

    public MigrationException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
