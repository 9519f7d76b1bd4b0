package io.berth.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;

/** Reads request bodies and parameters; anything malformed becomes a 400 problem naming the field. */
public final class Bodies {
    private static final ObjectMapper MAPPER = Json.mapper();

    private Bodies() {}

    public static <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new HttpProblem(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json (got " + (contentType == null ? "no Content-Type" : contentType) + ")"));
        }
        String body = ctx.body();
        if (body.isBlank()) throw HttpProblem.badRequest(null, "the request needs a JSON body");
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw HttpProblem.badRequest(null, "the request body must be a JSON object, not null");
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw HttpProblem.badRequest(path(e), "unknown field '" + e.getPropertyName() + "'; known fields: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (InvalidFormatException e) {
            throw HttpProblem.badRequest(path(e), "'" + e.getValue() + "' is not " + describe(e.getTargetType()));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw HttpProblem.badRequest(path(e), cause.getMessage());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw HttpProblem.badRequest(field, (field == null ? "the body" : "'" + field + "'") + " must be "
                    + describe(e.getTargetType()));
        } catch (JsonParseException e) {
            throw HttpProblem.badRequest(null, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw HttpProblem.badRequest(path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest(null, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    public static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id < 1) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name, "'" + raw + "' is not a valid id (a positive whole number)");
        }
    }

    public static Long queryLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest(name, "'" + raw + "' is not a whole number");
        }
    }

    public static Instant queryInstant(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return null;
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name, "'" + raw + "' is not an ISO-8601 date-time such as 2026-01-31T14:00:00Z");
        }
    }

    /** The JSON path of the offending field, e.g. "minimum.VCPU" or "inventories[1].total". */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) return "of another type";
        if (type == Instant.class) return "an ISO-8601 date-time such as 2026-01-31T14:00:00Z";
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) return "a whole number";
        if (type == Double.class || type == double.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum()) return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        if (java.util.Collection.class.isAssignableFrom(type)) return "an array";
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        return "a " + type.getSimpleName();
    }
}
