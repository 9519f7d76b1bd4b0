package io.berth.cli.bench;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.rm.sim.SimSettings;
import io.berth.server.BerthServer;
import io.berth.server.config.BerthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code berth bench api}: starts Berth in this process on H2 or PostgreSQL with a large simulated datacenter,
 * drives it over HTTP with concurrent clients making reservations, and compares the admitted rate with the
 * database's own single-row insert rate measured in the same run.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Reservations admitted and placed per second over the REST API, with p50/p99 latency, per store.")
public final class ApiBenchCommand implements Callable<Integer> {
    @Option(names = "--store", split = ",", description = "h2 and/or postgresql (default: both)")
    List<String> stores = List.of("h2", "postgresql");

    @Option(names = "--postgres-url", description = "database for the PostgreSQL run (a fresh schema is made in it)")
    String postgresUrl = "jdbc:postgresql://127.0.0.1:5432/test";

    @Option(names = "--postgres-user")
    String postgresUser = "postgres";

    @Option(names = "--clients", split = ",", description = "concurrent clients, one measured run per count (default 1,8,32)")
    List<Integer> clients = List.of(1, 8, 32);

    @Option(names = "--seconds", description = "measured seconds per store (default 20)")
    int seconds = 20;

    @Option(names = "--warmup", description = "warm-up seconds of each measured run (default 5)")
    int warmup = 5;

    @Option(names = "--jit-warmup", description = "seconds of a first, unmeasured run per store on a throwaway database, so that"
            + " measured runs see compiled code, as a long-running server does (default 30; 0 skips it)")
    int jitWarmup = 30;

    @Option(names = "--hosts", description = "simulated hosts (default 200)")
    int hosts = 200;

    @Override
    public Integer call() throws Exception {
        System.setProperty("logback.configurationFile", "logback-quiet.xml");
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-11s %7s %10s %8s %8s %7s %14s %7s %12s %12s", "store", "clients", "admitted/s", "p50 ms",
                "p99 ms", "errors", "db inserts/s", "ratio", "JVM cpu ms", "all cpu ms"));
        int most = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (String store : stores) {
            if (jitWarmup > 0) {
                System.out.printf("%s: warming up the JIT for %d s with %d clients (not measured)%n", store, jitWarmup, most);
                Target target = Target.fresh(store, postgresUrl, postgresUser);
                try (BerthServer server = BerthServer.start(config(target.url(), target.user(), target.data()))) {
                    Seeded seeded = seed(server);
                    ApiLoad.run(server.baseUri(), seeded.tokens(), seeded.imageId(), most, Duration.ZERO, Duration.ofSeconds(jitWarmup));
                } finally {
                    target.drop();
                }
            }
            double inserts = Double.NaN;
            for (int count : clients) {
                Target target = Target.fresh(store, postgresUrl, postgresUser);
                try {
                    ApiLoad.Result r;
                    try (BerthServer server = BerthServer.start(config(target.url(), target.user(), target.data()))) {
                        Seeded seeded = seed(server);
                        r = ApiLoad.run(server.baseUri(), seeded.tokens(), seeded.imageId(), count, Duration.ofSeconds(warmup),
                                Duration.ofSeconds(seconds));
                    }
                    if (Double.isNaN(inserts)) {
                        inserts = InsertBaseline.insertsPerSecond(target.url(), target.user(), "", most,
                                Duration.ofSeconds(Math.max(5, seconds / 2)));
                    }
                    rows.add(String.format("%-11s %7d %10.0f %8.2f %8.2f %7d %14.0f %7.3f %12.2f %12.2f", store, count, r.perSecond(),
                            r.percentileMillis(0.5), r.percentileMillis(0.99), r.errors(), inserts, r.perSecond() / inserts,
                            r.jvmCpuMillisPerAdmitted(), r.machineCpuMillisPerAdmitted()));
                } finally {
                    target.drop();
                }
            }
        }
        System.out.println();
        System.out.printf("berth bench api: %s clients, %d s measured after %d s warm-up (JIT warm-up run: %d s), %d simulated hosts, %s%n",
                clients, seconds, warmup, jitWarmup, hosts, Instant.now());
        System.out.println("(CPU per admitted reservation: of this JVM, i.e. server and clients; and of the whole machine, database included)");
        rows.forEach(System.out::println);
        return 0;
    }

    /** A fresh database for one run: an H2 file in a new folder, or a new schema in the PostgreSQL database. */
    private record Target(String url, String user, Path data, String schema, String adminUrl) {
        static Target fresh(String store, String postgresUrl, String postgresUser) throws Exception {
            Path data = Files.createTempDirectory("berth-bench");
            if (!store.equals("postgresql")) {
                return new Target("jdbc:h2:file:" + data.toAbsolutePath() + "/bench;LOCK_TIMEOUT=10000", "sa", data, null, null);
            }
            String schema = "berth_bench_" + Long.toHexString(System.nanoTime());
            try (Connection c = DriverManager.getConnection(postgresUrl, postgresUser, ""); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            String url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new Target(url, postgresUser, data, schema, postgresUrl);
        }

        void drop() throws Exception {
            if (schema == null) return;
            try (Connection c = DriverManager.getConnection(adminUrl, user, ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private BerthConfig config(String url, String user, Path data) {
        SimSettings sim = new SimSettings(Duration.ZERO, Duration.ZERO, 0.0, 1, Duration.ZERO, "constant:0.1", Map.of(), 10_000);
        LifecycleSettings l = LifecycleSettings.defaults();
        return new BerthConfig(new BerthConfig.Http("127.0.0.1", 0), new BerthConfig.Database(url, user, "", 32), data,
                new BerthConfig.Sim(true, sim), new LifecycleSettings(l.provisionLeadTime(), l.unusedTimeout(), 1, l.startTolerance(),
                Duration.ofMinutes(1), l.maxAdvance(), Duration.ofMinutes(15), Duration.ofSeconds(1)), false, "text");
    }

    /**
     * A pool of big hosts (room for every reservation of the run), one image, and a few ordinary users with tokens, the
     * image granted to them through a group, as a lab's students get it (so each request checks the grant and the
     * group's limits).
     */
    private record Seeded(long imageId, List<String> tokens) {}

    private Seeded seed(BerthServer server) {
        var core = server.core();
        var pool = core.inventory().createPool("bench", "sim", "", null, Map.of());
        for (int i = 1; i <= hosts; i++) {
            core.inventory().addHost(pool.id(), "bench-" + i, List.of(new Inventory("VCPU", 256, 0, 16.0),
                    Inventory.of("MEMORY_MB", 4_194_304), Inventory.of("DISK_GB", 100_000)), null);
        }
        Image image = core.images().create(new Image(0, "bench", "", "", "sim", Resources.of(1, 512, 1), 10_000_000, Duration.ofHours(1),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of()));
        var students = core.accounts().createGroup("bench-students", "users of the API benchmark");
        core.accounts().grantImage(students.id(), image.id());
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            var user = core.accounts().createUser("bench-" + u, "", "", Role.USER, "bench-password".toCharArray());
            core.accounts().addMember(students.id(), user.id());
            tokens.add(core.accounts().createToken(user, "bench", null).secret());
        }
        return new Seeded(image.id(), tokens);
    }
}
