package io.berth.core.error;

/** A field of the request is wrong; {@code field} names it as the client sent it (e.g. "end"). */
public final class InvalidInputException extends BerthException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
