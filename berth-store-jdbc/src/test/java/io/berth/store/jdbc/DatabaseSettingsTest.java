package io.berth.store.jdbc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSettingsTest {

    @Test
    void h2FileKeepsTheDatabaseInTheDataDirectoryAndWaitsLongForLocks() {
        DatabaseSettings s = DatabaseSettings.h2File(Path.of("/var/lib/berth"));

        assertThat(s.url()).startsWith("jdbc:h2:file:/var/lib/berth/berth;").contains("LOCK_TIMEOUT=10000")
                .contains("DB_CLOSE_ON_EXIT=FALSE");
        assertThat(s.maxPoolSize()).isPositive();
    }

    @Test
    void h2InMemoryOutlivesItsConnections() {
        assertThat(DatabaseSettings.h2InMemory("x").url())
                .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        assertThatThrownBy(() -> DatabaseSettings.h2InMemory("x;INIT=RUNSCRIPT FROM 'evil'"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePasswordNeverShows() {
        DatabaseSettings s = new DatabaseSettings("jdbc:postgresql://db/berth", "berth", "s3cret", 5);

        assertThat(s.toString()).doesNotContain("s3cret").contains("***").contains("jdbc:postgresql://db/berth");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new DatabaseSettings("postgres://db", "u", "p", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseSettings("jdbc:h2:mem:x", "u", "p", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DatabaseSettings("jdbc:h2:mem:x", null, null, 1).password()).isEmpty();
    }
}
