package io.berth.store.jdbc;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.TimeWindow;
import io.berth.core.domain.User;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The base of every contract suite: one store on a database of the subclass's kind per test class, emptied before
 * each test. Each contract has an H2 and a PostgreSQL subclass that only say which database to use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
    /** A whole second: instants built from it by whole micros survive the store unchanged. */
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    TestDatabase database;
    JdbcStore store;

    abstract TestDatabase createDatabase();

    @BeforeAll
    void openStore() {
        database = createDatabase();
        store = JdbcStore.open(database.settings());
    }

    @BeforeEach
    void emptyDatabase() {
        database.reset();
        store.reloadAfterOutsideChanges();
    }

    @AfterAll
    void closeStore() {
        if (store != null) store.close();
        if (database != null) database.close();
    }

    <T> T tx(Store.Work<T> work) {
        return store.inTransaction(work);
    }

    // Typed reads: with a bare generic result, AssertJ's assertThat overloads would be ambiguous.

    <T> Optional<T> optional(Function<Tx, Optional<T>> read) {
        return store.inTransaction(read::apply);
    }

    <T> List<T> list(Function<Tx, List<T>> read) {
        return store.inTransaction(read::apply);
    }

    boolean flag(Predicate<Tx> read) {
        return store.inTransaction(read::test);
    }

    long number(ToLongFunction<Tx> read) {
        return store.inTransaction(read::applyAsLong);
    }

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static TimeWindow window(int fromMinutes, int toMinutes) {
        return new TimeWindow(at(fromMinutes), at(toMinutes));
    }

    Pool insertPool(String name) {
        return tx(tx -> tx.inventory().insertPool(new Pool(0, name, "sim", "", Pool.DEFAULT_POLICY, Map.of())));
    }

    Host insertHost(long poolId, String name, Inventory... inventories) {
        return tx(tx -> tx.inventory().insertHost(new Host(0, poolId, name, "sim", HostState.AVAILABLE,
                List.of(inventories), null)));
    }

    User insertUser(String login) {
        return tx(tx -> tx.users().insert(new User(0, login, login + " person", login + "@example.org", Role.USER, true),
                "hash-of-" + login));
    }

    Image insertImage(String name) {
        return tx(tx -> tx.images().insert(image(name)));
    }

    static Image image(String name) {
        return new Image(0, name, "an image", "Debian 12", "sim", Resources.of(2, 4096, 20), 5, Duration.ofHours(8),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of());
    }

    /** A reservation with only the mandatory fields set. */
    static Reservation reservation(long id, long ownerId, long imageId, TimeWindow window, ReservationState state) {
        return new Reservation(id, ownerId, imageId, "sim", window, state, null, null, null, null, T0, null, null, null, 1);
    }

    Reservation insertReservation(long ownerId, long imageId, TimeWindow window, ReservationState state) {
        return tx(tx -> {
            Reservation r = reservation(tx.reservations().newId(), ownerId, imageId, window, state);
            tx.reservations().insert(r);
            return r;
        });
    }
}
