package io.berth.server.support;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.core.testing.MutableClock;
import io.berth.rm.sim.SimSettings;
import io.berth.rm.sim.SimulatedResourceManager;
import io.berth.server.BerthServer;
import io.berth.server.config.BerthConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real Berth server for a test: HTTP on a free port, a private database (H2 or PostgreSQL), the simulated
 * resource manager with fast boots. Seeds a small lab: an admin, two users in a group, one pool of
 * {@code hosts} hosts with 8 VCPU each, and images of 2 and 8 VCPU.
 */
public final class TestBerth implements AutoCloseable {
    public static final String PASSWORD = "correct-horse-battery";

    public final BerthServer server;
    public final TestDatabase database;
    public final MutableClock clock;
    public final Pool pool;
    public final List<Long> hostIds;
    public final Image small;
    public final Image large;
    /** 2 VCPU images meant to be given load profiles by name ("busy", "idle"). */
    public final Image busy;
    public final Image idle;
    public final User admin;
    public final User alice;
    public final User bob;
    private final Path dataDir;

    /**
     * @param profiles VM load profiles per image name (the sim's default is "constant:0.1"); with any set, tests drive
     *                 sampling themselves ({@link #sample()}) and the clock should be mutable
     */
    public record Options(String db, int hosts, Duration bootTime, LifecycleSettings lifecycle, boolean mutableClock,
                          Map<String, String> profiles, java.util.function.UnaryOperator<BerthConfig> configure) {
        public static Options defaults() {
            return new Options("h2", 2, Duration.ofMillis(50), fastLifecycle(), false, Map.of(), c -> c);
        }

        public Options withDb(String d) { return new Options(d, hosts, bootTime, lifecycle, mutableClock, profiles, configure); }
        public Options withHosts(int h) { return new Options(db, h, bootTime, lifecycle, mutableClock, profiles, configure); }
        public Options withBootTime(Duration b) { return new Options(db, hosts, b, lifecycle, mutableClock, profiles, configure); }
        public Options withLifecycle(LifecycleSettings l) { return new Options(db, hosts, bootTime, l, mutableClock, profiles, configure); }
        public Options withMutableClock() { return new Options(db, hosts, bootTime, lifecycle, true, profiles, configure); }
        public Options withProfiles(Map<String, String> p) { return new Options(db, hosts, bootTime, lifecycle, mutableClock, p, configure); }
        /** Changes the server's configuration after the test defaults (which let XML-RPC calls use plain HTTP). */
        public Options withConfig(java.util.function.UnaryOperator<BerthConfig> c) {
            return new Options(db, hosts, bootTime, lifecycle, mutableClock, profiles, c);
        }
    }

    public static LifecycleSettings fastLifecycle() {
        return new LifecycleSettings(Duration.ofMinutes(5), Duration.ofMinutes(15), 2, Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofDays(365), Duration.ofHours(1), Duration.ofMillis(100));
    }

    public static TestBerth start() {
        return start(Options.defaults());
    }

    public static TestBerth start(Options options) {
        return new TestBerth(options);
    }

    private TestBerth(Options o) {
        this.database = TestDatabase.create(o.db());
        try {
            this.dataDir = Files.createTempDirectory("berth-test");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.clock = o.mutableClock() ? new MutableClock(Instant.parse("2030-01-07T08:00:00Z")) : null;
        // Sampling is driven by the tests (sample()), migrations are quick, the periodic rebalance is off.
        SimSettings sim = new SimSettings(o.bootTime(), Duration.ZERO, 0.0, 42, Duration.ZERO, "constant:0.1", o.profiles(), 1_000_000);
        BerthConfig config = new BerthConfig(new BerthConfig.Http("127.0.0.1", 0),
                new BerthConfig.Database(database.url(), database.user(), "", 20), dataDir,
                new BerthConfig.Sim(true, sim), o.lifecycle(), false, "text")
                .withRebalance(new BerthConfig.Rebalance(new io.berth.core.rebalance.RebalanceService.Settings(Duration.ZERO,
                        Duration.ofMinutes(30), Duration.ofSeconds(30)), io.berth.placement.rebalance.RebalanceSettings.defaults()))
                .withXmlRpc(BerthConfig.XmlRpc.defaults().withAllowHttp(true));
        this.server = BerthServer.start(o.configure().apply(config), clock == null ? Clock.systemUTC() : clock);
        var core = server.core();
        this.admin = core.accounts().createUser("admin", "Admin", "admin@test", Role.ADMIN, PASSWORD.toCharArray());
        this.alice = core.accounts().createUser("alice", "Alice", "alice@test", Role.USER, PASSWORD.toCharArray());
        this.bob = core.accounts().createUser("bob", "Bob", "bob@test", Role.USER, PASSWORD.toCharArray());
        this.pool = core.inventory().createPool("lab", SimulatedResourceManager.TYPE, "test lab", null, Map.of());
        this.hostIds = new java.util.ArrayList<>();
        for (int i = 1; i <= o.hosts(); i++) {
            hostIds.add(core.inventory().addHost(pool.id(), "host-" + i, List.of(
                    Inventory.of(ResourceClass.VCPU, 8), Inventory.of(ResourceClass.MEMORY_MB, 32_768),
                    Inventory.of(ResourceClass.DISK_GB, 500)), null).id());
        }
        List<ConnectMethod> ssh = List.of(new ConnectMethod("ssh", "ssh", 22));
        this.small = core.images().create(new Image(0, "small", "2 VCPU", "Linux", SimulatedResourceManager.TYPE,
                Resources.of(2, 4096, 20), 100, Duration.ofHours(8), ssh, List.of()));
        this.large = core.images().create(new Image(0, "large", "a whole host", "Linux", SimulatedResourceManager.TYPE,
                Resources.of(8, 16_384, 100), 100, Duration.ofHours(8), ssh, List.of()));
        this.busy = core.images().create(new Image(0, "busy", "CPU-bound", "Linux", SimulatedResourceManager.TYPE,
                Resources.of(2, 4096, 20), 100, Duration.ofHours(8), ssh, List.of()));
        this.idle = core.images().create(new Image(0, "idle", "mostly idle", "Linux", SimulatedResourceManager.TYPE,
                Resources.of(2, 4096, 20), 100, Duration.ofHours(8), ssh, List.of()));
        var students = core.accounts().createGroup("students", "");
        core.accounts().addMember(students.id(), alice.id());
        core.accounts().addMember(students.id(), bob.id());
        core.accounts().grantImage(students.id(), small.id());
        core.accounts().grantImage(students.id(), large.id());
        core.accounts().grantImage(students.id(), busy.id());
        core.accounts().grantImage(students.id(), idle.id());
    }

    public SimulatedResourceManager sim() {
        return server.sim().orElseThrow();
    }

    /** Every host reports its load now; with a mutable clock, move it first so the samples are new. */
    public void sample() {
        sim().sampleNow();
    }

    /** Moves the (mutable) clock on by one sample interval and takes samples. */
    public void tick() {
        clock.advance(Duration.ofSeconds(20));
        sample();
    }

    public Api anonymous() {
        return new Api(server.baseUri(), null);
    }

    /** Logs in through the API and returns a client carrying the session token. */
    public Api login(String login) {
        var r = anonymous().post("/api/v1/auth/login", Map.of("login", login, "password", PASSWORD)).expect(200);
        return new Api(server.baseUri(), r.json().get("token").asText());
    }

    public Api adminApi() {
        return login("admin");
    }

    @Override
    public void close() {
        server.close();
        database.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files only
        }
    }
}
