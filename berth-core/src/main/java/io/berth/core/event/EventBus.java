package io.berth.core.event;

import java.util.List;
import java.util.function.Consumer;

/**
 * Carries committed events to subscribers. The core calls {@link #published} after every commit that
 * appended events; the implementation decides how they travel: in process (the default), or through
 * a message broker, without the core knowing which.
 */
public interface EventBus extends AutoCloseable {

    /**
     * Registers a durable subscriber: it receives every event at least once, in sequence order,
     * resuming after the last one it completed, even across restarts. Call before {@link #start()}.
     */
    void subscribe(String subscriberName, EventHandler handler);

    /**
     * Registers a live listener: events committed from now on, best effort, never replayed
     * (for streaming to connected clients, which resume from the event log themselves).
     * Returns a handle that stops the delivery.
     */
    AutoCloseable listen(Consumer<StoredEvent> listener);

    /** Tells the bus that these events are committed. */
    void published(List<StoredEvent> events);

    void start();

    @Override
    void close();
}
