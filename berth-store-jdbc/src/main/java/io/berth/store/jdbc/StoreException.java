package io.berth.store.jdbc;

/** The database failed or refused a statement. Unchecked: callers of the store SPI cannot act on SQL errors. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
