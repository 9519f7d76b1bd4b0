package io.berth.store.jdbc;

import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event log: global and per-reservation order, paging, every event type's mapping, checkpoints. */
abstract class EventLogContract extends StoreContract {

    private StoredEvent append(long reservationId, int seq, ReservationEvent event) {
        return tx(tx -> tx.events().append(reservationId, seq, at(seq), event));
    }

    @Test
    void sequencesStartAtOneAndFollowAppendOrder() {
        assertThat(number(tx -> tx.events().lastSequence())).isZero();

        StoredEvent first = append(10, 1, new ReservationEvent.Failed("a"));
        StoredEvent second = append(20, 1, new ReservationEvent.Failed("b"));
        StoredEvent third = append(10, 2, new ReservationEvent.Closed());

        assertThat(List.of(first.sequence(), second.sequence(), third.sequence())).containsExactly(1L, 2L, 3L);
        assertThat(first).isEqualTo(new StoredEvent(1, 10, 1, at(1), new ReservationEvent.Failed("a")));
        assertThat(number(tx -> tx.events().lastSequence())).isEqualTo(3);
        assertThat(list(tx -> tx.events().after(0, 100))).containsExactly(first, second, third);
    }

    @Test
    void aRolledBackAppendsNumberIsSkippedNeverReused() {
        StoredEvent first = append(1, 1, new ReservationEvent.Closed());
        RuntimeException failure = new IllegalStateException("roll back");
        assertThatThrownBy(() -> store.run(tx -> {
            tx.events().append(2, 1, at(2), new ReservationEvent.Closed());
            throw failure;
        })).isSameAs(failure);

        StoredEvent third = append(3, 1, new ReservationEvent.Closed());

        assertThat(third.sequence()).isEqualTo(first.sequence() + 2);
        assertThat(list(tx -> tx.events().after(0, 10))).containsExactly(first, third);
        assertThat(number(tx -> tx.events().lastSequence())).isEqualTo(third.sequence());
    }

    /** A later number committed first stays hidden until the earlier one's transaction ends: no gap fills in later. */
    @Test
    void readersSeeNothingPastAnAppendStillInFlight() throws Exception {
        java.util.concurrent.CountDownLatch appended = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> tx(tx -> {
            StoredEvent e = tx.events().append(1, 1, at(1), new ReservationEvent.Closed());
            appended.countDown();
            await(finish);
            return e;
        }));
        await(appended);

        StoredEvent fast = append(2, 1, new ReservationEvent.Closed());

        assertThat(list(tx -> tx.events().after(0, 10))).isEmpty();
        assertThat(number(tx -> tx.events().lastSequence())).isZero();
        finish.countDown();
        StoredEvent early = slow.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(early.sequence()).isLessThan(fast.sequence());
        assertThat(list(tx -> tx.events().after(0, 10))).containsExactly(early, fast);
        assertThat(number(tx -> tx.events().lastSequence())).isEqualTo(fast.sequence());
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReservationsEventsComeInItsOwnOrder() {
        StoredEvent r1a = append(1, 1, new ReservationEvent.ProvisioningResumed("x"));
        StoredEvent r2a = append(2, 1, new ReservationEvent.ProvisioningResumed("y"));
        StoredEvent r1b = append(1, 2, new ReservationEvent.Acknowledged("web"));
        StoredEvent r1c = append(1, 3, new ReservationEvent.Closed());

        assertThat(list(tx -> tx.events().ofReservation(1))).containsExactly(r1a, r1b, r1c);
        assertThat(list(tx -> tx.events().ofReservation(2))).containsExactly(r2a);
        assertThat(list(tx -> tx.events().ofReservation(3))).isEmpty();
        assertThat(list(tx -> tx.events().ofReservationAfter(1, r1a.sequence()))).containsExactly(r1b, r1c);
        assertThat(list(tx -> tx.events().ofReservationAfter(1, r1c.sequence()))).isEmpty();
    }

    @Test
    void aReservationSequenceNumberIsUsedOnce() {
        append(1, 1, new ReservationEvent.Closed());

        assertThatThrownBy(() -> append(1, 1, new ReservationEvent.Closed())).isInstanceOf(DuplicateKeyException.class);
        assertThat(number(tx -> tx.events().lastSequence())).isEqualTo(1);
    }

    @Test
    void afterPagesThroughTheLog() {
        List<StoredEvent> all = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> append(i % 4, i, new ReservationEvent.TimedOut(i))).toList();

        assertThat(list(tx -> tx.events().after(0, 10))).containsExactlyElementsOf(all.subList(0, 10));
        assertThat(list(tx -> tx.events().after(10, 10))).containsExactlyElementsOf(all.subList(10, 20));
        assertThat(list(tx -> tx.events().after(20, 10))).containsExactlyElementsOf(all.subList(20, 25));
        assertThat(list(tx -> tx.events().after(25, 10))).isEmpty();
        assertThat(list(tx -> tx.events().after(3, 1))).containsExactly(all.get(3));
    }

    @Test
    void everyKindOfEventRoundTripsEqual() {
        List<ReservationEvent> events = Events.everyKind();
        assertThat(events.stream().map(Object::getClass).distinct())
                .as("Events.everyKind() must cover every event type")
                .containsExactlyInAnyOrder(ReservationEvent.class.getPermittedSubclasses());

        List<StoredEvent> appended = tx(tx -> IntStream.range(0, events.size())
                .mapToObj(i -> tx.events().append(1, i + 1, at(i), events.get(i))).toList());

        List<StoredEvent> read = tx(tx -> tx.events().after(0, 1000));
        assertThat(read).containsExactlyElementsOf(appended);
        assertThat(read.stream().map(StoredEvent::event)).containsExactlyElementsOf(events);
    }

    @Test
    void thePlacementExplanationRoundTripsExactly() {
        ReservationEvent.Placed placed = new ReservationEvent.Placed(2, "h-2", Events.explanation());

        append(1, 1, placed);

        ReservationEvent read = tx(tx -> tx.events().ofReservation(1)).getFirst().event();
        assertThat(read).isEqualTo(placed);
        assertThat(((ReservationEvent.Placed) read).explanation().decidedAt().getNano()).isEqualTo(123_456_789);
    }

    @Test
    void theTypeColumnIsTheRecordsSimpleName() {
        append(1, 1, new ReservationEvent.AdmittedForFuture(1, "h", at(0), at(1), Events.explanation()));

        assertThat(database.queryLong("SELECT COUNT(*) FROM events WHERE type = 'AdmittedForFuture'")).isEqualTo(1);
        assertThat(Arrays.stream(ReservationEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).distinct())
                .hasSize(ReservationEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void theEventTimeIsKeptToTheMicrosecond() {
        Instant at = T0.plusNanos(5_000_001);

        StoredEvent appended = tx(tx -> tx.events().append(1, 1, at, new ReservationEvent.Closed()));

        assertThat(appended.at()).isEqualTo(T0.plusNanos(5_000_000));
        assertThat(list(tx -> tx.events().ofReservation(1))).containsExactly(appended);
    }

    private OptionalLong checkpoint(String subscriber) {
        return store.inTransaction(tx -> tx.events().checkpoint(subscriber));
    }

    @Test
    void checkpointsAreUpserted() {
        assertThat(checkpoint("mailer")).isEmpty();

        store.run(tx -> tx.events().saveCheckpoint("mailer", 5));
        store.run(tx -> tx.events().saveCheckpoint("metrics", 9));
        assertThat(checkpoint("mailer")).hasValue(5);

        store.run(tx -> tx.events().saveCheckpoint("mailer", 12));
        assertThat(checkpoint("mailer")).hasValue(12);
        assertThat(checkpoint("metrics")).hasValue(9);
        assertThat(database.queryLong("SELECT COUNT(*) FROM subscriber_checkpoints")).isEqualTo(2);
    }

    @Test
    void decisionsAreListedPerChosenHostNewestFirst() {
        var why = Events.explanation();
        store.run(tx -> {
            tx.events().append(1, 1, T0, new ReservationEvent.Placed(7, "h-7", why));
            tx.events().append(2, 1, T0, new ReservationEvent.Placed(8, "h-8", why));
            tx.events().append(1, 2, T0, new ReservationEvent.Ready("vm", "10.0.0.1", 5));
            tx.events().append(3, 1, T0, new ReservationEvent.AdmittedForFuture(7, "h-7", T0, T0, why));
            tx.events().append(2, 2, T0, new ReservationEvent.MigrationStarted(8, "h-8", 7, "h-7",
                    new io.berth.core.resource.MigrationReason("rebalance", "hot", java.util.Map.of(), why)));
        });
        List<StoredEvent> onSeven = tx(tx -> tx.events().decisionsOnHost(7, 10));
        assertThat(onSeven).extracting(e -> e.event().type()).containsExactly("MigrationStarted", "AdmittedForFuture", "Placed");
        List<StoredEvent> newest = tx(tx -> tx.events().decisionsOnHost(7, 1));
        List<StoredEvent> none = tx(tx -> tx.events().decisionsOnHost(9, 10));
        assertThat(newest).hasSize(1);
        assertThat(none).isEmpty();
    }
}
