package io.berth.store.jdbc;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Reservation ids from blocks of the database sequence, which advances by {@link #BLOCK} (migration V5): one
 * {@code nextval} per block instead of one per reservation. Ids are unique and increase in the order they are
 * handed out; the rest of a block is skipped when the process stops, as rolled-back ids always were. Sound because
 * one process writes the database (see JdbcStore).
 */
final class ReservationIds {
    /** The sequence's increment: each value it returns starts a block of this many ids. */
    static final int BLOCK = 32;

    private final ReentrantLock lock = new ReentrantLock();
    private long next;
    private long limit;

    /** The next id, taking a new block from {@code sequence} (its next value) when this one is used up. */
    long next(LongSupplier sequence) {
        lock.lock();
        try {
            if (next == limit) {
                next = sequence.getAsLong();
                limit = next + BLOCK;
            }
            return next++;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the current block (the sequence may have been reset behind the store's back). */
    void forget() {
        lock.lock();
        try {
            next = limit = 0;
        } finally {
            lock.unlock();
        }
    }
}
