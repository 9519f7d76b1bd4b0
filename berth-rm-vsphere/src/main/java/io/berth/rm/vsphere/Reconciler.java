package io.berth.rm.vsphere;

import io.berth.core.resource.LiveInstance;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.VimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Makes vCenter and Berth agree, at start and then periodically:
 * <ul>
 *   <li>a VM of Berth's (its name carries the mark) with no live reservation is an orphan — left by a crash between
 *       a clone and its record, or by a reclaim that never ran — and is destroyed once it has been one for the
 *       grace period (so a clone racing with this pass is never mistaken for one);</li>
 *   <li>a running reservation whose VM is gone (deleted in vCenter by hand, say) becomes FAILED with the cause, which
 *       releases its capacity;</li>
 *   <li>a VM running elsewhere than its reservation's host (moved by DRS or by hand) is reported: Berth's calendar and
 *       load model still count it on its old host, which is why DRS must leave Berth's VMs alone (docs/vsphere.md).</li>
 * </ul>
 * Reservations are read before VMs: a VM made after the read belongs to a reservation that was already live, and
 * a VM missing from the listing was missing after the reservation's instance had been recorded.
 */
final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final String resourceType;
    private final VsphereInventory inventory;
    private final Provisioner provisioner;
    private final io.berth.rm.vsphere.soap.PropertyReader properties;
    private final Duration grace;
    private final Clock clock;
    private final Map<MoRef, Instant> orphanSince = new ConcurrentHashMap<>();

    /** What one pass did, for logs and tests. */
    record Outcome(List<String> destroyed, List<Long> failed, int orphansWaiting, List<Long> movedOutsideBerth) {}

    Reconciler(String resourceType, VsphereInventory inventory, Provisioner provisioner, io.berth.rm.vsphere.soap.PropertyReader properties,
               Duration grace, Clock clock) {
        this.resourceType = resourceType;
        this.inventory = inventory;
        this.provisioner = provisioner;
        this.properties = properties;
        this.grace = grace;
        this.clock = clock;
    }

    synchronized Outcome reconcile(ResourceManagerContext context) throws VimException {
        List<LiveInstance> live = context.liveInstances(resourceType);
        List<BerthVm> vms = inventory.berthVms();
        Instant now = clock.instant();

        Set<Long> liveIds = live.stream().map(LiveInstance::reservationId).collect(Collectors.toSet());
        List<String> destroyed = new java.util.ArrayList<>();
        Set<MoRef> stillOrphans = new HashSet<>();
        for (BerthVm vm : vms) {
            if (liveIds.contains(vm.reservationId())) continue;
            Instant since = orphanSince.computeIfAbsent(vm.ref(), k -> now);
            if (Duration.between(since, now).compareTo(grace) < 0) {
                stillOrphans.add(vm.ref());
                continue;
            }
            try {
                provisioner.destroy(vm.reservationId(), vm.ref().value());
                destroyed.add(vm.name());
                log.warn("destroyed orphan VM {} ({}): reservation {} is not live in Berth", vm.name(), vm.ref().value(), vm.reservationId());
            } catch (VimException e) {
                stillOrphans.add(vm.ref());
                log.warn("could not destroy orphan VM {}; next pass tries again: {}", vm.name(), e.getMessage());
            }
        }
        orphanSince.keySet().retainAll(stillOrphans);

        Map<String, BerthVm> byId = vms.stream().collect(Collectors.toMap(v -> v.ref().value(), Function.identity(), (a, b) -> a));
        Set<Long> withVm = vms.stream().map(BerthVm::reservationId).collect(Collectors.toSet());
        List<Long> failed = new java.util.ArrayList<>();
        for (LiveInstance i : live) {
            if (!i.running() || i.instanceId() == null) continue;
            if (byId.containsKey(i.instanceId()) || withVm.contains(i.reservationId())) continue;
            // Missing from the folder's listing is not proof (moved to another folder, hidden by a permission change):
            // only vCenter saying the object does not exist is.
            if (properties.one(new MoRef("VirtualMachine", i.instanceId()), List.of("name")).isPresent()) {
                log.warn("VM {} of reservation {} exists but is not in Berth's folder; leaving it", i.instanceId(), i.reservationId());
                continue;
            }
            String cause = "its VM (" + i.instanceId() + ") no longer exists in vCenter";
            if (context.instanceLost(i.reservationId(), cause)) failed.add(i.reservationId());
        }
        List<Long> moved = movedOutsideBerth(context, live, byId);
        if (!destroyed.isEmpty() || !failed.isEmpty()) {
            log.info("reconciliation: destroyed {} orphan VM(s) {}, failed {} reservation(s) {} whose VM vanished",
                    destroyed.size(), destroyed, failed.size(), failed);
        }
        return new Outcome(destroyed, failed, stillOrphans.size(), moved);
    }

    private List<Long> movedOutsideBerth(ResourceManagerContext context, List<LiveInstance> live, Map<String, BerthVm> byId) {
        Map<Long, String> moidOf = new java.util.HashMap<>();
        for (var h : context.hosts(resourceType)) if (h.externalId() != null) moidOf.put(h.id(), h.externalId());
        List<Long> moved = new java.util.ArrayList<>();
        for (LiveInstance i : live) {
            BerthVm vm = i.instanceId() == null ? null : byId.get(i.instanceId());
            if (!i.running() || vm == null || vm.host() == null || i.hostId() == null) continue;
            String expected = moidOf.get(i.hostId());
            if (expected != null && !expected.equals(vm.host().value())) {
                moved.add(i.reservationId());
                log.warn("VM {} of reservation {} runs on {} but Berth placed it on {}: it was moved outside Berth (DRS?)",
                        vm.name(), i.reservationId(), vm.host().value(), expected);
            }
        }
        return moved;
    }
}
