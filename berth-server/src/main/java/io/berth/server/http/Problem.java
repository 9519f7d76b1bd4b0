package io.berth.server.http;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code field} (an extension member) names the request field at fault, as the
 * client spelled it; {@code extra} carries problem-specific members (e.g. the earliest window that fits).
 */
public record Problem(String type, String title, int status, String detail, String field, Map<String, Object> extra) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "urn:berth:problem:";

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(TYPE_BASE + type, title, status, detail, null, Map.of());
    }

    public Problem withField(String f) {
        return new Problem(type, title, status, detail, f, extra);
    }

    public Problem with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new Problem(type, title, status, detail, field, more);
    }

    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        if (field != null) body.put("field", field);
        body.putAll(extra);
        return body;
    }

    public void writeTo(Context ctx) {
        ctx.status(status).contentType(MEDIA_TYPE).result(JsonWriter.write(body(ctx.path())));
    }
}
