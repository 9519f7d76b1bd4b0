package io.berth.cli.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own speed on this machine, in the same run: single-row INSERTs, one committed transaction each,
 * from as many connections as the load has clients. Berth's admissions per second are reported as a ratio to it.
 */
final class InsertBaseline {
    static double insertsPerSecond(String url, String user, String password, int clients, Duration duration) throws Exception {
        String table = "bench_insert_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, owner BIGINT, note VARCHAR(100), at TIMESTAMP)");
        }
        AtomicLong next = new AtomicLong(), done = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch finished = new CountDownLatch(clients);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                pool.execute(() -> {
                    try (Connection c = DriverManager.getConnection(url, user, password);
                         PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                        c.setAutoCommit(true);
                        while (System.nanoTime() < end) {
                            long id = next.incrementAndGet();
                            p.setLong(1, id);
                            p.setLong(2, id % 100);
                            p.setString(3, "reservation " + id);
                            p.executeUpdate();
                            done.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        finished.countDown();
                    }
                });
            }
            finished.await();
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
        }
        return done.get() / (duration.toNanos() / 1e9);
    }
}
