package io.berth.store.jdbc;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Pools and their hosts as last read: every admission reads them (hundreds of rows) and they change rarely. Any
 * transaction that writes them drops the copy when it ends, and a copy loaded while a change was committing is never
 * kept, since its generation is already past. Sound because one process writes the database (see JdbcStore).
 */
final class InventoryCache {
    /** The pools in id order and each pool's hosts in id order. */
    record Contents(List<Pool> pools, Map<Long, List<Host>> hostsByPool) {}

    private record Entry(long generation, Contents contents) {}

    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Entry> entry = new AtomicReference<>();

    Contents get(Supplier<Contents> load) {
        long current = generation.get();
        Entry seen = entry.get();
        if (seen != null && seen.generation() == current) return seen.contents();
        Contents loaded = load.get();
        entry.compareAndSet(seen, new Entry(current, loaded));
        return loaded;
    }

    void invalidate() {
        generation.incrementAndGet();
    }
}
