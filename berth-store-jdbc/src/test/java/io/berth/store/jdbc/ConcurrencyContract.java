package io.berth.store.jdbc;

import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold when many transactions run at once: the event sequence and the calendar lock. */
abstract class ConcurrencyContract extends StoreContract {
    private static final int WRITERS = 8;
    private static final int APPENDS_PER_WRITER = 50;
    private static final int READERS = 2;
    private static final long TOTAL = WRITERS * APPENDS_PER_WRITER;

    private ExecutorService threads;

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private static <T> List<T> results(List<Future<T>> futures) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) results.add(f.get(120, TimeUnit.SECONDS));
        return results;
    }

    /**
     * Writers append in separate transactions while readers follow the log with {@code after(lastSeen)}. A reader
     * that saw a sequence before a lower one committed would skip the lower one for good; so each reader must end up
     * with exactly 1..400, in order, and each of its pages must continue where the previous one stopped.
     */
    @Test
    void concurrentAppendsAreGaplessAndReadersNeverSkipOne() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) readers.add(threads.submit(() -> follow(start)));
        List<Future<List<Long>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            long reservation = w + 1;
            writers.add(threads.submit(() -> {
                start.await();
                List<Long> sequences = new ArrayList<>();
                for (int seq = 1; seq <= APPENDS_PER_WRITER; seq++) {
                    int s = seq;
                    sequences.add(tx(tx -> tx.events().append(reservation, s, at(s),
                            new ReservationEvent.ProvisioningRetried(s, "writer " + reservation))).sequence());
                }
                return sequences;
            }));
        }
        start.countDown();

        List<Long> written = results(writers).stream().flatMap(List::stream).sorted().toList();
        assertThat(written).containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
        for (List<Long> seen : results(readers)) {
            assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, TOTAL).boxed().toList());
        }
        for (long reservation = 1; reservation <= WRITERS; reservation++) {
            long r = reservation;
            List<StoredEvent> events = tx(tx -> tx.events().ofReservation(r));
            assertThat(events).extracting(StoredEvent::reservationSeq)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, APPENDS_PER_WRITER).boxed().toList());
            assertThat(events).extracting(StoredEvent::sequence).isSorted();
        }
        assertThat(number(tx -> tx.events().lastSequence())).isEqualTo(TOTAL);
    }

    /** Polls until it has seen every event, asserting that each page continues exactly where the last one ended. */
    private List<Long> follow(CountDownLatch start) throws InterruptedException {
        start.await();
        List<Long> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long last = 0;
        while (last < TOTAL && System.nanoTime() < deadline) {
            long from = last;
            List<StoredEvent> page = tx(tx -> tx.events().after(from, 37));
            for (StoredEvent e : page) {
                assertThat(e.sequence()).as("the sequence after %d", last).isEqualTo(last + 1);
                last = e.sequence();
                seen.add(last);
            }
            Thread.onSpinWait();
        }
        return seen;
    }

    /** Optimistic updates of one reservation from many threads at once: exactly one wins each version. */
    @Test
    void onlyOneConcurrentUpdateOfAVersionWins() throws Exception {
        Reservation r = insertReservation(insertUser("ada").id(), insertImage("debian").id(), window(0, 60),
                ReservationState.PLACED);
        int contenders = 10;
        CyclicBarrier together = new CyclicBarrier(contenders);
        List<Future<Boolean>> updates = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            String instance = "vm-" + i;
            Callable<Boolean> update = () -> {
                together.await(30, TimeUnit.SECONDS);
                return tx(tx -> tx.reservations().update(r.bumped().withInstance(instance, null, null), r.version()));
            };
            updates.add(threads.submit(update));
        }

        assertThat(results(updates)).containsOnlyOnce(true).hasSize(contenders);
        assertThat(optional(tx -> tx.reservations().find(r.id())).orElseThrow().version()).isEqualTo(r.version() + 1);
    }
}
