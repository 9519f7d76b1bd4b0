package io.berth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.berth.core.store.Store;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The store over JDBC (H2 or PostgreSQL): a connection pool, the schema migrated by Flyway on open,
 * and transactions. Repositories do the SQL; this class only wires them to a transaction's connection.
 *
 * <p>Transactions run at READ COMMITTED. Reservation writes are optimistic (version checks), capacity is claimed in
 * the core's in-memory ledger and event numbers come from an in-memory {@link EventSequencer}, so nothing needs a
 * stricter level, and no transaction waits on another's commit. Pools, hosts and images are served from
 * {@link CatalogCache}s between changes, tokens, users and their groups from a {@link RowCache}, and reservation ids
 * from blocks of the sequence ({@link ReservationIds}). These in-memory parts assume that one process writes the
 * database ({@link #claimSoleWriter()}).
 */
public final class JdbcStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
    /** Attempts at a transaction that keeps losing to deadlocks or serialization failures. */
    static final int MAX_ATTEMPTS = 3;
    private static final long RETRY_PAUSE_MILLIS = 5;
    private static final int HEALTH_CHECK_SECONDS = 2;
    /** The first key of Berth's advisory lock, so it cannot clash with other applications' locks on the database. */
    private static final int WRITER_LOCK_CLASS = 0x42455254; // "BERT"
    /** The advisory lock's key: Berth's class and the schema. */
    private static final String WRITER_LOCK_KEY = "(" + WRITER_LOCK_CLASS + ", hashtext(current_schema()))";

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final ThreadLocal<JdbcTx> current = new ThreadLocal<>();
    private final EventSequencer sequencer;
    private final JdbcTx.Catalogs catalogs = new JdbcTx.Catalogs();
    private final DatabaseSettings settings;
    private Connection writerLock;

    private JdbcStore(HikariDataSource pool, Dialect dialect, DatabaseSettings settings) {
        this.settings = settings;
        this.pool = pool;
        this.dialect = dialect;
        this.sequencer = new EventSequencer(lastStoredEvent());
    }

    /**
     * Connects, brings the schema up to date and returns the store. Safe to call again on the same database:
     * migrations already applied are skipped.
     *
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static JdbcStore open(DatabaseSettings settings) {
        MigrateResult migrated = migrate(settings);
        HikariDataSource pool = pool(settings);
        try {
            Dialect dialect = dialect(pool);
            log.info("Opened the {} store at {}: {} migration(s) applied, schema version {}", dialect.kind,
                    settings.url(), migrated.migrationsExecuted, migrated.targetSchemaVersion == null
                            ? migrated.initialSchemaVersion : migrated.targetSchemaVersion);
            return new JdbcStore(pool, dialect, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Migrates over connections of its own, not the pool's: Flyway holds two at once, which a pool of one
     * could never give it.
     */
    private static MigrateResult migrate(DatabaseSettings settings) {
        try {
            return Flyway.configure()
                    .dataSource(settings.url(), settings.user(), settings.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreException("cannot migrate the database at " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("berth-store");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private static Dialect dialect(HikariDataSource pool) {
        try (Connection c = pool.getConnection()) {
            return Dialect.ofProduct(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw Sql.translate(e);
        }
    }

    /**
     * Runs {@code work} in one transaction on one connection: committed if it returns, rolled back if it throws
     * (the exception is rethrown as is). A transaction that loses to a deadlock or a serialization failure is run
     * again from the start, at most {@value #MAX_ATTEMPTS} times in all, so {@code work} must not keep effects
     * outside the database from a failed attempt.
     *
     * <p>Called again on the same thread while a transaction of this store runs, it joins that transaction:
     * {@code work} runs on the outer connection and the outer call commits or rolls back (and retries) everything.
     * An exception thrown by the inner work therefore dooms the outer transaction too, unless the outer work catches
     * it; even then, on PostgreSQL, the failed statement may have aborted the transaction.
     */
    @Override
    public <T> T inTransaction(Work<T> work) {
        JdbcTx joined = current.get();
        if (joined != null) return work.apply(joined);
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(work);
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) throw e;
                log.debug("Transaction attempt {} lost to a concurrent one ({}); running it again", attempt, e.getMessage());
                backOff(attempt, e);
            }
        }
    }

    /**
     * Waits a little, at random, before a retry: run again at once, the loser of a deadlock takes its first lock
     * back before the winner wakes up, and the two deadlock again (H2 detects deadlocks instantly, so this is no
     * theory there).
     */
    private static void backOff(int attempt, RuntimeException lost) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(RETRY_PAUSE_MILLIS, 4L * RETRY_PAUSE_MILLIS) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw lost;
        }
    }

    private <T> T runOnce(Work<T> work) {
        JdbcTx tx;
        T result;
        try (Connection connection = pool.getConnection()) {
            tx = new JdbcTx(connection, dialect, sequencer, catalogs);
            current.set(tx);
            try {
                result = work.apply(tx);
            } catch (Throwable failure) {
                rollback(connection, failure);
                sequencer.ended(tx.eventNumbers());
                runAll(tx.onRollbackActions(), "rollback");
                throw failure;
            } finally {
                current.remove();
            }
            try {
                connection.commit();
            } catch (SQLException | RuntimeException unknownOutcome) {
                catalogs.invalidate(); // the change may have been committed after all: read the catalogs again
                throw unknownOutcome;
            } finally {
                sequencer.ended(tx.eventNumbers());
            }
        } catch (SQLException e) {
            throw Sql.translate(e);
        }
        runAll(tx.afterCommitActions(), "commit");
        return result;
    }

    private static void runAll(java.util.List<Runnable> actions, String after) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("An action to run after a {} failed", after, e);
            }
        }
    }

    private long lastStoredEvent() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COALESCE(MAX(sequence), 0) FROM events")) {
            rs.next();
            long last = rs.getLong(1);
            c.rollback();
            return last;
        } catch (SQLException e) {
            throw Sql.translate(e);
        }
    }

    /**
     * Forgets what this store keeps in memory about the database (event numbering, cached catalogs) and reads it
     * again: for tests that change the database behind its back, e.g. emptying it between cases.
     */
    void reloadAfterOutsideChanges() {
        sequencer.restartAfter(lastStoredEvent());
        catalogs.invalidate();
        catalogs.reservationIds().forget();
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && dialect.isRetryable(sql)) return true;
        }
        return false;
    }

    /**
     * Makes this process the only one writing the database, as the in-memory event numbering and the core's capacity
     * ledger require. PostgreSQL: a session advisory lock (keyed by the schema) on a connection of its own, held
     * until {@link #close()}. An H2 file is already open to one process only.
     *
     * @throws StoreException if another process holds it
     */
    public synchronized void claimSoleWriter() {
        if (dialect != Dialect.POSTGRESQL || writerLock != null) return;
        try {
            Connection c = java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password());
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_try_advisory_lock" + WRITER_LOCK_KEY)) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    throw new StoreException("another Berth process is writing the database at " + settings.url()
                            + "; one process per database (stop the other, or give this one a database or schema of its own)");
                }
            }
            writerLock = c;
        } catch (SQLException e) {
            throw Sql.translate(e);
        }
    }

    @Override
    public String kind() {
        return dialect.kind;
    }

    @Override
    public boolean isHealthy() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(HEALTH_CHECK_SECONDS);
            s.execute("SELECT 1");
            c.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            log.warn("The {} store is unhealthy: {}", dialect.kind, e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        pool.close();
        if (writerLock != null) {
            // Unlocked explicitly: a closed connection's session, and its locks, end only when the server gets to it.
            Connection held = writerLock;
            writerLock = null;
            try (held; Statement unlock = held.createStatement()) {
                unlock.execute("SELECT pg_advisory_unlock" + WRITER_LOCK_KEY);
            } catch (SQLException e) {
                log.warn("Releasing the writer lock failed (it ends with its connection): {}", e.getMessage());
            }
        }
    }
}
