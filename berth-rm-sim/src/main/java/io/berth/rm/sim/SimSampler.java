package io.berth.rm.sim;

import io.berth.core.domain.Host;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.ResourceClass;
import io.berth.metrics.LoadMonitor;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the simulated VMs' profiles into host samples, as a hypervisor's counters would: a host's CPU is the
 * sum over its VMs of VCPUs × utilisation, over its physical VCPUs (capped at 100 %), its memory the sum of its
 * VMs' memory. Each VM's own share is reported too (keyed by reservation id), for the rebalancer's choice of VM.
 * Crashed hosts report nothing, so they go stale like a real dead host.
 */
final class SimSampler {
    private final LoadMonitor hosts;
    private final LoadMonitor vms;

    SimSampler(LoadMonitor hosts, LoadMonitor vms) {
        this.hosts = hosts;
        this.vms = vms;
    }

    void sample(List<Host> inventory, Collection<SimInstance> instances, Set<Long> crashed, Instant now) {
        Map<Long, List<SimInstance>> byHost = new HashMap<>();
        for (SimInstance i : instances) byHost.computeIfAbsent(i.hostId(), k -> new java.util.ArrayList<>()).add(i);
        long at = now.toEpochMilli();
        for (Host h : inventory) {
            if (crashed.contains(h.id())) continue;
            long cores = h.inventory(ResourceClass.VCPU).map(v -> v.total() - v.reserved()).orElse(0L);
            long memoryTotal = h.inventory(ResourceClass.MEMORY_MB).map(Inventory::total).orElse(1L);
            long memoryReserved = h.inventory(ResourceClass.MEMORY_MB).map(Inventory::reserved).orElse(0L);
            double busyCores = 0;
            long memory = memoryReserved;
            List<SimInstance> here = byHost.getOrDefault(h.id(), List.of());
            for (SimInstance vm : here) {
                double used = vm.vcpus() * vm.profile().at(now);
                busyCores += used;
                memory += vm.memoryMb();
                if (vms != null) {
                    vms.accept(vm.reservationId(), at, cores > 0 ? used / cores : 0, vm.memoryMb(), Math.max(1, memoryTotal),
                            Double.NaN, Double.NaN, -1);
                }
            }
            double cpu = cores > 0 ? Math.min(1.0, busyCores / cores) : 0;
            hosts.accept(h.id(), at, cpu, Math.min(memory, memoryTotal), Math.max(1, memoryTotal), Double.NaN, Double.NaN, here.size());
        }
    }
}
