package io.berth.rm.vsphere;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.Image;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.resource.ProvisionRequest;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
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

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A vSphere resource manager wired to a simulator, with an admin's own client to look behind its back. */
final class Lab implements AutoCloseable {
    final VcSim sim;
    final FakeContext context = new FakeContext();
    final LoadMonitor hostLoads;
    final LoadMonitor vmLoads;
    final VsphereResourceManager rm;
    final VimClient admin;

    Lab(VcSim sim, String password, Map<String, String> templates, Duration orphanGrace, Clock clock) {
        this(sim, password, templates, orphanGrace, clock, Duration.ofSeconds(10));
    }

    Lab(VcSim sim, String password, Map<String, String> templates, Duration orphanGrace, Clock clock, Duration callTimeout) {
        this.sim = sim;
        VsphereSettings settings = new VsphereSettings(sim.url(), new Credentials(VcSim.USER, Secret.of(password)),
                TrustSettings.pinned(Thumbprint.parse(sim.sha256Thumbprint())), VcSim.DATACENTER, VcSim.CLUSTER, "berth/test",
                null, templates, "vsphere", "berth-", Duration.ofSeconds(20), Duration.ofHours(1), orphanGrace,
                Duration.ofHours(1), Duration.ofHours(1), callTimeout, Duration.ofSeconds(30), 4.0);
        LoadMonitorSettings load = LoadMonitorSettings.defaults();
        this.hostLoads = new LoadMonitor(load, clock);
        this.vmLoads = new LoadMonitor(load, clock);
        PlacementEngine engine = new PlacementEngine(PolicyRegistry.withBuiltIns(), clock, hostLoads, Duration.ofMinutes(1));
        this.rm = new VsphereResourceManager(settings, engine, vmLoads, null, clock);
        rm.start(context);
        this.admin = new VimClient(new VimEndpoint(sim.url(), TrustSettings.pinned(Thumbprint.parse(sim.sha1Thumbprint())),
                new Credentials(VcSim.USER, Secret.of(VcSim.PASSWORD)), Duration.ofSeconds(5), Duration.ofSeconds(20)));
    }

    Lab(VcSim sim) {
        this(sim, VcSim.PASSWORD, Map.of("lab-linux", "ubuntu-22.04"), Duration.ofMinutes(10), Clock.systemUTC());
    }

    static Image image(String name) {
        return new Image(7, name, "", "Linux", VsphereResourceManager.TYPE, Resources.of(2, 2048, 10), 10, Duration.ofHours(4),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of());
    }

    static User alice() {
        return new User(3, "alice", "Alice", "alice@lab", Role.USER, true);
    }

    static ProvisionRequest provision(long reservationId, String image, Host host) {
        return new ProvisionRequest(reservationId, image(image), host, alice(), 1);
    }

    /** What vCenter says about a VM: its host, power state, name and guestinfo. */
    ObjectContent vm(String moid) throws VimException {
        return admin.properties().one(new MoRef("VirtualMachine", moid), List.of("name", "runtime.host", "runtime.powerState", "config.extraConfig"))
                .orElse(null);
    }

    MoRef templateHost() throws VimException {
        MoRef root = admin.session().content().rootFolder();
        return admin.properties().all(root, "VirtualMachine", List.of("name", "runtime.host")).stream()
                .filter(o -> o.string("name").orElse("").equals("ubuntu-22.04")).findFirst().orElseThrow()
                .ref("runtime.host").orElseThrow();
    }

    MoRef berthFolder() throws VimException {
        MoRef root = admin.session().content().rootFolder();
        MoRef berth = admin.properties().all(root, "Folder", List.of("name")).stream()
                .filter(o -> o.string("name").orElse("").equals("berth")).findFirst().orElseThrow().obj();
        return admin.vms().findChild(berth, "test").orElseThrow();
    }

    @Override
    public void close() {
        rm.close();
        admin.close();
    }
}
