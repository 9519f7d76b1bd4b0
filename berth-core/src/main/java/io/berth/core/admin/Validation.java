package io.berth.core.admin;

import io.berth.core.error.InvalidInputException;

/** Checks shared by the admin services; each failure names the field. */
final class Validation {
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private Validation() {}

    static String name(String field, String value) {
        if (value == null || !value.matches(NAME)) {
            throw new InvalidInputException(field, "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    static String text(String field, String value, int max) {
        if (value == null) return "";
        if (value.length() > max) throw new InvalidInputException(field, "must be at most " + max + " characters");
        return value;
    }

    static void require(boolean ok, String field, String message) {
        if (!ok) throw new InvalidInputException(field, message);
    }
}
