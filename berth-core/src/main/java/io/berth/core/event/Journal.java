package io.berth.core.event;

import io.berth.core.reservation.Reservation;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;

import java.time.Clock;
import java.time.Instant;
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
            Reservation next = advanced(current, event, changes);
            if (!tx.reservations().update(next, current.version())) {
                throw new StaleReservationException(current.id());
            }
            appended.add(tx.events().append(current.id(), next.version(), clock.instant(), event));
            noticeTerminal(current, next);
            return next;
        }

        /**
         * As {@link #created} followed by {@link #apply}, with the row written once, in the state {@code next} leads
         * to: the same two events, the same result, one statement fewer (admission does this for every reservation).
         */
        public Reservation created(Reservation requested, ReservationEvent.Requested event, ReservationEvent next,
                                   UnaryOperator<Reservation> changes) {
            Reservation after = advanced(requested, next, changes);
            tx.reservations().insert(after);
            Instant now = clock.instant();
            appended.add(tx.events().append(requested.id(), requested.version(), now, event));
            appended.add(tx.events().append(requested.id(), after.version(), now, next));
            noticeTerminal(requested, after);
            return after;
        }

        private static Reservation advanced(Reservation current, ReservationEvent event, UnaryOperator<Reservation> changes) {
            Reservation next = changes.apply(event.leadsTo().map(current::moveTo).orElseGet(current::bumped));
            if (next.version() != current.version() + 1) {
                throw new IllegalStateException("an event must advance the version by exactly one");
            }
            return next;
        }

        private void noticeTerminal(Reservation before, Reservation after) {
            if (after.state().isTerminal() && !before.state().isTerminal()) {
                LongConsumer listener = onTerminal;
                tx.afterCommit(() -> listener.accept(before.id()));
            }
        }

        public Reservation apply(Reservation current, ReservationEvent event) {
            return apply(current, event, UnaryOperator.identity());
        }
    }
}
