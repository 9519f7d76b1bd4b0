package io.berth.server.lifecycle;

import io.berth.core.domain.Role;
import io.berth.core.store.ReservationQuery;
import io.berth.rm.sim.SimSettings;
import io.berth.server.BerthServer;
import io.berth.server.LifecycleDriverProbe;
import io.berth.server.config.BerthConfig;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import io.berth.server.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Berth stops while a reservation is being provisioned; the next start picks it up from the stored state and
 * events, and the event subscribers resume after their checkpoints: nothing is lost or stuck.
 */
class RestartRecoveryTest {

    @Test
    void provisioningInterruptedByAStopResumesOnTheNextStart() throws Exception {
        try (TestDatabase db = TestDatabase.create("h2")) {
            Path data = Files.createTempDirectory("berth-restart");
            BerthConfig slowBoots = config(db, data, Duration.ofSeconds(30));
            long id;
            long checkpointBefore;
            try (BerthServer first = BerthServer.start(slowBoots)) {
                first.core().accounts().createUser("alice", "", "", Role.ADMIN, TestBerth.PASSWORD.toCharArray());
                var pool = first.core().inventory().createPool("lab", "sim", "", null, Map.of());
                first.core().inventory().addHost(pool.id(), "h1", java.util.List.of(
                        io.berth.core.domain.Inventory.of("VCPU", 8), io.berth.core.domain.Inventory.of("MEMORY_MB", 16384)), null);
                first.core().images().create(new io.berth.core.domain.Image(0, "img", "", "", "sim",
                        io.berth.core.domain.Resources.of(1, 1024, 0), 5, Duration.ofHours(1),
                        java.util.List.of(new io.berth.core.domain.ConnectMethod("ssh", "ssh", 22)), java.util.List.of()));
                Api alice = login(first);
                id = alice.post("/api/v1/reservations", Map.of("imageId", 1)).expect(201).json().get("id").asLong();
                await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("PROVISIONING"));
                await().atMost(Duration.ofSeconds(10)).until(() -> LifecycleDriverProbe.checkpoint(first) >= 3);
                checkpointBefore = LifecycleDriverProbe.checkpoint(first);
            }

            try (BerthServer second = BerthServer.start(config(db, data, Duration.ofMillis(50)))) {
                var stored = second.store().inTransaction(tx -> tx.reservations().find(id)).orElseThrow();
                assertThat(stored.state().name()).isIn("PROVISIONING", "READY");
                Api alice = login(second);
                await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("READY"));
                var types = alice.get("/api/v1/reservations/" + id + "/events").json().findValuesAsText("type");
                assertThat(types).containsSubsequence("ProvisioningStarted", "ProvisioningResumed", "Ready");
                assertThat(second.sim().orElseThrow().instances()).hasSize(1);
                // The lifecycle subscriber went on from its checkpoint rather than from the beginning of the log.
                assertThat(LifecycleDriverProbe.checkpoint(second)).isGreaterThanOrEqualTo(checkpointBefore);
                int count = second.store().inTransaction(tx -> tx.reservations().query(ReservationQuery.all())).size();
                assertThat(count).isEqualTo(1);
            }
        }
    }

    private static Api login(BerthServer server) {
        var anon = new Api(server.baseUri(), null);
        String token = anon.post("/api/v1/auth/login", Map.of("login", "alice", "password", TestBerth.PASSWORD)).expect(200)
                .json().get("token").asText();
        return anon.withToken(token);
    }

    private static BerthConfig config(TestDatabase db, Path data, Duration boot) {
        return new BerthConfig(new BerthConfig.Http("127.0.0.1", 0), new BerthConfig.Database(db.url(), db.user(), "", 10), data,
                new BerthConfig.Sim(true, new SimSettings(boot, Duration.ZERO, 0.0, 1)), TestBerth.fastLifecycle(), false, "text");
    }
}
