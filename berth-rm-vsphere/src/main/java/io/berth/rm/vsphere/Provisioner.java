package io.berth.rm.vsphere;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.ResourceClass;
import io.berth.core.resource.Instance;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ProvisioningException;
import io.berth.rm.vsphere.soap.CloneSpec;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.VimClient;
import io.berth.rm.vsphere.soap.VimException;
import io.berth.rm.vsphere.soap.XmlNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes and unmakes Berth's VMs. Provisioning clones the image's template onto the host Berth's placement chose,
 * moves it there if vCenter put it elsewhere, powers it on there and waits for VMware Tools to report an address.
 * Every step first looks at what exists (the VM is found by its name), so a provisioning interrupted anywhere
 * (a restart, the endpoint gone mid-clone) picks up where it stopped.
 */
final class Provisioner {
    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    private static final char[] PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    static final String GUESTINFO_RESERVATION = "guestinfo.berth.reservation";
    static final String GUESTINFO_USER = "guestinfo.berth.user";
    static final String GUESTINFO_PASSWORD = "guestinfo.berth.password";

    private final VimClient client;
    private final VsphereInventory inventory;
    private final VsphereSettings settings;
    private final VmNaming naming;
    private final SecureRandom random = new SecureRandom();

    Provisioner(VimClient client, VsphereInventory inventory, VsphereSettings settings, VmNaming naming) {
        this.client = client;
        this.inventory = inventory;
        this.settings = settings;
        this.naming = naming;
    }

    Instance provision(ProvisionRequest request) throws ProvisioningException {
        String name = naming.name(request.reservationId());
        MoRef host;
        try {
            host = HostDirectory.refOf(request.host());
        } catch (IllegalArgumentException e) {
            throw new ProvisioningException(e.getMessage(), false);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return provisionIn(inventory.scope().berthFolder(), name, host, request);
            } catch (VimException e) {
                if (attempt == 1 && stale(e)) continue; // the folder or a pool went away: resolve them again, once
                throw Faults.provisioning(e, "provisioning " + name + " on " + request.host().name());
            }
        }
    }

    private Instance provisionIn(MoRef folder, String name, MoRef host, ProvisionRequest request) throws VimException, ProvisioningException {
        Optional<MoRef> existing = client.vms().findChild(folder, name);
        MoRef vm = existing.isPresent() ? existing.get() : cloneOnto(request, name, folder, host);
        String password = passwordOf(vm).orElseGet(this::oneTimePassword);
        ensureOn(vm, host, request.host().name());
        client.vms().powerOn(vm, host, settings.taskTimeout());
        ensureOn(vm, host, request.host().name()); // DRS may still have placed it at power-on: Berth's choice stands
        String address = waitForAddress(vm, name, request.image().name());
        List<ConnectData.Endpoint> endpoints = request.image().connectMethods().stream()
                .map(m -> new ConnectData.Endpoint(m.name(), m.protocol(), m.port())).toList();
        log.info("VM {} ({}) of reservation {} is up on {} at {}", name, vm.value(), request.reservationId(), request.host().name(), address);
        return new Instance(vm.value(), new ConnectData(address, endpoints, request.owner().login(), password));
    }

    /** An object Berth resolved earlier (its folder, a pool, a template) no longer exists: forget what was resolved. */
    private boolean stale(VimException e) {
        if (!e.faultName().equals("ManagedObjectNotFound")) return false;
        inventory.invalidate();
        return true;
    }

    private MoRef cloneOnto(ProvisionRequest request, String name, MoRef folder, MoRef host) throws VimException, ProvisioningException {
        String image = request.image().name();
        String templateName = settings.templateFor(image);
        MoRef template = inventory.template(templateName).orElseThrow(() -> new ProvisioningException("template '" + templateName
                + "' of image '" + image + "' does not exist in vCenter (map it with " + VsphereSettings.PREFIX
                + VsphereSettings.TEMPLATES + image + "=<template name>)", false));
        long vcpus = request.image().minimum().get(ResourceClass.VCPU);
        long memory = request.image().minimum().get(ResourceClass.MEMORY_MB);
        CloneSpec spec = new CloneSpec(inventory.poolFor(host), host, null, vcpus > 0 ? (int) vcpus : null, memory > 0 ? memory : null,
                "Berth reservation " + request.reservationId() + " (image " + image + ", user " + request.owner().login()
                        + "). Berth destroys this VM when the reservation ends.",
                Map.of(GUESTINFO_RESERVATION, Long.toString(request.reservationId()), GUESTINFO_USER, request.owner().login(),
                        GUESTINFO_PASSWORD, oneTimePassword()));
        try {
            MoRef vm = client.vms().cloneVm(template, folder, name, spec, settings.taskTimeout());
            log.info("cloned {} from {} for reservation {}", name, templateName, request.reservationId());
            return vm;
        } catch (VimException e) {
            // An earlier attempt's clone finished after all (its answer was lost): carry on with that VM.
            if (!e.faultName().equals("DuplicateName")) throw e;
            return client.vms().findChild(folder, name).orElseThrow(() -> e);
        }
    }

    /** The host Berth chose is the host the VM runs on: if vCenter (or DRS) put it elsewhere, it is moved. */
    private void ensureOn(MoRef vm, MoRef host, String hostName) throws VimException {
        Optional<MoRef> current = client.properties().one(vm, List.of("runtime.host")).flatMap(o -> o.ref("runtime.host"));
        if (current.isPresent() && current.get().equals(host)) return;
        log.info("{} is on {}, not on {} as placed; moving it", vm.value(), current.map(MoRef::value).orElse("no host"), hostName);
        client.vms().relocate(vm, host, inventory.poolFor(host), settings.taskTimeout());
    }

    /** The one-time password a resumed provisioning already gave the VM. */
    private Optional<String> passwordOf(MoRef vm) throws VimException {
        Optional<XmlNode> extra = client.properties().one(vm, List.of("config.extraConfig")).flatMap(o -> o.get("config.extraConfig"));
        if (extra.isEmpty()) return Optional.empty();
        for (XmlNode option : extra.get().children()) {
            if (option.text("key").filter(GUESTINFO_PASSWORD::equals).isPresent()) return option.text("value");
        }
        return Optional.empty();
    }

    /**
     * Waits for VMware Tools to report an address: the primary one if it is a usable IPv4 address, else the
     * first usable address of any NIC.
     */
    private String waitForAddress(MoRef vm, String name, String image) throws VimException, ProvisioningException {
        long deadline = System.nanoTime() + settings.ipTimeout().toNanos();
        Duration poll = Duration.ofMillis(200);
        while (true) {
            Optional<ObjectContent> props = client.properties().one(vm, List.of("guest.ipAddress", "guest.net"));
            if (props.isEmpty()) throw new ProvisioningException("VM " + name + " disappeared while booting", true);
            Optional<String> address = GuestAddress.pick(props.get());
            if (address.isPresent()) return address.get();
            if (System.nanoTime() >= deadline) {
                throw new ProvisioningException("VM " + name + " reported no IP address within " + settings.ipTimeout().toSeconds()
                        + " s; check that template '" + settings.templateFor(image) + "' runs VMware Tools and gets an address", false);
            }
            if (Thread.currentThread().isInterrupted()) throw new ProvisioningException("waiting for " + name + " was interrupted", true);
            Pause.of(poll);
            poll = poll.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : poll.multipliedBy(2);
        }
    }

    /** Powers off and destroys the reservation's VM; nothing there is fine. Only a VM with Berth's name for it is touched. */
    void destroy(long reservationId, String instanceId) throws VimException {
        try {
            destroyIn(reservationId, instanceId);
        } catch (VimException e) {
            if (!stale(e)) throw e;
            destroyIn(reservationId, instanceId);
        }
    }

    private void destroyIn(long reservationId, String instanceId) throws VimException {
        String name = naming.name(reservationId);
        MoRef vm = null;
        if (instanceId != null) {
            MoRef byId = new MoRef("VirtualMachine", instanceId);
            Optional<String> actual = client.properties().one(byId, List.of("name")).flatMap(o -> o.string("name"));
            if (actual.isPresent() && actual.get().equals(name)) vm = byId;
        }
        if (vm == null) vm = client.vms().findChild(inventory.scope().berthFolder(), name).orElse(null);
        if (vm == null) return;
        client.vms().powerOff(vm, settings.taskTimeout());
        client.vms().destroy(vm, settings.taskTimeout());
        log.info("destroyed VM {} ({}) of reservation {}", name, vm.value(), reservationId);
    }

    private String oneTimePassword() {
        char[] p = new char[14];
        for (int i = 0; i < p.length; i++) p[i] = PASSWORD_CHARS[random.nextInt(PASSWORD_CHARS.length)];
        return new String(p);
    }
}
