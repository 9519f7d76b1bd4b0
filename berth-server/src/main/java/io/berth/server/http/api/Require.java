package io.berth.server.http.api;

import io.berth.server.http.HttpProblem;

/** Presence checks on request fields, each naming the field. */
final class Require {
    private Require() {}

    static <T> T present(T value, String field) {
        if (value == null) throw HttpProblem.badRequest(field, "'" + field + "' is required");
        if (value instanceof String s && s.isBlank()) throw HttpProblem.badRequest(field, "'" + field + "' must not be empty");
        return value;
    }
}
