package io.berth.rm.vsphere;

import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.SoapFault;
import io.berth.rm.vsphere.soap.VimClient;
import io.berth.rm.vsphere.soap.VimException;
import io.berth.rm.vsphere.soap.XmlElement;
import io.berth.rm.vsphere.soap.XmlNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what Berth needs from vCenter: its scope (datacenter, cluster, folder, pool, resolved once and again when
 * an object disappears), the ESX hosts, templates and Berth's own VMs.
 */
final class VsphereInventory {
    private static final List<String> HOST_PROPERTIES = List.of("name", "runtime.connectionState", "runtime.inMaintenanceMode",
            "summary.hardware.numCpuCores", "summary.hardware.cpuMhz", "summary.hardware.memorySize", "parent", "datastore");
    private static final List<String> VM_PROPERTIES = List.of("name", "runtime.host", "runtime.powerState",
            "summary.config.numCpu", "summary.config.memorySizeMB");

    private final VimClient client;
    private final VsphereSettings settings;
    private final VmNaming naming;
    private volatile Scope scope;
    private final Map<String, MoRef> templates = new ConcurrentHashMap<>();
    private final Map<MoRef, MoRef> rootPools = new ConcurrentHashMap<>();

    VsphereInventory(VimClient client, VsphereSettings settings, VmNaming naming) {
        this.client = client;
        this.settings = settings;
        this.naming = naming;
    }

    /** The scope, resolved on first use; a configuration that names nothing real fails with what exists. */
    Scope scope() throws VimException {
        Scope s = scope;
        if (s != null) return s;
        synchronized (this) {
            if (scope == null) scope = resolve();
            return scope;
        }
    }

    /** Forgets the resolved scope and caches (an object was deleted or renamed in vCenter). */
    void invalidate() {
        scope = null;
        templates.clear();
        rootPools.clear();
    }

    private Scope resolve() throws VimException {
        var content = client.session().content();
        ObjectContent dc = pick(client.properties().all(content.rootFolder(), "Datacenter", List.of("name", "vmFolder", "hostFolder")),
                settings.datacenter(), "datacenter", "datacenter");
        MoRef vmRoot = dc.ref("vmFolder").orElseThrow();
        MoRef hostRoot = dc.ref("hostFolder").orElseThrow();
        if (settings.cluster() != null) {
            hostRoot = pick(client.properties().all(hostRoot, "ClusterComputeResource", List.of("name")), settings.cluster(),
                    "cluster", "cluster").obj();
        }
        MoRef folder = vmRoot;
        if (content.isVCenter()) {
            for (String part : settings.folder().split("/")) {
                if (!part.isBlank()) folder = client.vms().folder(folder, part.strip());
            }
        }
        MoRef pool = null;
        if (settings.resourcePool() != null) {
            pool = pick(client.properties().all(hostRoot, "ResourcePool", List.of("name")), settings.resourcePool(),
                    "resource-pool", "resource pool").obj();
        }
        return new Scope(dc.obj(), hostRoot, vmRoot, folder, pool, content.isVCenter());
    }

    /** The object named {@code wanted}, or the only one when nothing is configured. */
    private static ObjectContent pick(List<ObjectContent> found, String wanted, String key, String what) throws SoapFault {
        List<String> names = found.stream().map(o -> o.string("name").orElse(o.obj().value())).sorted().toList();
        if (wanted == null) {
            if (found.size() == 1) return found.getFirst();
            throw new SoapFault("scope", "NotFound", (found.isEmpty() ? "no " + what + " exists" : "there are several " + what + "s " + names)
                    + "; set " + VsphereSettings.PREFIX + key, null);
        }
        return found.stream().filter(o -> wanted.equals(o.string("name").orElse(null))).findFirst()
                .orElseThrow(() -> new SoapFault("scope", "NotFound", "no " + what + " named '" + wanted + "' (" + VsphereSettings.PREFIX + key
                        + "); there are " + names, null));
    }

    /** A read within the scope; if a resolved object went away meanwhile, the scope is resolved again and the read repeated. */
    private interface ScopedRead<T> {
        T read(Scope scope) throws VimException;
    }

    private <T> T inScope(ScopedRead<T> read) throws VimException {
        try {
            return read.read(scope());
        } catch (VimException e) {
            if (!e.faultName().equals("ManagedObjectNotFound")) throw e;
            invalidate();
            return read.read(scope());
        }
    }

    List<EsxHost> hosts() throws VimException {
        return inScope(this::hostsIn);
    }

    private List<EsxHost> hostsIn(Scope s) throws VimException {
        Map<MoRef, Long> datastoreGb = new HashMap<>();
        for (ObjectContent d : client.properties().all(s.datacenter(), "Datastore", List.of("summary.capacity", "summary.accessible"))) {
            if (d.string("summary.accessible").map(Boolean::parseBoolean).orElse(true)) {
                datastoreGb.put(d.obj(), d.number("summary.capacity").orElse(0L) >> 30);
            }
        }
        List<EsxHost> hosts = new ArrayList<>();
        for (ObjectContent h : client.properties().all(s.hostRoot(), "HostSystem", HOST_PROPERTIES)) {
            long disk = h.refs("datastore").stream().mapToLong(d -> datastoreGb.getOrDefault(d, 0L)).sum();
            hosts.add(new EsxHost(h.obj(), h.string("name").orElse(h.obj().value()),
                    h.string("runtime.connectionState").orElse("disconnected"), h.flag("runtime.inMaintenanceMode"),
                    h.number("summary.hardware.numCpuCores").orElse(0L).intValue(), h.number("summary.hardware.cpuMhz").orElse(0L),
                    h.number("summary.hardware.memorySize").orElse(0L), h.ref("parent").orElse(null), disk));
        }
        return hosts;
    }

    /** The template (or VM) to clone for an image, by name, anywhere in the datacenter's VM folders. */
    Optional<MoRef> template(String name) throws VimException {
        MoRef known = templates.get(name);
        if (known != null) return Optional.of(known);
        return inScope(s -> templateIn(s, name));
    }

    private Optional<MoRef> templateIn(Scope s, String name) throws VimException {
        MoRef found = null;
        for (ObjectContent vm : client.properties().all(s.vmRoot(), "VirtualMachine", List.of("name", "config.template"))) {
            String vmName = vm.string("name").orElse("");
            if (vm.flag("config.template")) templates.put(vmName, vm.obj());
            if (vmName.equals(name) && (found == null || vm.flag("config.template"))) found = vm.obj(); // templates first
        }
        return Optional.ofNullable(found);
    }

    /** The resource pool a VM on this host joins: the configured one, or the root pool of the host's cluster. */
    MoRef poolFor(MoRef host) throws VimException {
        Scope s = scope();
        if (s.resourcePool() != null) return s.resourcePool();
        MoRef parent = client.properties().one(host, List.of("parent")).flatMap(h -> h.ref("parent"))
                .orElseThrow(() -> new SoapFault("poolFor", "ManagedObjectNotFound", "host " + host.value() + " no longer exists", null));
        MoRef cached = rootPools.get(parent);
        if (cached != null) return cached;
        MoRef pool = client.properties().one(parent, List.of("resourcePool")).flatMap(c -> c.ref("resourcePool"))
                .orElseThrow(() -> new SoapFault("poolFor", "NotFound", "the compute resource of host " + host.value() + " has no resource pool", null));
        rootPools.put(parent, pool);
        return pool;
    }

    /** Every VM in Berth's folder whose name carries the ownership mark. */
    List<BerthVm> berthVms() throws VimException {
        return inScope(this::berthVmsIn);
    }

    private List<BerthVm> berthVmsIn(Scope s) throws VimException {
        List<BerthVm> vms = new ArrayList<>();
        for (ObjectContent vm : client.properties().all(s.berthFolder(), "VirtualMachine", VM_PROPERTIES)) {
            String name = vm.string("name").orElse("");
            OptionalLong reservation = naming.reservationOf(name);
            if (reservation.isEmpty()) continue;
            vms.add(new BerthVm(vm.obj(), name, reservation.getAsLong(), vm.ref("runtime.host").orElse(null),
                    vm.string("runtime.powerState").orElse("unknown"), vm.number("summary.config.numCpu").orElse(0L).intValue(),
                    vm.number("summary.config.memorySizeMB").orElse(0L)));
        }
        return vms;
    }

    /** How far the endpoint's clock is ahead of ours (negative: behind), so its sample times can be read in ours. */
    Duration clockOffset() throws VimException {
        Instant before = Instant.now();
        XmlNode r;
        try {
            r = client.session().read(XmlElement.of("CurrentTime")
                    .add(XmlElement.ref("_this", new MoRef("ServiceInstance", "ServiceInstance"))));
        } catch (SoapFault f) {
            return Duration.ZERO; // an endpoint without CurrentTime (the simulator): take its clock for ours
        }
        Instant after = Instant.now();
        Instant server = r.text("returnval").map(t -> java.time.OffsetDateTime.parse(t).toInstant()).orElse(after);
        Instant midpoint = before.plus(Duration.between(before, after).dividedBy(2));
        return Duration.between(midpoint, server);
    }
}
