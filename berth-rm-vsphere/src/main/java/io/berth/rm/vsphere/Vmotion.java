package io.berth.rm.vsphere;

import io.berth.core.domain.ResourceClass;
import io.berth.core.resource.MigrationException;
import io.berth.core.resource.MigrationRequest;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.VimClient;
import io.berth.rm.vsphere.soap.VimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Live-migrates a Berth VM to the host the core's migration chose (RelocateVM_Task with the target host and its
 * pool), and checks vCenter reports it there afterwards. While it moves, the target carries the VM as pending load.
 */
final class Vmotion {
    private static final Logger log = LoggerFactory.getLogger(Vmotion.class);

    private final VimClient client;
    private final VsphereInventory inventory;
    private final VmNaming naming;
    private final LoadMonitor hostLoads;
    private final LoadMonitor vmLoads;
    private final Duration taskTimeout;
    private final Duration sampleInterval;
    private final Clock clock;

    Vmotion(VimClient client, VsphereInventory inventory, VmNaming naming, LoadMonitor hostLoads, LoadMonitor vmLoads,
            Duration taskTimeout, Duration sampleInterval, Clock clock) {
        this.client = client;
        this.inventory = inventory;
        this.naming = naming;
        this.hostLoads = hostLoads;
        this.vmLoads = vmLoads;
        this.taskTimeout = taskTimeout;
        this.sampleInterval = sampleInterval;
        this.clock = clock;
    }

    void migrate(MigrationRequest request) throws MigrationException {
        String name = naming.name(request.reservationId());
        String key = "migration-" + request.reservationId();
        try {
            if (!inventory.scope().vCenter()) throw new MigrationException("a standalone ESX host cannot vMotion; point Berth at vCenter", false);
            if (request.instanceId() == null) throw new MigrationException("reservation " + request.reservationId() + " has no VM", false);
            MoRef vm = new MoRef("VirtualMachine", request.instanceId());
            Optional<String> actual = client.properties().one(vm, List.of("name")).flatMap(o -> o.string("name"));
            if (actual.isEmpty()) throw new MigrationException("VM " + name + " (" + vm.value() + ") no longer exists", false);
            if (!actual.get().equals(name)) throw new MigrationException(vm.value() + " is " + actual.get() + ", not Berth's " + name, false);
            MoRef target = HostDirectory.refOf(request.to());
            addPending(request, key);
            client.vms().relocate(vm, target, inventory.poolFor(target), taskTimeout);
            Optional<MoRef> now = client.properties().one(vm, List.of("runtime.host")).flatMap(o -> o.ref("runtime.host"));
            if (now.isEmpty() || !now.get().equals(target)) {
                throw new MigrationException("vCenter reports " + name + " on " + now.map(MoRef::value).orElse("no host")
                        + " after moving it to " + request.to().name(), true);
            }
            // From now on the target's samples include the VM: the pending load lasts one more sample.
            if (hostLoads != null) hostLoads.movePending(key, request.to().id(), clock.instant().plus(sampleInterval));
            log.info("vMotion of {} ({}) {} -> {} done", name, vm.value(), request.from().name(), request.to().name());
        } catch (VimException e) {
            removePending(key);
            throw Faults.migration(e, "moving " + name + " to " + request.to().name());
        } catch (MigrationException | RuntimeException e) {
            removePending(key);
            throw e;
        }
    }

    /** The VM's CPU (its measured share, else half its VCPUs) and memory show on the target until samples do. */
    private void addPending(MigrationRequest request, String key) {
        if (hostLoads == null) return;
        long targetCores = Math.max(1, request.to().inventory(ResourceClass.VCPU).map(v -> v.total() - v.reserved()).orElse(1L));
        long sourceCores = Math.max(1, request.from().inventory(ResourceClass.VCPU).map(v -> v.total() - v.reserved()).orElse(1L));
        HostLoad vm = vmLoads == null ? null : vmLoads.load(request.reservationId());
        double share = vm != null && vm.samples() > 0 && !vm.stale()
                ? vm.cpuEwma() * sourceCores / targetCores
                : 0.5 * request.image().minimum().get(ResourceClass.VCPU) / targetCores;
        hostLoads.addPending(request.to().id(), key, Math.min(1, share), request.image().minimum().get(ResourceClass.MEMORY_MB),
                clock.instant().plus(taskTimeout)); // until the move is over (then one sample more, see above)
    }

    private void removePending(String key) {
        if (hostLoads != null) hostLoads.removePending(key);
    }
}
