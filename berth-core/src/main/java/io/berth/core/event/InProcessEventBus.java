package io.berth.core.event;

import io.berth.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The default bus: the event log is the queue. Each durable subscriber has its own virtual thread that reads
 * the log after its checkpoint, hands each event to its handler (retrying with backoff) and saves the checkpoint
 * when it has caught up, when it stops, and under steady load at most every {@link #CHECKPOINT_EVERY}. A crash between
 * handling and saving means redelivery, never loss: at-least-once.
 * {@link #published} only wakes the readers up, so delivery does not depend on it.
 */
public final class InProcessEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);
    /** Under steady load, how often a subscriber records its position: at most this much is delivered again after a crash. */
    static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);

    public record Settings(Duration pollInterval, int batchSize, int maxAttempts, Duration firstRetryDelay) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), 256, 6, Duration.ofMillis(50));
        }
    }

    private final Store store;
    private final Settings settings;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong deadLetters = new AtomicLong();

    public InProcessEventBus(Store store, Settings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public synchronized void subscribe(String subscriberName, EventHandler handler) {
        if (running.get()) throw new IllegalStateException("subscribe before start()");
        if (subscribers.stream().anyMatch(s -> s.name.equals(subscriberName))) {
            throw new IllegalArgumentException("subscriber " + subscriberName + " exists");
        }
        subscribers.add(new Subscriber(subscriberName, handler));
    }

    @Override
    public AutoCloseable listen(Consumer<StoredEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void published(List<StoredEvent> events) {
        for (Subscriber s : subscribers) s.wake();
        for (Consumer<StoredEvent> l : listeners) {
            for (StoredEvent e : events) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    log.warn("live event listener failed on event {}", e.sequence(), ex);
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!running.compareAndSet(false, true)) return;
        for (Subscriber s : subscribers) {
            s.thread = Thread.ofVirtual().name("bus-" + s.name).start(s::run);
        }
    }

    /** Events that exhausted their retries and were skipped (also logged at ERROR). */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** The last sequence a subscriber completed (for tests and health checks). */
    public long position(String subscriberName) {
        return subscribers.stream().filter(s -> s.name.equals(subscriberName)).findFirst()
                .map(s -> s.position).orElseThrow();
    }

    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) return;
        for (Subscriber s : subscribers) {
            s.wake();
            if (s.thread != null) {
                try {
                    s.thread.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private final class Subscriber {
        final String name;
        final EventHandler handler;
        final AtomicBoolean signalled = new AtomicBoolean();
        volatile Thread thread;
        volatile long position;

        Subscriber(String name, EventHandler handler) {
            this.name = name;
            this.handler = handler;
        }

        void wake() {
            signalled.set(true);
            Thread t = thread;
            if (t != null) LockSupport.unpark(t);
        }

        void run() {
            position = store.inTransaction(tx -> tx.events().checkpoint(name)).orElse(0L);
            long saved = position;
            long savedAt = System.nanoTime();
            while (running.get()) {
                try {
                    signalled.set(false);
                    List<StoredEvent> batch = store.inTransaction(tx -> tx.events().after(position, settings.batchSize()));
                    if (batch.isEmpty()) {
                        if (signalled.get()) continue;
                        if (position != saved) { // caught up and about to wait: the moment to record how far it got
                            saved = save(position);
                            savedAt = System.nanoTime();
                        }
                        LockSupport.parkNanos(settings.pollInterval().toNanos());
                        continue;
                    }
                    for (StoredEvent e : batch) {
                        if (!running.get()) break;
                        deliver(e);
                        position = e.sequence();
                    }
                    // Under steady load the log is never quite caught up: record progress at most every CHECKPOINT_EVERY.
                    if (position != saved && System.nanoTime() - savedAt >= CHECKPOINT_EVERY.toNanos()) {
                        saved = save(position);
                        savedAt = System.nanoTime();
                    }
                } catch (RuntimeException e) {
                    // The store itself failed (database down?): back off and read again from the checkpoint.
                    log.warn("subscriber {} could not read the event log; retrying", name, e);
                    LockSupport.parkNanos(settings.pollInterval().toNanos());
                }
            }
            if (position != saved) {
                try {
                    save(position);
                } catch (RuntimeException e) {
                    log.warn("subscriber {} could not record its position {} when stopping; it sees those events again", name, position, e);
                }
            }
        }

        private long save(long done) {
            store.run(tx -> tx.events().saveCheckpoint(name, done));
            return done;
        }

        private void deliver(StoredEvent e) {
            Duration delay = settings.firstRetryDelay();
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.handle(e);
                    return;
                } catch (Exception ex) {
                    if (attempt >= settings.maxAttempts() || !running.get()) {
                        deadLetters.incrementAndGet();
                        log.error("subscriber {} gave up on event {} ({} of reservation {}) after {} attempts",
                                name, e.sequence(), e.event().type(), e.reservationId(), attempt, ex);
                        return;
                    }
                    log.warn("subscriber {} failed on event {} (attempt {}), retrying in {} ms",
                            name, e.sequence(), attempt, delay.toMillis(), ex);
                    LockSupport.parkNanos(delay.toNanos());
                    delay = delay.multipliedBy(2);
                }
            }
        }
    }
}
