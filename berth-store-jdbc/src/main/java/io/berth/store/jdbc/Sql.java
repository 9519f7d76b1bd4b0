package io.berth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Runs statements on the transaction's connection: binds parameters, maps rows, and turns SQL errors into
 * {@link StoreException}s. Instants are written truncated to microseconds, the precision both databases keep.
 */
final class Sql {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run() throws SQLException;
    }

    private final Connection connection;

    Sql(Connection connection) {
        this.connection = connection;
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return translated(() -> {
            try (PreparedStatement ps = prepared(sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) rows.add(mapper.map(rs));
                return rows;
            }
        });
    }

    /** The first row, mapped; empty if there is none or it maps to null (e.g. a NULL column). */
    <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
    }

    long queryLong(String sql, Object... params) {
        return first(sql, rs -> rs.getLong(1), params)
                .orElseThrow(() -> new StoreException("no row from: " + sql));
    }

    /** Returns the number of rows changed. */
    int update(String sql, Object... params) {
        return translated(() -> executeUpdate(sql, params));
    }

    /**
     * Inserts a row that must not repeat the unique {@code key} (e.g. "images.name") and returns the {@code id}
     * the database generated for it.
     *
     * @throws DuplicateKeyException if it does; the transaction stays usable
     */
    long insertUnique(String key, Object value, String sql, Object... params) {
        return guarded(() -> executeInsert(sql, params), e -> {
            throw duplicate(key, value, e);
        });
    }

    /** An update that may rename a row onto a taken unique {@code key}; returns the number of rows changed. */
    int updateUnique(String key, Object value, String sql, Object... params) {
        return guarded(() -> executeUpdate(sql, params), e -> {
            throw duplicate(key, value, e);
        });
    }

    /** Inserts a row unless an equal key exists; returns whether it inserted. */
    boolean insertIfAbsent(String sql, Object... params) {
        return guarded(() -> executeUpdate(sql, params) > 0, e -> false);
    }

    /**
     * Deletes; returns whether a row went.
     *
     * @param what names the row for the error, e.g. "pool 3"
     * @throws ReferencedRowException if other rows still refer to it; the transaction stays usable
     */
    boolean delete(String what, String sql, Object... params) {
        return translated(() -> {
            Savepoint savepoint = connection.setSavepoint();
            try {
                int deleted = executeUpdate(sql, params);
                connection.releaseSavepoint(savepoint);
                return deleted > 0;
            } catch (SQLException e) {
                connection.rollback(savepoint);
                if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw new ReferencedRowException(what + " is still referenced by other rows: "
                            + oneLine(e.getMessage()), e);
                }
                throw e;
            }
        });
    }

    /**
     * Runs a statement that may hit a unique key under a savepoint, so that on PostgreSQL (which otherwise aborts
     * the whole transaction) the caller can carry on after the refusal, as on H2.
     */
    private <T> T guarded(Statement<T> statement, java.util.function.Function<SQLException, T> onDuplicate) {
        return translated(() -> {
            Savepoint savepoint = connection.setSavepoint();
            try {
                T result = statement.run();
                connection.releaseSavepoint(savepoint);
                return result;
            } catch (SQLException e) {
                connection.rollback(savepoint);
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) return onDuplicate.apply(e);
                throw e;
            }
        });
    }

    private int executeUpdate(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepared(sql, params)) {
            return ps.executeUpdate();
        }
    }

    private long executeInsert(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql, new String[] {"id"})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) throw new SQLException("no generated id from: " + sql);
                return keys.getLong(1);
            }
        }
    }

    private PreparedStatement prepared(String sql, Object... params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            bind(ps, params);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            switch (params[i]) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case Instant t -> ps.setObject(i + 1, OffsetDateTime.ofInstant(stored(t), ZoneOffset.UTC));
                case Enum<?> e -> ps.setString(i + 1, e.name());
                default -> ps.setObject(i + 1, params[i]);
            }
        }
    }

    private static <T> T translated(Statement<T> statement) {
        try {
            return statement.run();
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    static StoreException translate(SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return new DuplicateKeyException(null, "duplicate key: " + oneLine(e.getMessage()), e);
        }
        return new StoreException(oneLine(e.getMessage()), e);
    }

    private static DuplicateKeyException duplicate(String key, Object value, SQLException e) {
        return new DuplicateKeyException(key, key + " '" + value + "' already exists", e);
    }

    /** The database's message without H2's echo of the statement, on one line (PostgreSQL adds a Detail line). */
    private static String oneLine(String message) {
        if (message == null) return "";
        int statement = message.indexOf("; SQL statement:");
        String text = statement < 0 ? message : message.substring(0, statement);
        return text.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    /** What the databases keep of an instant: microseconds (PostgreSQL's limit; H2 is declared with the same). */
    static Instant stored(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** "?, ?, ?" for an IN list of {@code n} values. */
    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
