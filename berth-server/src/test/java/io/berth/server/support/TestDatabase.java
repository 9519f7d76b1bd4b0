package io.berth.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A private database for one test: an H2 in-memory database, or a fresh schema in the machine's real
 * PostgreSQL (127.0.0.1:5432, database test; scripts/test starts it). Closing drops the schema.
 */
public sealed interface TestDatabase extends AutoCloseable {
    String url();

    String user();

    String kind();

    @Override
    void close();

    static TestDatabase create(String kind) {
        return switch (kind) {
            case "h2" -> new H2();
            case "postgresql" -> new Postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    record H2(String url) implements TestDatabase {
        H2() {
            this("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        }

        public String user() { return "sa"; }
        public String kind() { return "h2"; }

        public void close() {
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    final class Postgres implements TestDatabase {
        static final String BASE = System.getenv().getOrDefault("BERTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        static final String USER = System.getenv().getOrDefault("BERTH_TEST_POSTGRES_USER", "postgres");
        private final String schema = "berth_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

        Postgres() {
            admin("CREATE SCHEMA " + schema);
        }

        public String url() { return BASE + "?currentSchema=" + schema; }
        public String user() { return USER; }
        public String kind() { return "postgresql"; }

        public void close() {
            admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }

        private static void admin(String sql) {
            try (Connection c = DriverManager.getConnection(BASE, USER, ""); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + BASE + " is needed for this test (start it with scripts/test, "
                        + "or: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): " + e.getMessage(), e);
            }
        }
    }
}
