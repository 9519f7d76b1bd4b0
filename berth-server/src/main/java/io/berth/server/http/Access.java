package io.berth.server.http;

/** Who may call a route. */
public enum Access {
    /** Anyone, no credentials. */
    PUBLIC,
    /** Any signed-in user (bearer token). */
    USER,
    /** Admins only. */
    ADMIN
}
