package io.berth.core.event;

import io.berth.core.reservation.Reservation;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * The one way reservations change: inside a transaction, each change is written with its event, and the
 * events go to the bus only once the transaction has committed (so subscribers never see a rolled-back fact).
 */
public final class Journal {
    private final Store store;
    private final EventBus bus;
    private final Clock clock;
    private volatile LongConsumer onTerminal = id -> { };

    public Journal(Store store, EventBus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    /** Tells {@code listener} of each reservation that reached a terminal state, once that has committed. */
    public void whenTerminal(LongConsumer listener) {
        this.onTerminal = listener;
    }

    public <T> T write(Function<Recorder, T> work) {
        List<StoredEvent> appended = new ArrayList<>();
        T result = store.inTransaction(tx -> {
            appended.clear(); // a retried transaction starts over
            return work.apply(new Recorder(tx, appended));
        });
        if (!appended.isEmpty()) bus.published(List.copyOf(appended));
        return result;
    }

    /** Writes reservation changes and their events within one transaction. */
    public final class Recorder {
        private final Tx tx;
        private final List<StoredEvent> appended;

        private Recorder(Tx tx, List<StoredEvent> appended) {
            this.tx = tx;
            this.appended = appended;
        }

        public Tx tx() {
            return tx;
        }

        /** Stores a new reservation (in REQUESTED, version 1) with its Requested event. */
        public Reservation created(Reservation reservation, ReservationEvent.Requested event) {
            tx.reservations().insert(reservation);
            appended.add(tx.events().append(reservation.id(), reservation.version(), clock.instant(), event));
            return reservation;
        }

        /**
         * Applies an event: moves to the state it leads to (throwing on an illegal move), lets {@code changes}
         * adjust other fields, and writes both if nobody changed the reservation meanwhile.
         *
         * @throws StaleReservationException if the stored version moved on
         */
        public Reservation apply(Reservation current, ReservationEvent event, UnaryOperator<Reservation> changes) {
            Reservation next = event.leadsTo().map(current::moveTo).orElseGet(current::bumped);
            next = changes.apply(next);
            if (next.version() != current.version() + 1) {
                throw new IllegalStateException("an event must advance the version by exactly one");
            }
            if (!tx.reservations().update(next, current.version())) {
                throw new StaleReservationException(current.id());
            }
            appended.add(tx.events().append(current.id(), next.version(), clock.instant(), event));
            if (next.state().isTerminal() && !current.state().isTerminal()) {
                LongConsumer listener = onTerminal;
                tx.afterCommit(() -> listener.accept(current.id()));
            }
            return next;
        }

        public Reservation apply(Reservation current, ReservationEvent event) {
            return apply(current, event, UnaryOperator.identity());
        }
    }
}
