package io.berth.store.jdbc;

import io.berth.core.domain.Pool;
import io.berth.core.event.ReservationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default: a database file that outlives the store and is migrated only once. */
class H2FileStoreTest {

    @Test
    void reopeningMigratesOnceAndKeepsTheData(@TempDir Path dataDir) throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2File(dataDir);
        Pool pool;
        try (JdbcStore store = JdbcStore.open(settings)) {
            assertThat(store.kind()).isEqualTo("h2");
            pool = store.inTransaction(tx -> tx.inventory().insertPool(new Pool(0, "lab", "sim", "", "x", Map.of())));
            store.run(tx -> tx.events().append(1, 1, StoreContract.T0, new ReservationEvent.Closed()));
        }
        assertThat(Files.exists(dataDir.resolve("berth.mv.db"))).isTrue();

        try (JdbcStore store = JdbcStore.open(settings)) {
            Optional<Pool> found = store.inTransaction(tx -> tx.inventory().findPool(pool.id()));
            assertThat(found).contains(pool);
            assertThat(store.inTransaction(tx -> tx.events().append(1, 2, StoreContract.T0, new ReservationEvent.Closed()))
                    .sequence()).isEqualTo(2);
        }

        try (var c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(TestDatabase.migrationFiles()).isGreaterThanOrEqualTo(2);
        }
    }
}
