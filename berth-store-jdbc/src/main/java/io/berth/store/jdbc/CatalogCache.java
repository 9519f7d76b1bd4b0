package io.berth.store.jdbc;

import io.berth.core.store.Tx;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The last copy read of a small catalog that every request reads and that changes rarely (pools and hosts, images).
 * Any transaction that writes the catalog drops the copy when it ends, and a copy loaded while a change was committing
 * is never kept, since its generation is already past. Sound because one process writes the database (see JdbcStore).
 *
 * @param <T> the catalog as read (immutable)
 */
final class CatalogCache<T> {
    private record Entry<T>(long generation, T contents) {}

    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Entry<T>> entry = new AtomicReference<>();

    T get(Supplier<T> load) {
        long current = generation.get();
        Entry<T> seen = entry.get();
        if (seen != null && seen.generation() == current) return seen.contents();
        T loaded = load.get();
        entry.compareAndSet(seen, new Entry<>(current, loaded));
        return loaded;
    }

    void invalidate() {
        generation.incrementAndGet();
    }

    /** The catalog as one transaction uses it. */
    InTransaction<T> in(Tx tx) {
        return new InTransaction<>(this, new CacheWrites(tx, this::invalidate));
    }

    /** Reads served from the cache until the transaction writes the catalog itself (see {@link CacheWrites}). */
    record InTransaction<T>(CatalogCache<T> cache, CacheWrites writes) {
        boolean wrote() {
            return writes.wrote();
        }

        T get(Supplier<T> load) {
            return cache.get(load);
        }

        /** Call before each write of the catalog. */
        void writing() {
            writes.writing();
        }
    }
}
