package io.berth.server.http;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotAvailableException;
import io.berth.core.error.NotFoundException;
import io.berth.core.event.StaleReservationException;
import io.berth.core.reservation.IllegalTransitionException;
import io.berth.store.jdbc.DuplicateKeyException;
import io.berth.store.jdbc.ReferencedRowException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Turns every exception into an RFC 9457 answer; nothing reaches a client as a stack trace. */
public final class ProblemMapping {
    private static final Logger log = LoggerFactory.getLogger(ProblemMapping.class);

    private ProblemMapping() {}

    public static void register(RoutesConfig routes) {
        routes.exception(HttpProblem.class, (e, ctx) -> e.problem().writeTo(ctx));
        routes.exception(InvalidInputException.class, (e, ctx) ->
                Problem.of(400, "invalid-input", "Invalid input", e.getMessage()).withField(e.field()).writeTo(ctx));
        routes.exception(NotFoundException.class, (e, ctx) ->
                Problem.of(404, "not-found", "Not found", e.getMessage()).writeTo(ctx));
        routes.exception(ForbiddenException.class, (e, ctx) ->
                Problem.of(403, "forbidden", "Forbidden", e.getMessage()).writeTo(ctx));
        routes.exception(ConflictException.class, (e, ctx) ->
                Problem.of(409, "conflict", "Conflict", e.getMessage()).writeTo(ctx));
        routes.exception(IllegalTransitionException.class, (e, ctx) ->
                Problem.of(409, "illegal-transition", "Not allowed in this state", e.getMessage())
                        .with("state", e.from().name()).writeTo(ctx));
        routes.exception(StaleReservationException.class, (e, ctx) ->
                Problem.of(409, "concurrent-change", "Changed concurrently", e.getMessage() + "; read it again and retry").writeTo(ctx));
        routes.exception(NotAvailableException.class, ProblemMapping::notAvailable);
        routes.exception(DuplicateKeyException.class, (e, ctx) ->
                Problem.of(409, "duplicate", "Already exists", e.getMessage()).withField(fieldOf(e.key())).writeTo(ctx));
        routes.exception(ReferencedRowException.class, (e, ctx) ->
                Problem.of(409, "in-use", "Still in use", e.getMessage()).writeTo(ctx));
        routes.exception(Exception.class, (e, ctx) -> {
            String incident = UUID.randomUUID().toString();
            log.error("unhandled error {} on {} {}", incident, ctx.method(), ctx.path(), e);
            Problem.of(500, "internal", "Internal error", "Berth failed to handle this request; incident " + incident
                    + " is in the server log").writeTo(ctx);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                Problem.of(404, "not-found", "Not found", "no route " + ctx.method() + " " + ctx.path()).writeTo(ctx);
            }
        });
        routes.error(405, ctx -> Problem.of(405, "method-not-allowed", "Method not allowed",
                ctx.method() + " is not allowed on " + ctx.path()).writeTo(ctx));
        routes.error(413, ctx -> Problem.of(413, "too-large", "Request too large", "the request body is too large").writeTo(ctx));
    }

    /** "images.name" becomes "name": the request field that maps to the column. */
    private static String fieldOf(String key) {
        if (key == null) return null;
        String column = key.substring(key.indexOf('.') + 1);
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') upper = true;
            else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    private static void notAvailable(NotAvailableException e, Context ctx) {
        Problem p = Problem.of(409, "not-available", "Not available", e.getMessage());
        if (e.earliest().isPresent()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("start", e.earliest().get().start());
            w.put("end", e.earliest().get().end());
            p = p.with("earliestAvailable", w);
        }
        if (e.explanation().isPresent()) p = p.with("placement", e.explanation().get());
        p.writeTo(ctx);
    }
}
