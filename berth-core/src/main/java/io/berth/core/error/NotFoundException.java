package io.berth.core.error;

/** No such thing, or not one the caller may see (the two are not told apart, to hide others' reservations). */
public final class NotFoundException extends BerthException {
    public NotFoundException(String what, Object id) {
        super("no " + what + " " + id);
    }
}
