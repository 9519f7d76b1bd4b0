package io.berth.core.resource;

/**
 * Provisioning did not produce a running instance. {@code retryable} says whether trying again
 * (on the same host) could help; the message becomes the reservation's failure cause.
 */
public class ProvisioningException extends Exception {
    private final boolean retryable;

    public ProvisioningException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public ProvisioningException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
