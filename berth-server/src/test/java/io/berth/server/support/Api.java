package io.berth.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for tests: real requests to the running server, JSON in and out. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    public Api(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api withToken(String newToken) {
        return new Api(base, newToken);
    }

    public String token() {
        return token;
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, "application/json");
    }

    /** Sends a raw body with a given content type (for malformed-input tests). */
    public Response send(String method, String path, Object body, String contentType) {
        return send(method, path, body, contentType, java.util.Map.of());
    }

    public Response send(String method, String path, Object body, String contentType, java.util.Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
            headers.forEach(b::header);
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (contentType != null) b.header("Content-Type", contentType);
            String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            b.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Location").orElse(null), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The state of a reservation, as its owner (or an admin) reads it. */
    public String state(long reservationId) {
        return get("/api/v1/reservations/" + reservationId).expect(200).json().get("state").asText();
    }

    public record Response(int status, String contentType, String location, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public Response expect(int expected) {
            if (status != expected) throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            return this;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
