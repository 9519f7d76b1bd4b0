package io.berth.store.jdbc;

import io.berth.core.store.Tx;

/**
 * Whether one transaction has written the tables behind a cache. Until it does, its reads may come from the cache;
 * once it does, it must read its own writes from the database, and the cache is dropped when it ends, however it
 * ends (dropped after the commit, so a copy loaded from before it is never kept; dropped on rollback too, since a
 * copy may have been loaded from the transaction's own uncommitted rows).
 */
final class CacheWrites {
    private final Tx tx;
    private final Runnable invalidate;
    private boolean wrote;

    CacheWrites(Tx tx, Runnable invalidate) {
        this.tx = tx;
        this.invalidate = invalidate;
    }

    boolean wrote() {
        return wrote;
    }

    /** Runs {@code action} once the transaction has committed (for a narrower drop than {@link #writing}). */
    void afterCommit(Runnable action) {
        tx.afterCommit(action);
    }

    /** Call before each write of the cached tables. */
    void writing() {
        if (wrote) return;
        wrote = true;
        tx.afterCommit(invalidate);
        tx.onRollback(invalidate);
    }
}
