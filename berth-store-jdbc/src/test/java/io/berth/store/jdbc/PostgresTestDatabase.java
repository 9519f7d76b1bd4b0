package io.berth.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema in the local PostgreSQL for one test class, so that test runs never see each other's rows.
 * Override the server with BERTH_TEST_POSTGRES_URL / _USER / _PASSWORD.
 */
final class PostgresTestDatabase extends TestDatabase {
    private static final String URL = env("BERTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("BERTH_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("BERTH_TEST_POSTGRES_PASSWORD", "");

    private final String schema;
    private final DatabaseSettings settings;

    PostgresTestDatabase() {
        this.schema = "berth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE SCHEMA " + schema);
        String separator = URL.contains("?") ? "&" : "?";
        this.settings = new DatabaseSettings(URL + separator + "currentSchema=" + schema, USER, PASSWORD, POOL_SIZE);
    }

    @Override
    DatabaseSettings settings() {
        return settings;
    }

    @Override
    String kind() {
        return "postgresql";
    }

    @Override
    String flywayHistoryTable() {
        return "flyway_schema_history";
    }

    @Override
    public void close() {
        admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed for these tests but " + URL + " (user " + USER
                    + ") failed: " + e.getMessage().replaceFirst("\\.$", "") + ". Start the local server with"
                    + " `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`"
                    + " or point BERTH_TEST_POSTGRES_URL at another one.", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
