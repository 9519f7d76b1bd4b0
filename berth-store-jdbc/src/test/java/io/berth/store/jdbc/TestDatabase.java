package io.berth.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A database a test class owns: created for it, emptied before each test, dropped after the class. */
abstract class TestDatabase implements AutoCloseable {
    /** Children before parents. */
    private static final List<String> TABLES = List.of("block_reservations", "block_allocations", "api_calls",
            "group_settings", "events", "subscriber_checkpoints", "allocations", "reservations",
            "api_tokens", "group_images", "group_members", "user_groups", "users", "images", "host_inventories", "hosts",
            "pools");

    /** Enough connections for the concurrency tests' 20 threads plus readers. */
    static final int POOL_SIZE = 24;

    abstract DatabaseSettings settings();

    abstract String kind();

    /** Deletes every row the store wrote (the store's event numbering is restarted by the caller). */
    void reset() {
        execute(TABLES.stream().map(t -> "DELETE FROM " + t).toList());
    }

    void execute(List<String> statements) {
        DatabaseSettings s = settings();
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password()); Statement st = c.createStatement()) {
            for (String sql : statements) st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + statements + ": " + e.getMessage(), e);
        }
    }

    long queryLong(String sql) {
        DatabaseSettings s = settings();
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password()); Statement st = c.createStatement();
             var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** How many SQL migrations the store ships (each is applied exactly once). */
    static long migrationFiles() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(TestDatabase.class.getResource("/db/migration").toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the migrations", e);
        }
    }

    /** The name of Flyway's history table as the database spells it. */
    abstract String flywayHistoryTable();

    @Override
    public abstract void close();
}
