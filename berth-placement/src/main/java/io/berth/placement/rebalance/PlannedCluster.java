package io.berth.placement.rebalance;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.RunningInstance;
import io.berth.core.resource.CandidateHost;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.LoadView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as it would be after the moves planned so far: capacity held, CPU per host and group members
 * per host all follow each move. Checks of later moves (capacity, affinity, load) run against this planned
 * state, not the state before the plan.
 */
final class PlannedCluster {
    final Map<Long, Host> hosts = new LinkedHashMap<>();
    final Map<Long, Pool> poolOf = new HashMap<>();
    final Map<Long, Resources> used = new HashMap<>();
    final Map<Long, HostLoad> measured = new HashMap<>();
    /** CPU added to (or, negative, taken from) each host by the planned moves. */
    final Map<Long, Double> cpuDelta = new HashMap<>();
    final Map<Long, Vm> vms = new LinkedHashMap<>();
    final Map<Long, Integer> movesIn = new HashMap<>();
    final Map<Long, Integer> movesOut = new HashMap<>();

    /** An instance and its load as a fraction of its current host's CPU. */
    static final class Vm {
        final RunningInstance instance;
        long hostId;
        double cpuShare;

        Vm(RunningInstance instance, double cpuShare) {
            this.instance = instance;
            this.hostId = instance.hostId();
            this.cpuShare = cpuShare;
        }

        long vcpus() {
            return instance.image().minimum().get(ResourceClass.VCPU);
        }

        long memoryMb() {
            return instance.image().minimum().get(ResourceClass.MEMORY_MB);
        }
    }

    static PlannedCluster of(ClusterSnapshot snapshot, LoadMonitor hostLoads, LoadMonitor vmLoads) {
        PlannedCluster c = new PlannedCluster();
        Map<Long, Pool> pools = new HashMap<>();
        snapshot.pools().forEach(p -> pools.put(p.id(), p));
        for (Host h : snapshot.hosts()) {
            c.hosts.put(h.id(), h);
            c.poolOf.put(h.id(), pools.get(h.poolId()));
            c.used.put(h.id(), snapshot.usedByHost().getOrDefault(h.id(), Resources.NONE));
            c.measured.put(h.id(), hostLoads.load(h.id()));
        }
        Map<Long, List<RunningInstance>> byHost = new HashMap<>();
        for (RunningInstance i : snapshot.instances()) {
            if (c.hosts.containsKey(i.hostId())) byHost.computeIfAbsent(i.hostId(), k -> new ArrayList<>()).add(i);
        }
        for (var e : byHost.entrySet()) {
            HostLoad hl = c.measured.get(e.getKey());
            double hostCpu = hl.samples() == 0 ? 0 : finite(hl.effectiveCpu());
            long totalVcpus = e.getValue().stream().mapToLong(i -> i.image().minimum().get(ResourceClass.VCPU)).sum();
            for (RunningInstance i : e.getValue()) {
                HostLoad vl = vmLoads == null ? null : vmLoads.load(i.reservationId());
                long vcpus = i.image().minimum().get(ResourceClass.VCPU);
                double share = vl != null && vl.samples() > 0 && !vl.stale() ? vl.cpuEwma()
                        : totalVcpus == 0 ? 0 : hostCpu * vcpus / totalVcpus;
                // A VM uses at most its VCPUs' worth of its host: the target check assumes no more, so the plan must not
                // either (a host busier than its VMs' VCPUs explain, or a stale one counted as full, would otherwise
                // hand a VM several hosts' worth of CPU to carry to its target).
                share = Math.min(share, (double) vcpus / Math.max(1, c.cores(e.getKey())));
                c.vms.put(i.reservationId(), new Vm(i, share));
            }
        }
        return c;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 1.0;
    }

    long cores(long hostId) {
        return hosts.get(hostId).inventory(ResourceClass.VCPU).map(v -> v.total() - v.reserved()).orElse(1L);
    }

    /** The VM's CPU as a fraction of another host's CPU (hosts differ in size). */
    double shareOn(Vm vm, long hostId) {
        return vm.cpuShare * cores(vm.hostId) / Math.max(1, cores(hostId));
    }

    /** Planned CPU of a host: what it measures now, plus the planned moves. */
    double cpu(long hostId) {
        HostLoad l = measured.get(hostId);
        return finite(l.samples() == 0 ? l.pendingCpu() : l.effectiveCpu()) + cpuDelta.getOrDefault(hostId, 0.0);
    }

    void move(Vm vm, long toHostId) {
        long from = vm.hostId;
        double onTarget = shareOn(vm, toHostId);
        cpuDelta.merge(from, -vm.cpuShare, Double::sum);
        cpuDelta.merge(toHostId, onTarget, Double::sum);
        Resources demand = vm.instance.image().minimum();
        used.put(from, used.get(from).minus(demand));
        used.put(toHostId, used.get(toHostId).plus(demand));
        movesOut.merge(from, 1, Integer::sum);
        movesIn.merge(toHostId, 1, Integer::sum);
        vm.hostId = toHostId;
        vm.cpuShare = onTarget;
    }

    List<Vm> vmsOn(long hostId) {
        return vms.values().stream().filter(v -> v.hostId == hostId).toList();
    }

    /** Where the group's other members are planned to be. */
    Map<Long, Integer> groupMembers(String group, long exceptReservation) {
        Map<Long, Integer> out = new HashMap<>();
        for (Vm v : vms.values()) {
            if (v.instance.reservationId() != exceptReservation && v.instance.group() != null && v.instance.group().name().equals(group)) {
                out.merge(v.hostId, 1, Integer::sum);
            }
        }
        return out;
    }

    CandidateHost candidate(long hostId) {
        Host h = hosts.get(hostId);
        Resources u = used.get(hostId);
        return new CandidateHost(h, poolOf.get(hostId), u, h.capacity().minus(u));
    }

    /** Live load as planned: each host's measured load with the planned moves added as pending load. */
    LoadView plannedLoads() {
        return hostId -> {
            HostLoad l = measured.get(hostId);
            double delta = cpuDelta.getOrDefault(hostId, 0.0);
            if (delta == 0) return l;
            return new HostLoad(l.hostId(), l.samples(), l.lastSampleAt(), l.ageSeconds(), l.stale(), l.cpu(), l.cpuEwma(),
                    l.cpuP50(), l.cpuP95(), l.cpuMad(), l.cpuIqr(), l.cpuForecast(), l.memoryFraction(), l.memoryEwma(),
                    l.diskKbps(), l.netKbps(), l.vmCount(), l.pendingCpu() + delta, l.pendingMemoryMb(), l.stalePolicy(),
                    l.stalePenaltyCpu());
        };
    }
}
