package io.berth.store.jdbc;

import io.berth.core.store.Tx;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers to small queries that every request asks and that rarely change (a token by its hash, a user, the user's
 * groups and grants), kept until any write to their tables. Unlike a {@link CatalogCache} it holds only what was
 * asked, by key, and at most {@link #MAX_ROWS} answers (then it starts over), so unknown keys cannot grow it without
 * bound. Answers loaded while a change was committing are never served, since their generation is already past.
 * Sound because one process writes the database (see JdbcStore).
 */
final class RowCache {
    static final int MAX_ROWS = 10_000;

    private record Row(long generation, Object answer) {}

    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<Object, Row> rows = new ConcurrentHashMap<>();

    /**
     * The answer for {@code key}, loaded if not kept. Keys are records naming the query and its arguments, so
     * different queries never share a key; each key's answer has one type, hence the unchecked cast.
     */
    @SuppressWarnings("unchecked")
    <V> V get(Object key, Supplier<V> load) {
        long current = generation.get();
        Row row = rows.get(key);
        if (row != null && row.generation() == current) return (V) row.answer();
        V loaded = load.get();
        if (rows.size() >= MAX_ROWS) rows.clear();
        rows.put(key, new Row(current, loaded));
        return loaded;
    }

    void invalidate() {
        generation.incrementAndGet();
        rows.clear();
    }

    /**
     * Drops the answers {@code which} picks, keeping the rest: for a write that changes only what those answers say
     * and nothing any other answer depends on. An answer loaded while the write commits may still be kept; use only
     * where such a stale answer is harmless (see JdbcTokenRepository#touch).
     */
    void forget(Predicate<Object> which) {
        rows.values().removeIf(row -> which.test(row.answer()));
    }

    int size() {
        return rows.size();
    }

    /** The cache as one transaction uses it: shared by the repositories of the tables it covers. */
    InTransaction in(Tx tx) {
        return new InTransaction(this, new CacheWrites(tx, this::invalidate));
    }

    /** Reads served from the cache until the transaction writes one of its tables (see {@link CacheWrites}). */
    record InTransaction(RowCache cache, CacheWrites writes) {
        <V> V get(Object key, Supplier<V> load) {
            return writes.wrote() ? load.get() : cache.get(key, load);
        }

        /** Call before each write of a covered table. */
        void writing() {
            writes.writing();
        }

        /** Once the transaction commits, drops only the answers {@code which} picks (see {@link RowCache#forget}). */
        void forgetAfterCommit(Predicate<Object> which) {
            writes.afterCommit(() -> cache.forget(which));
        }
    }
}
