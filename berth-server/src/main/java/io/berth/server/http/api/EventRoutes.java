package io.berth.server.http.api;

import io.berth.core.domain.User;
import io.berth.core.event.EventBus;
import io.berth.core.event.StoredEvent;
import io.berth.core.reservation.ReservationService;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.JsonWriter;
import io.berth.server.http.RouteTable;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Every reservation and placement event a caller may see, across reservations: their own for users, all for
 * admins. The global sequence is the resume token: a client that asks for what came after the last one it saw
 * misses nothing, whether it polls or streams.
 */
public final class EventRoutes {
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int PAGE = 200;

    private final ReservationService reservations;
    private final EventBus bus;

    public EventRoutes(ReservationService reservations, EventBus bus) {
        this.reservations = reservations;
        this.bus = bus;
    }

    /** A page of the feed; {@code next} is where the next request continues (it may lie past the last event). */
    public record FeedView(List<Views.EventView> events, long next) {}

    public void register(RouteTable routes) {
        routes.get("/api/v1/events", Access.USER, ctx -> {
            Long after = Bodies.queryLong(ctx, "after");
            Long limit = Bodies.queryLong(ctx, "limit");
            if (limit != null && (limit < 1 || limit > 1000)) throw HttpProblem.badRequest("limit", "must be 1-1000");
            var feed = reservations.feed(RouteTable.user(ctx), after == null ? 0 : after, limit == null ? 100 : limit.intValue());
            ctx.json(new FeedView(feed.events().stream().map(Views.EventView::of).toList(), feed.position()));
        });
        routes.sse("/api/v1/events/stream", Access.USER, ctx -> startOf(ctx), this::stream);
    }

    /** Last-Event-ID (a reconnect), else {@code ?after=}, else only what happens from now on. */
    private long startOf(Context ctx) {
        String lastId = ctx.header("Last-Event-ID");
        if (lastId != null && lastId.strip().matches("\\d{1,18}")) return Long.parseLong(lastId.strip());
        Long after = Bodies.queryLong(ctx, "after");
        return after != null ? after : reservations.latestSequence();
    }

    private void stream(SseClient client, User user) throws Exception {
        long position = startOf(client.ctx());
        Semaphore wake = new Semaphore(0);
        try (AutoCloseable ignored = bus.listen(e -> wake.release())) {
            client.sendComment("resuming after " + position);
            long lastBeat = System.nanoTime();
            while (!client.terminated()) {
                ReservationService.EventFeed feed = reservations.feed(user, position, PAGE);
                for (StoredEvent e : feed.events()) {
                    client.sendEvent(e.event().type(), JsonWriter.write(Views.EventView.of(e)), Long.toString(e.sequence()));
                }
                boolean moved = feed.position() != position;
                position = feed.position();
                if (moved) continue; // more may be waiting: read on before sleeping
                if (!wake.tryAcquire(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS)
                        && System.nanoTime() - lastBeat >= HEARTBEAT.toNanos()) {
                    client.sendComment("heartbeat");
                    lastBeat = System.nanoTime();
                }
                wake.drainPermits();
            }
        } finally {
            client.close();
        }
    }
}
