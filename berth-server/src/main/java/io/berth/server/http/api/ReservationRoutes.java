package io.berth.server.http.api;

import io.berth.core.domain.User;
import io.berth.core.error.InvalidInputException;
import io.berth.core.event.EventBus;
import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationRequest;
import io.berth.core.reservation.ReservationService;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.ReservationQuery;
import io.berth.core.store.Store;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.RouteTable;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Reservations: create, follow, connect, extend, end, and their history. */
public final class ReservationRoutes {
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final ReservationService reservations;
    private final Store store;
    private final EventBus bus;

    public ReservationRoutes(ReservationService reservations, Store store, EventBus bus) {
        this.reservations = reservations;
        this.store = store;
        this.bus = bus;
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/reservations", Access.USER, ctx -> {
            var body = Bodies.read(ctx, Requests.NewReservation.class);
            long imageId = Require.present(body.imageId(), "imageId");
            if (body.durationMinutes() != null && body.durationMinutes() <= 0) {
                throw HttpProblem.badRequest("durationMinutes", "must be a positive number of minutes");
            }
            Reservation r;
            try {
                r = reservations.request(RouteTable.user(ctx), new ReservationRequest(imageId, body.start(), body.end(),
                        body.durationMinutes() == null ? null : Duration.ofMinutes(body.durationMinutes()), group(body.group())));
            } catch (InvalidInputException e) {
                // The core speaks of a duration; this API's field is durationMinutes.
                if ("duration".equals(e.field())) throw new InvalidInputException("durationMinutes", e.getMessage());
                throw e;
            }
            ctx.status(201).header("Location", "/api/v1/reservations/" + r.id()).json(view(r));
        });
        routes.get("/api/v1/reservations", Access.USER, this::list);
        routes.get("/api/v1/reservations/{reservationId}", Access.USER, ctx ->
                ctx.json(view(reservations.get(RouteTable.user(ctx), id(ctx)))));
        routes.get("/api/v1/reservations/{reservationId}/connection", Access.USER, ctx ->
                ctx.json(Views.ConnectionView.of(reservations.connection(RouteTable.user(ctx), id(ctx)))));
        routes.post("/api/v1/reservations/{reservationId}/acknowledge", Access.USER, ctx -> {
            var body = ctx.body().isBlank() ? new Requests.Acknowledgement(null, null) : Bodies.read(ctx, Requests.Acknowledgement.class);
            String address = body.clientAddress();
            if (address != null && !address.matches("[0-9A-Fa-f:.]{2,45}")) {
                throw HttpProblem.badRequest("clientAddress", "must be an IPv4 or IPv6 address");
            }
            ctx.json(view(reservations.acknowledge(RouteTable.user(ctx), id(ctx), body.via() == null ? "api" : body.via(), address)));
        });
        routes.post("/api/v1/reservations/{reservationId}/extend", Access.USER, ctx -> {
            var body = Bodies.read(ctx, Requests.Extension.class);
            User user = RouteTable.user(ctx);
            if ((body.minutes() == null) == (body.end() == null)) {
                throw HttpProblem.badRequest("minutes", "give either 'minutes' (to add) or 'end' (the new end), not both or neither");
            }
            Reservation r = body.end() != null ? reservations.changeEnd(user, id(ctx), body.end())
                    : reservations.extend(user, id(ctx), Duration.ofMinutes(body.minutes()));
            ctx.json(view(r));
        });
        routes.post("/api/v1/reservations/{reservationId}/end", Access.USER, ctx ->
                ctx.json(view(reservations.end(RouteTable.user(ctx), id(ctx)))));
        routes.get("/api/v1/reservations/{reservationId}/events", Access.USER, ctx -> {
            Long after = Bodies.queryLong(ctx, "after");
            ctx.json(reservations.events(RouteTable.user(ctx), id(ctx), after == null ? 0 : after).stream()
                    .map(Views.EventView::of).toList());
        });
        routes.get("/api/v1/reservations/{reservationId}/placement", Access.USER, ctx -> {
            var placements = reservations.events(RouteTable.user(ctx), id(ctx), 0).stream()
                    .filter(e -> e.event() instanceof ReservationEvent.Placed || e.event() instanceof ReservationEvent.AdmittedForFuture)
                    .map(Views.EventView::of).toList();
            if (placements.isEmpty()) throw new io.berth.core.error.NotFoundException("placement of reservation", id(ctx));
            ctx.json(placements.getLast());
        });
        routes.sse("/api/v1/reservations/{reservationId}/events/stream", Access.USER,
                ctx -> reservations.get(RouteTable.user(ctx), id(ctx)), this::stream);
    }

    private static io.berth.core.domain.PlacementGroup group(Requests.GroupBody g) {
        if (g == null) return null;
        try {
            return new io.berth.core.domain.PlacementGroup(Require.present(g.name(), "group.name"), Require.present(g.kind(), "group.kind"));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("group.name", e.getMessage());
        }
    }

    private void list(Context ctx) {
        Set<ReservationState> states = null;
        List<String> raw = ctx.queryParams("state");
        if (!raw.isEmpty()) {
            states = EnumSet.noneOf(ReservationState.class);
            for (String s : raw) {
                for (String one : s.split(",")) {
                    try {
                        states.add(ReservationState.valueOf(one.trim().toUpperCase()));
                    } catch (IllegalArgumentException e) {
                        throw HttpProblem.badRequest("state", "'" + one + "' is not a state; states: " + List.of(ReservationState.values()));
                    }
                }
            }
        }
        Long limit = Bodies.queryLong(ctx, "limit");
        if (limit != null && (limit < 1 || limit > 1000)) throw HttpProblem.badRequest("limit", "must be 1-1000");
        Long before = Bodies.queryLong(ctx, "before");
        ReservationQuery q = new ReservationQuery(Bodies.queryLong(ctx, "ownerId"), Bodies.queryLong(ctx, "imageId"),
                Bodies.queryLong(ctx, "hostId"), states, limit == null ? 100 : limit.intValue(), before == null ? Long.MAX_VALUE : before);
        List<Reservation> found = reservations.list(RouteTable.user(ctx), q);
        Names names = new Names();
        ctx.json(found.stream().map(r -> Views.ReservationView.of(r, names.image(r.imageId()), names.host(r.hostId()))).toList());
    }

    /**
     * Streams the reservation's events: first those after the client's Last-Event-ID (the global sequence, so a
     * reconnecting client misses nothing), then live ones. The log is the source: live notifications only wake
     * the stream up, so events are never reordered or lost between the two phases.
     */
    private void stream(SseClient client, User user) throws Exception {
        Context ctx = client.ctx();
        long reservationId = id(ctx);
        reservations.get(user, reservationId);
        String lastId = ctx.header("Last-Event-ID");
        long position = 0;
        if (lastId != null && !lastId.isBlank()) {
            try {
                position = Long.parseLong(lastId.trim());
            } catch (NumberFormatException e) {
                position = 0;
            }
        } else if (ctx.queryParam("after") != null) {
            position = Bodies.queryLong(ctx, "after");
        }
        Semaphore wake = new Semaphore(0);
        try (AutoCloseable ignored = bus.listen(e -> {
            if (e.reservationId() == reservationId) wake.release();
        })) {
            long lastBeat = System.nanoTime();
            while (!client.terminated()) {
                List<StoredEvent> events = reservations.events(user, reservationId, position);
                for (StoredEvent e : events) {
                    client.sendEvent(e.event().type(), io.berth.server.http.JsonWriter.write(Views.EventView.of(e)), Long.toString(e.sequence()));
                    position = e.sequence();
                }
                Reservation now = reservations.get(user, reservationId);
                if (now.state().isTerminal() && now.reclaimedAt() != null && position >= lastSequenceOf(user, reservationId)) {
                    break; // ended and cleaned up: nothing more will happen to it
                }
                if (!wake.tryAcquire(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() - lastBeat >= HEARTBEAT.toNanos()) {
                        client.sendComment("heartbeat");
                        lastBeat = System.nanoTime();
                    }
                }
                wake.drainPermits();
            }
        } finally {
            client.close();
        }
    }

    private long lastSequenceOf(User user, long reservationId) {
        List<StoredEvent> all = reservations.events(user, reservationId, 0);
        return all.isEmpty() ? 0 : all.getLast().sequence();
    }

    /** One reservation's view, its names read in one transaction. */
    private Views.ReservationView view(Reservation r) {
        return store.inTransaction(tx -> {
            Names names = new Names();
            return Views.ReservationView.of(r, names.image(r.imageId()), names.host(r.hostId()));
        });
    }

    private static long id(Context ctx) {
        return Bodies.pathId(ctx, "reservationId");
    }

    /** Resolves image and host names once per response. */
    private final class Names {
        private final Map<Long, String> images = new HashMap<>();
        private final Map<Long, String> hosts = new HashMap<>();

        String image(long id) {
            return images.computeIfAbsent(id, k -> store.inTransaction(tx -> tx.images().find(k)).map(i -> i.name()).orElse(null));
        }

        String host(Long id) {
            if (id == null) return null;
            return hosts.computeIfAbsent(id, k -> store.inTransaction(tx -> tx.inventory().findHost(k)).map(h -> h.name()).orElse(null));
        }
    }
}
