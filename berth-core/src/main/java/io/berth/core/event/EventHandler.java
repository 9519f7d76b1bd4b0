package io.berth.core.event;

/**
 * Reacts to committed events. Delivery is at least once: a handler may see an event again
 * (after a crash, or a retry) and must then do nothing new — check the reservation's current state.
 */
@FunctionalInterface
public interface EventHandler {
    void handle(StoredEvent event) throws Exception;
}
