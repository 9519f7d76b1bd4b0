package io.berth.server.lifecycle;

import io.berth.core.store.ReservationQuery;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Fifty users click "reserve" at once for the last slot: exactly one gets it, on either store. */
class ConcurrentAdmissionTest {
    private TestBerth berth;

    @AfterEach
    void stop() {
        berth.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void fiftyParallelRequestsForTheLastSlotAdmitExactlyOne(String db) throws Exception {
        berth = TestBerth.start(TestBerth.Options.defaults().withDb(db).withHosts(2));
        Api alice = berth.login("alice");
        Instant start = Instant.now().plus(Duration.ofDays(1));
        Map<String, Object> body = Map.of("imageId", berth.large.id(), "start", start.toString(),
                "end", start.plus(Duration.ofHours(1)).toString());
        alice.post("/api/v1/reservations", body).expect(201);   // host-1 is taken: one slot left (host-2)

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return alice.post("/api/v1/reservations", body).status();
                }));
            }
            go.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) statuses.add(f.get());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);

        var stored = berth.server.store().inTransaction(tx -> tx.reservations().query(ReservationQuery.all()));
        assertThat(stored).hasSize(2);
        assertThat(stored).extracting(r -> r.hostId()).containsExactlyInAnyOrderElementsOf(berth.hostIds);
        long events = berth.server.store().inTransaction(tx -> tx.events().lastSequence());
        assertThat(events).as("two reservations, two events each (Requested, AdmittedForFuture)").isEqualTo(4);
    }
}
