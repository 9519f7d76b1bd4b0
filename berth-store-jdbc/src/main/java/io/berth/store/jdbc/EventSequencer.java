package io.berth.store.jdbc;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Numbers events in memory, so that appending transactions do not queue on a sequence row held until commit.
 * Numbers increase in the order they are taken; a rolled-back transaction leaves a gap. Readers must not see
 * a number while a smaller one may still commit, so they read only up to {@link #visibleUpTo()}: below the
 * oldest number whose transaction has not ended yet.
 *
 * <p>This works because one Berth process writes the log (the server holds the database's writer lock).
 */
final class EventSequencer {
    private long last;
    private final TreeSet<Long> inFlight = new TreeSet<>();

    EventSequencer(long lastStored) {
        this.last = lastStored;
    }

    synchronized long take() {
        last++;
        inFlight.add(last);
        return last;
    }

    /** The transaction that took these numbers has committed or rolled back. */
    synchronized void ended(Collection<Long> numbers) {
        inFlight.removeAll(numbers);
    }

    /** Every number up to this one belongs to a transaction that has ended: its events, if any, are readable. */
    synchronized long visibleUpTo() {
        return inFlight.isEmpty() ? last : inFlight.first() - 1;
    }

    /** Starts numbering again after {@code lastStored}; only while nothing is in flight (tests empty the log). */
    synchronized void restartAfter(long lastStored) {
        if (!inFlight.isEmpty()) throw new IllegalStateException("events are being appended: " + inFlight);
        last = lastStored;
    }
}
