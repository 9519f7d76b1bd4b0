package io.berth.core.error;

/**
 * A field of the request is wrong; {@code field} names it as the client sent it (e.g. "end").
 * {@link LimitExceededException} is the kind that says which limit and how much it allows.
 */
public sealed class InvalidInputException extends BerthException permits LimitExceededException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
