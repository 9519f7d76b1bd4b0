package io.berth.rm.vsphere.soap;

import io.berth.rm.vsphere.testing.VcSim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vim25 client against govmomi's simulator: a real SOAP endpoint over TLS. */
class VimClientSimulatorTest {
    static VcSim sim;
    static VimClient client;

    @BeforeAll
    static void startSimulator() {
        sim = VcSim.start();
        client = new VimClient(endpoint(TrustSettings.pinned(Thumbprint.parse(sim.sha256Thumbprint())), VcSim.PASSWORD));
    }

    @AfterAll
    static void stopSimulator() {
        client.close();
        sim.close();
    }

    static VimEndpoint endpoint(TrustSettings trust, String password) {
        return new VimEndpoint(sim.url(), trust, new Credentials(VcSim.USER, Secret.of(password)), Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    @Test
    void logsInThroughAPinnedCertificateAndReadsTheInventory() throws VimException {
        ServiceContent sc = client.session().content();

        List<ObjectContent> hosts = client.properties().all(sc.rootFolder(), "HostSystem",
                List.of("name", "runtime.connectionState", "summary.hardware.numCpuCores", "summary.hardware.memorySize", "datastore"));

        assertThat(sc.isVCenter()).isTrue();
        assertThat(hosts).hasSize(3);
        assertThat(hosts).allSatisfy(h -> {
            assertThat(h.obj().type()).isEqualTo("HostSystem");
            assertThat(h.string("name")).get().asString().startsWith("DC0_C0_H");
            assertThat(h.string("runtime.connectionState")).contains("connected");
            assertThat(h.number("summary.hardware.numCpuCores")).contains(16L);
            assertThat(h.number("summary.hardware.memorySize")).contains(64L << 30);
            assertThat(h.refs("datastore")).isNotEmpty();
        });
    }

    @Test
    void aSha1ThumbprintPinsTheCertificateToo() throws VimException {
        try (VimClient sha1 = new VimClient(endpoint(TrustSettings.pinned(Thumbprint.parse(sim.sha1Thumbprint())), VcSim.PASSWORD))) {
            assertThat(sha1.session().content().apiType()).isEqualTo("VirtualCenter");
        }
    }

    @Test
    void anotherCertificateThanThePinnedOneIsRefused() {
        String wrong = "AB:".repeat(31) + "AB";
        try (VimClient pinnedElsewhere = new VimClient(endpoint(TrustSettings.pinned(Thumbprint.parse(wrong)), VcSim.PASSWORD))) {
            assertThatThrownBy(() -> pinnedElsewhere.session().content())
                    .isInstanceOf(UntrustedEndpoint.class)
                    .hasMessageContaining("not the pinned SHA-256 AB:AB")
                    .hasMessageContaining(sim.sha256Thumbprint());
        }
    }

    @Test
    void aSelfSignedCertificateIsRefusedByDefault() {
        try (VimClient defaults = new VimClient(endpoint(TrustSettings.systemCas(), VcSim.PASSWORD))) {
            assertThatThrownBy(() -> defaults.session().content()).isInstanceOf(UntrustedEndpoint.class)
                    .satisfies(e -> assertThat(((VimException) e).isTransient()).isFalse());
        }
    }

    @Test
    void aWrongPasswordIsAnInvalidLoginFaultThatDoesNotShowThePassword() {
        try (VimClient wrong = new VimClient(endpoint(TrustSettings.pinned(Thumbprint.parse(sim.sha256Thumbprint())), "not-the-password"))) {
            assertThatThrownBy(() -> wrong.session().content())
                    .isInstanceOfSatisfying(SoapFault.class, f -> {
                        assertThat(f.faultName()).isEqualTo("InvalidLogin");
                        assertThat(f.method()).isEqualTo("Login");
                        assertThat(f.isTransient()).isFalse();
                    })
                    .hasMessageNotContaining("not-the-password");
        }
    }

    @Test
    void aSessionEndedOnTheServerIsReplacedByANewLogin() throws VimException {
        VimClient own = new VimClient(endpoint(TrustSettings.pinned(Thumbprint.parse(sim.sha256Thumbprint())), VcSim.PASSWORD));
        try (own) {
            ServiceContent sc = own.session().content();
            own.session().call(XmlElement.of("Logout").add(XmlElement.ref("_this", sc.sessionManager())));

            // The view needs a session: the old cookie is refused, the client logs in again and repeats the call.
            List<ObjectContent> clusters = own.properties().all(sc.rootFolder(), "ClusterComputeResource", List.of("name"));

            assertThat(clusters).extracting(c -> c.string("name").orElseThrow()).containsExactly(VcSim.CLUSTER);
        }
    }

    @Test
    void aVmIsClonedOntoAHostPoweredOnReportsAnAddressMovesAndIsDestroyed() throws VimException {
        ServiceContent sc = client.session().content();
        MoRef dc = client.properties().all(sc.rootFolder(), "Datacenter", List.of("vmFolder")).getFirst().obj();
        MoRef vmFolder = client.properties().one(dc, List.of("vmFolder")).flatMap(o -> o.ref("vmFolder")).orElseThrow();
        MoRef template = client.vms().findChild(vmFolder, "ubuntu-22.04").orElseThrow();
        List<MoRef> hosts = client.properties().all(sc.rootFolder(), "HostSystem", List.of("name")).stream().map(ObjectContent::obj).toList();
        MoRef cluster = client.properties().all(sc.rootFolder(), "ClusterComputeResource", List.of("resourcePool")).getFirst().obj();
        MoRef pool = client.properties().one(cluster, List.of("resourcePool")).flatMap(o -> o.ref("resourcePool")).orElseThrow();
        MoRef folder = client.vms().folder(vmFolder, "client-test");
        Duration t = Duration.ofSeconds(30);

        MoRef vm = client.vms().cloneVm(template, folder, "client-test-1",
                new CloneSpec(pool, hosts.get(1), null, 2, 2048L, "a test", Map.of("guestinfo.test", "<&\"x\">")), t);
        client.vms().relocate(vm, hosts.get(2), pool, t);
        client.vms().powerOn(vm, hosts.get(2), t);
        client.vms().powerOn(vm, hosts.get(2), t); // already on: fine

        Optional<ObjectContent> after = client.properties().one(vm, List.of("runtime.host", "runtime.powerState", "config.extraConfig", "parent"));
        assertThat(after).get().satisfies(o -> {
            assertThat(o.ref("runtime.host")).contains(hosts.get(2));
            assertThat(o.string("runtime.powerState")).contains("poweredOn");
            assertThat(o.ref("parent")).contains(folder);
            assertThat(o.get("config.extraConfig").orElseThrow().children()).anySatisfy(opt -> {
                assertThat(opt.text("key")).contains("guestinfo.test");
                assertThat(opt.text("value")).contains("<&\"x\">");
            });
        });
        assertThat(client.vms().findChild(folder, "client-test-1")).contains(vm);

        client.vms().powerOff(vm, t);
        client.vms().powerOff(vm, t); // already off: fine
        client.vms().destroy(vm, t);
        client.vms().destroy(vm, t); // already gone: fine

        assertThat(client.properties().one(vm, List.of("name"))).isEmpty();
        assertThat(client.vms().findChild(folder, "client-test-1")).isEmpty();
    }

    @Test
    void aTaskThatFailsBecomesATaskFailedWithItsFault() throws VimException {
        ServiceContent sc = client.session().content();
        MoRef running = client.properties().all(sc.rootFolder(), "VirtualMachine", List.of("name", "runtime.powerState")).stream()
                .filter(o -> o.string("runtime.powerState").orElse("").equals("poweredOn")).findFirst().orElseThrow().obj();

        assertThatThrownBy(() -> client.vms().destroy(running, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(TaskFailed.class, f -> assertThat(f.faultName()).isEqualTo("InvalidPowerState"))
                .hasMessageStartingWith("destroying " + running.value() + " failed: InvalidPowerState");
    }

    @Test
    void performanceCountersGiveTheNewestSampleOfEachHost() throws VimException {
        ServiceContent sc = client.session().content();
        List<MoRef> hosts = client.properties().all(sc.rootFolder(), "HostSystem", List.of("name")).stream().map(ObjectContent::obj).toList();
        sim.hostLoad(hosts.getFirst().value(), 42.5, 30);

        List<EntitySample> samples = client.performance().newest(hosts, List.of("cpu.usage.average", "mem.usage.average", "net.usage.average",
                "no.such.counter"), PerformanceReader.REAL_TIME_SECONDS);

        assertThat(client.performance().counters()).containsKeys("cpu.usage.average", "mem.usage.average", "disk.usage.average");
        assertThat(samples).hasSize(3);
        EntitySample first = samples.stream().filter(s -> s.entity().equals(hosts.getFirst())).findFirst().orElseThrow();
        assertThat(first.values()).containsEntry("cpu.usage.average", 4250L).containsEntry("mem.usage.average", 3000L)
                .containsKey("net.usage.average").doesNotContainKey("no.such.counter");
        assertThat(first.at()).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(5));
    }

    @Test
    void aMissingObjectReadsAsEmpty() throws VimException {
        assertThat(client.properties().one(new MoRef("VirtualMachine", "vm-does-not-exist"), List.of("name"))).isEmpty();
    }
}
