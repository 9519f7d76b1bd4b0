package io.berth.store.jdbc;

import io.berth.core.calendar.Allocation;
import io.berth.core.domain.Group;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;
import io.berth.core.event.ReservationEvent;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.Tx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Units of work: commit, rollback, joining, retrying, and the store's life. */
abstract class TransactionContract extends StoreContract {

    @Test
    void kindAndHealth() {
        assertThat(store.kind()).isEqualTo(database.kind());
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    void aFailedUnitOfWorkLeavesNothingBehind() {
        IllegalStateException failure = new IllegalStateException("changed my mind");

        assertThatThrownBy(() -> store.run(tx -> {
            Pool pool = tx.inventory().insertPool(new Pool(0, "lab", "sim", "", "x", Map.of()));
            tx.inventory().insertHost(new io.berth.core.domain.Host(0, pool.id(), "h", "sim",
                    io.berth.core.domain.HostState.AVAILABLE, List.of(Inventory.of("VCPU", 8)), null));
            long user = tx.users().insert(new io.berth.core.domain.User(0, "ada", "", "", io.berth.core.domain.Role.USER,
                    true), null).id();
            Group group = tx.users().insertGroup(new Group(0, "g", ""));
            tx.users().addMember(group.id(), user);
            long image = tx.images().insert(image("debian")).id();
            tx.tokens().insert(user, "t", false, "hash", T0, null);
            long id = tx.reservations().newId();
            tx.reservations().insert(reservation(id, user, image, window(0, 60), ReservationState.PLACED));
            tx.allocations().insert(new Allocation(id, 1, Resources.of(1, 1, 1), window(0, 60)));
            tx.events().append(id, 1, T0, new ReservationEvent.Closed());
            tx.events().saveCheckpoint("s", 1);
            throw failure;
        })).isSameAs(failure);

        for (String table : List.of("pools", "hosts", "host_inventories", "users", "user_groups", "group_members",
                "images", "api_tokens", "reservations", "allocations", "events", "subscriber_checkpoints")) {
            assertThat(database.queryLong("SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
        assertThat(number(tx -> tx.events().lastSequence())).isZero();
    }

    @Test
    void aNestedUnitOfWorkJoinsTheRunningTransaction() {
        assertThatThrownBy(() -> store.run(outer -> {
            outer.inventory().insertPool(new Pool(0, "outer", "sim", "", "x", Map.of()));
            Tx inner = store.inTransaction(tx -> {
                assertThat(tx.inventory().findPoolByName("outer")).isPresent();
                tx.inventory().insertPool(new Pool(0, "inner", "sim", "", "x", Map.of()));
                return tx;
            });
            assertThat(inner).isSameAs(outer);
            assertThat(outer.inventory().findPoolByName("inner")).isPresent();
            throw new IllegalStateException("roll back both");
        })).hasMessage("roll back both");

        assertThat(list(tx -> tx.inventory().pools())).isEmpty();
    }

    @Test
    void aNestedUnitOfWorkCommitsOnlyWithTheOuterOne() throws Exception {
        store.run(outer -> {
            store.run(inner -> inner.inventory().insertPool(new Pool(0, "inner", "sim", "", "x", Map.of())));
            // Another thread has its own transaction, which must not see the uncommitted pool yet.
            boolean seenElsewhere = CompletableFuture.supplyAsync(
                    () -> tx(tx -> tx.inventory().findPoolByName("inner").isPresent())).join();
            assertThat(seenElsewhere).isFalse();
        });

        assertThat(optional(tx -> tx.inventory().findPoolByName("inner"))).isPresent();
    }

    @Test
    void anOrdinaryFailureIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> store.run(tx -> {
            attempts.incrementAndGet();
            tx.inventory().insertPool(new Pool(0, "lab", "sim", "", "x", Map.of()));
            tx.inventory().insertPool(new Pool(0, "lab", "sim", "", "x", Map.of()));
        })).isInstanceOf(DuplicateKeyException.class);

        assertThat(attempts).hasValue(1);
        assertThat(list(tx -> tx.inventory().pools())).isEmpty();
    }

    /** Two transactions lock two rows in opposite orders; the database picks a victim, which is run again. */
    @Test
    void aDeadlockedTransactionIsRunAgain() throws Exception {
        long owner = insertUser("ada").id();
        long image = insertImage("debian").id();
        long a = insertReservation(owner, image, window(0, 60), ReservationState.PLACED).id();
        long b = insertReservation(owner, image, window(0, 60), ReservationState.PLACED).id();
        CountDownLatch bothHoldTheirFirstLock = new CountDownLatch(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> ab = threads.submit(() -> lockInOrder(a, b, bothHoldTheirFirstLock, attempts));
            Future<String> ba = threads.submit(() -> lockInOrder(b, a, bothHoldTheirFirstLock, attempts));

            assertThat(ab.get(60, TimeUnit.SECONDS)).isEqualTo(a + "," + b);
            assertThat(ba.get(60, TimeUnit.SECONDS)).isEqualTo(b + "," + a);
            // At least one of the two was a victim and ran again; a database may also abort both of the cycle.
            assertThat(attempts.get()).isBetween(3, 2 * JdbcStore.MAX_ATTEMPTS);
        } finally {
            threads.shutdownNow();
        }
    }

    private String lockInOrder(long first, long second, CountDownLatch bothHoldTheirFirstLock, AtomicInteger attempts) {
        return tx(tx -> {
            attempts.incrementAndGet();
            tx.reservations().lock(first).orElseThrow();
            bothHoldTheirFirstLock.countDown();
            try {
                if (!bothHoldTheirFirstLock.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no partner");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            tx.reservations().lock(second).orElseThrow();
            return first + "," + second;
        });
    }

    @Test
    void actionsAfterCommitRunOnceItHasCommittedInTheirOrder() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.run(tx -> {
            tx.inventory().insertPool(new Pool(0, "lab", "sim", "", "x", Map.of()));
            tx.afterCommit(() -> ran.add("first, pool seen elsewhere: "
                    + CompletableFuture.supplyAsync(() -> optional(t -> t.inventory().findPoolByName("lab")).isPresent()).join()));
            tx.onRollback(() -> ran.add("rolled back"));
            store.run(inner -> inner.afterCommit(() -> ran.add("second, from a joined unit of work")));
            assertThat(ran).as("nothing runs before the commit").isEmpty();
        });

        assertThat(ran).containsExactly("first, pool seen elsewhere: true", "second, from a joined unit of work");
    }

    @Test
    void actionsOnRollbackRunWhenTheWorkFailsAndAThrowingActionChangesNothing() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        RuntimeException failure = new IllegalStateException("no");

        assertThatThrownBy(() -> store.run(tx -> {
            tx.inventory().insertPool(new Pool(0, "lab", "sim", "", "x", Map.of()));
            tx.afterCommit(() -> ran.add("committed"));
            tx.onRollback(() -> { throw new IllegalArgumentException("a broken undo"); });
            tx.onRollback(() -> ran.add("undone"));
            throw failure;
        })).isSameAs(failure);
        assertThat(ran).containsExactly("undone");
        assertThat(list(tx -> tx.inventory().pools())).isEmpty();

        store.run(tx -> tx.afterCommit(() -> { throw new IllegalArgumentException("a broken follow-up"); }));
        assertThat(number(tx -> tx.events().lastSequence())).isZero();
    }

    @Test
    void reopeningTheDatabaseMigratesNothingAndKeepsTheData() {
        Pool pool = insertPool("lab");

        try (JdbcStore again = JdbcStore.open(database.settings())) {
            Optional<Pool> found = again.inTransaction(tx -> tx.inventory().findPool(pool.id()));
            assertThat(found).contains(pool);
        }
        assertThat(database.queryLong("SELECT COUNT(*) FROM " + database.flywayHistoryTable() + " WHERE \"type\" = 'SQL'"))
                .isEqualTo(TestDatabase.migrationFiles());
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    void aClosedStoreIsUnhealthy() {
        JdbcStore other = JdbcStore.open(database.settings().withMaxPoolSize(1));
        other.close();

        assertThat(other.isHealthy()).isFalse();
        assertThatThrownBy(() -> other.inTransaction(tx -> tx.inventory().pools())).isInstanceOf(StoreException.class);
    }
}
