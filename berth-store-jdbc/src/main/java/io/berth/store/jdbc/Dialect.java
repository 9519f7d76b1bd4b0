package io.berth.store.jdbc;

import java.sql.SQLException;
import java.util.Set;

/** The few places where H2 and PostgreSQL need different SQL, and how each reports a retryable conflict. */
enum Dialect {
    H2("h2",
            "SELECT NEXT VALUE FOR reservation_ids",
            "MERGE INTO subscriber_checkpoints KEY (subscriber) VALUES (?, ?)") {
        // 40001 deadlock, 50200 lock timeout, 90131 concurrent update of a row (e.g. the same new key inserted twice).
        private static final Set<Integer> RETRYABLE_CODES = Set.of(40001, 50200, 90131);

        @Override
        boolean isRetryable(SQLException e) {
            return super.isRetryable(e) || RETRYABLE_CODES.contains(e.getErrorCode());
        }
    },
    POSTGRESQL("postgresql",
            "SELECT nextval('reservation_ids')",
            "INSERT INTO subscriber_checkpoints (subscriber, sequence) VALUES (?, ?)"
                    + " ON CONFLICT (subscriber) DO UPDATE SET sequence = EXCLUDED.sequence");

    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");

    final String kind;
    final String nextReservationId;
    final String upsertCheckpoint;

    Dialect(String kind, String nextReservationId, String upsertCheckpoint) {
        this.kind = kind;
        this.nextReservationId = nextReservationId;
        this.upsertCheckpoint = upsertCheckpoint;
    }

    /** Serialization failures and deadlocks: the whole transaction may succeed if run again. */
    boolean isRetryable(SQLException e) {
        return e.getSQLState() != null && RETRYABLE_STATES.contains(e.getSQLState());
    }

    static Dialect ofProduct(String databaseProductName) {
        return switch (databaseProductName) {
            case "H2" -> H2;
            case "PostgreSQL" -> POSTGRESQL;
            default -> throw new StoreException("unsupported database: " + databaseProductName
                    + " (Berth runs on H2 and PostgreSQL)");
        };
    }
}
