package io.berth.store.jdbc;

import io.berth.core.event.InProcessEventBus;
import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-process event bus over this store's event log: at-least-once, in order, resumable after a restart.
 * (The bus is core code; it is tested here because it needs a real event log.)
 */
abstract class EventBusContract extends StoreContract {
    static final InProcessEventBus.Settings FAST = new InProcessEventBus.Settings(Duration.ofMillis(50), 16, 3, Duration.ofMillis(1));

    private void append(long reservationId, int count) {
        store.run(tx -> {
            for (int i = 0; i < count; i++) {
                int seq = (int) tx.events().ofReservation(reservationId).size() + 1;
                tx.events().append(reservationId, seq, T0, new ReservationEvent.Acknowledged("test-" + seq));
            }
        });
    }

    @Test
    void deliversEveryCommittedEventInOrderAndSavesItsPlace() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (InProcessEventBus bus = new InProcessEventBus(store, FAST)) {
            bus.subscribe("a", e -> seen.add(e.sequence()));
            bus.start();
            append(1, 40);
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 40);
            await().atMost(Duration.ofSeconds(10)).until(() -> checkpoint("a") == 40);
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(40L);
    }

    @Test
    void aFailingHandlerGetsTheEventAgainAndLaterEventsWait() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        try (InProcessEventBus bus = new InProcessEventBus(store, FAST)) {
            bus.subscribe("flaky", e -> {
                if (e.sequence() == 2 && failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("transient");
                handled.add(e.sequence());
            });
            bus.start();
            append(1, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 3);
            assertThat(handled).containsExactly(1L, 2L, 3L);
            assertThat(bus.deadLetters()).isZero();
        }
    }

    @Test
    void anEventThatAlwaysFailsIsSetAsideAfterItsAttemptsAndTheRestFlows() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (InProcessEventBus bus = new InProcessEventBus(store, FAST)) {
            bus.subscribe("poisoned", e -> {
                attempts.computeIfAbsent(e.sequence(), k -> new AtomicInteger()).incrementAndGet();
                if (e.sequence() == 2) throw new IllegalStateException("poison");
                handled.add(e.sequence());
            });
            bus.start();
            append(1, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
            assertThat(handled).containsExactly(1L, 3L);
            assertThat(attempts.get(2L).get()).isEqualTo(FAST.maxAttempts());
            assertThat(bus.deadLetters()).isEqualTo(1);
        }
    }

    @Test
    void aRestartedSubscriberResumesAfterItsCheckpointAndMissesNothing() {
        List<Long> first = new CopyOnWriteArrayList<>();
        try (InProcessEventBus bus = new InProcessEventBus(store, FAST)) {
            bus.subscribe("durable", e -> first.add(e.sequence()));
            bus.start();
            append(1, 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> checkpoint("durable") == 5);
        }
        append(2, 3); // committed while nobody listens
        List<Long> second = new CopyOnWriteArrayList<>();
        try (InProcessEventBus bus = new InProcessEventBus(store, FAST)) {
            bus.subscribe("durable", e -> second.add(e.sequence()));
            bus.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 3);
        }
        assertThat(first).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(second).containsExactly(6L, 7L, 8L);
    }

    @Test
    void subscribersAreIndependentAndLiveListenersHearPublishedEvents() {
        List<Long> a = new CopyOnWriteArrayList<>();
        List<Long> b = new CopyOnWriteArrayList<>();
        List<StoredEvent> live = new CopyOnWriteArrayList<>();
        try (InProcessEventBus bus = new InProcessEventBus(store, FAST)) {
            bus.subscribe("a", e -> a.add(e.sequence()));
            bus.subscribe("b", e -> {
                if (e.sequence() == 1) throw new IllegalStateException("b is unlucky");
                b.add(e.sequence());
            });
            bus.listen(live::add);
            bus.start();
            StoredEvent one = store.inTransaction(tx -> tx.events().append(9, 1, T0, new ReservationEvent.Closed()));
            bus.published(List.of(one));
            await().atMost(Duration.ofSeconds(10)).until(() -> a.size() == 1);
            assertThat(live).containsExactly(one);
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.deadLetters() == 1);
            assertThat(b).isEmpty();
        }
    }

    private long checkpoint(String name) {
        return store.inTransaction(tx -> tx.events().checkpoint(name)).orElse(0L);
    }
}
