package io.berth.store.jdbc;

/**
 * A write would have broken a unique constraint (a name or login that is taken, an id used twice).
 * The HTTP layer answers it with 409 Conflict.
 */
public class DuplicateKeyException extends StoreException {
    private final String key;

    /** @param key the unique key that was hit, as {@code table.column}, e.g. {@code images.name} */
    public DuplicateKeyException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
