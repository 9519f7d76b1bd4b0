package io.berth.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One API route: the route table is the single list the server registers and the OpenAPI check compares against. */
public record Route(HandlerType method, String path, Access access, Handler handler) {}
