package io.berth.store.jdbc;

import java.util.UUID;

/** A private in-memory H2 database, named after the test class and made unique per run. */
final class H2TestDatabase extends TestDatabase {
    private final DatabaseSettings settings;

    H2TestDatabase(Class<?> testClass) {
        String name = testClass.getSimpleName() + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.settings = DatabaseSettings.h2InMemory(name).withMaxPoolSize(POOL_SIZE);
    }

    @Override
    DatabaseSettings settings() {
        return settings;
    }

    @Override
    String kind() {
        return "h2";
    }

    @Override
    String flywayHistoryTable() {
        return "\"flyway_schema_history\"";
    }

    /** DB_CLOSE_DELAY=-1 keeps an in-memory database until it is shut down explicitly. */
    @Override
    public void close() {
        execute(java.util.List.of("SHUTDOWN"));
    }
}
