package io.berth.server.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.rm.vsphere.VsphereResourceManager;
import io.berth.rm.vsphere.soap.Credentials;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.Secret;
import io.berth.rm.vsphere.soap.Thumbprint;
import io.berth.rm.vsphere.soap.TrustSettings;
import io.berth.rm.vsphere.soap.VimClient;
import io.berth.rm.vsphere.soap.VimEndpoint;
import io.berth.rm.vsphere.soap.VimException;
import io.berth.rm.vsphere.testing.VcSim;
import io.berth.server.BerthServer;
import io.berth.server.config.ConfigLoader;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import io.berth.server.support.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * A Berth server pointed at govmomi's vCenter simulator, configured the way an operator would (berth.vsphere.* keys,
 * the password in a file, the simulator's certificate pinned by thumbprint), with fast intervals. Seeds an admin,
 * a user and the image "ubuntu-22.04" (a template of that name exists in the simulator), and waits until vCenter's
 * hosts are Berth hosts. {@link #vcenter} is an admin's own client, to look at vCenter behind Berth's back.
 */
final class VsphereBerth implements AutoCloseable {
    final VcSim sim;
    final BerthServer server;
    final VimClient vcenter;
    final long imageId;
    private final TestDatabase database;
    private final Path dataDir;

    private VsphereBerth(VcSim sim, String password, Map<String, String> extra) {
        this.sim = sim;
        this.database = TestDatabase.create("h2");
        try {
            this.dataDir = Files.createTempDirectory("berth-vsphere");
            Files.writeString(dataDir.resolve("vsphere-password"), password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> keys = new HashMap<>(Map.ofEntries(
                Map.entry("berth.http.host", "127.0.0.1"), Map.entry("berth.http.port", "0"),
                Map.entry("berth.data-dir", dataDir.toString()), Map.entry("berth.db.url", database.url()),
                Map.entry("berth.db.user", database.user()), Map.entry("berth.sim.enabled", "false"), Map.entry("berth.demo.seed", "false"),
                Map.entry("berth.lifecycle.sweep-interval", "100ms"), Map.entry("berth.load.interval", "1s"),
                Map.entry("berth.rebalance.interval", "0s"), Map.entry("berth.rebalance.hold", "0s"),
                Map.entry("berth.rebalance.min-improvement", "0.001"), Map.entry("berth.rebalance.move-timeout", "30s"),
                Map.entry("berth.vsphere.url", sim.url().toString()), Map.entry("berth.vsphere.user", VcSim.USER),
                Map.entry("berth.vsphere.password-file", dataDir.resolve("vsphere-password").toString()),
                Map.entry("berth.vsphere.thumbprint", sim.sha256Thumbprint()), Map.entry("berth.vsphere.datacenter", VcSim.DATACENTER),
                Map.entry("berth.vsphere.cluster", VcSim.CLUSTER), Map.entry("berth.vsphere.sample-interval", "1s"),
                Map.entry("berth.vsphere.inventory-interval", "1s"), Map.entry("berth.vsphere.reconcile-interval", "1s"),
                Map.entry("berth.vsphere.orphan-grace", "2s"), Map.entry("berth.vsphere.ip-timeout", "20s"),
                Map.entry("berth.vsphere.task-timeout", "20s"), Map.entry("berth.vsphere.call-timeout", "5s")));
        keys.putAll(extra);
        var config = new ConfigLoader().environment(Map.of()).overrides(keys).load();
        this.server = BerthServer.start(config);
        var core = server.core();
        var admin = core.accounts().createUser("admin", "Admin", "admin@test", Role.ADMIN, TestBerth.PASSWORD.toCharArray());
        var alice = core.accounts().createUser("alice", "Alice", "alice@test", Role.USER, TestBerth.PASSWORD.toCharArray());
        Image image = core.images().create(new Image(0, "ubuntu-22.04", "Ubuntu on ESX", "Linux", VsphereResourceManager.TYPE,
                Resources.of(2, 4096, 10), 50, Duration.ofHours(8), List.of(new ConnectMethod("ssh", "ssh", 22)), List.of()));
        this.imageId = image.id();
        var students = core.accounts().createGroup("students", "");
        core.accounts().addMember(students.id(), alice.id());
        core.accounts().grantImage(students.id(), image.id());
        this.vcenter = new VimClient(new VimEndpoint(sim.url(), TrustSettings.pinned(Thumbprint.parse(sim.sha1Thumbprint())),
                new Credentials(VcSim.USER, Secret.of(VcSim.PASSWORD)), Duration.ofSeconds(5), Duration.ofSeconds(20)));
    }

    /** Berth on a fresh simulator; every host reports 10 % CPU and 30 % memory. */
    static VsphereBerth start(VcSim.Options options, Map<String, String> extraKeys) {
        VcSim sim = VcSim.start(options);
        try {
            VsphereBerth b = new VsphereBerth(sim, VcSim.PASSWORD, extraKeys);
            b.awaitHosts(options.hosts());
            for (JsonNode h : b.hosts()) sim.hostLoad(h.get("externalId").asText(), 10, 30);
            return b;
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    static VsphereBerth start() {
        return start(VcSim.Options.defaults(), Map.of());
    }

    /** Berth configured with a password vCenter refuses. */
    static VsphereBerth withWrongPassword() {
        return new VsphereBerth(VcSim.start(), "not-the-password", Map.of());
    }

    VsphereResourceManager rm() {
        return server.vsphere().orElseThrow();
    }

    Api login(String login) {
        var r = new Api(server.baseUri(), null).post("/api/v1/auth/login", Map.of("login", login, "password", TestBerth.PASSWORD)).expect(200);
        return new Api(server.baseUri(), r.json().get("token").asText());
    }

    JsonNode hosts() {
        return login("admin").get("/api/v1/hosts").expect(200).json();
    }

    JsonNode host(String name) {
        for (JsonNode h : hosts()) if (h.get("name").asText().equals(name)) return h;
        throw new AssertionError("no host " + name);
    }

    void awaitHosts(int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> hosts().size() == n);
    }

    /** Reserves the image now for an hour as {@code user}; returns the reservation id. */
    long reserve(Api user) {
        return user.post("/api/v1/reservations", Map.of("imageId", imageId, "durationMinutes", 60)).expect(201).json().get("id").asLong();
    }

    void awaitState(Api user, long id, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> user.state(id).equals(state));
    }

    List<String> eventTypes(Api user, long id) {
        return user.get("/api/v1/reservations/" + id + "/events").expect(200).json().findValuesAsText("type");
    }

    /** What vCenter says about Berth's VM of a reservation (found by its name), if it exists. */
    Optional<ObjectContent> vmOf(long reservationId) throws VimException {
        MoRef root = vcenter.session().content().rootFolder();
        return vcenter.properties().all(root, "VirtualMachine", List.of("name", "runtime.host", "runtime.powerState", "parent")).stream()
                .filter(o -> o.string("name").orElse("").equals("berth-" + reservationId)).findFirst();
    }

    /** The vCenter id of the host a VM runs on. */
    String vmHost(long reservationId) throws VimException {
        return vmOf(reservationId).flatMap(o -> o.ref("runtime.host")).map(MoRef::value).orElseThrow();
    }

    @Override
    public void close() {
        server.close();
        vcenter.close();
        sim.close();
        database.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files only
        }
    }
}
