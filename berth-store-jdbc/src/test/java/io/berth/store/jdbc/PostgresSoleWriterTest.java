package io.berth.store.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One process writes a database (schema): a second one is turned away until the first has closed its store. */
class PostgresSoleWriterTest {
    private final PostgresTestDatabase database = new PostgresTestDatabase();
    private final PostgresTestDatabase elsewhere = new PostgresTestDatabase();

    @AfterEach
    void drop() {
        database.close();
        elsewhere.close();
    }

    @Test
    void aSecondWriterIsRefusedUntilTheFirstCloses() {
        JdbcStore first = JdbcStore.open(database.settings());
        first.claimSoleWriter();
        try (JdbcStore second = JdbcStore.open(database.settings());
             JdbcStore otherSchema = JdbcStore.open(elsewhere.settings())) {
            assertThatThrownBy(second::claimSoleWriter).isInstanceOf(StoreException.class)
                    .hasMessageContaining("another Berth process is writing the database");
            otherSchema.claimSoleWriter();

            first.close();

            second.claimSoleWriter();
            assertThat(second.isHealthy()).isTrue();
        }
    }
}
