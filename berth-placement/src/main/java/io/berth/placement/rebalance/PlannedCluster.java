package io.berth.placement.rebalance;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.RunningInstance;
import io.berth.core.resource.CandidateHost;
import io.berth.metrics.Dispersion;
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.LocalRegression;
import io.berth.metrics.Percentiles;
import io.berth.placement.LoadView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as it would be after the moves planned so far: capacity held, CPU per host and group members
 * per host all follow each move. Checks of later moves (capacity, affinity, load) run against this planned
 * state, not the state before the plan.
 *
 * <p>Hosts are kept by index (their order in the snapshot) in plain arrays, so a plan over hundreds of hosts and
 * many moves stays cheap; {@link #index(long)} maps a host id to its index.
 */
final class PlannedCluster {
    final int n;
    final Host[] hosts;
    final long[] ids;
    final Pool[] pools;
    /** Usable VCPUs (total − reserved), at least 1: a VM's CPU share of a host scales with it. */
    final long[] cores;
    final Resources[] used;
    final long[] memoryUsed;
    final long[] memoryCapacity;
    /** The host's load as the detector judges it (see {@link OverloadDetector#prepare}). */
    final HostLoad[] measured;
    /** Measured CPU as planning counts it: effective CPU, or pending load if never sampled; a stale host counts as full. */
    final double[] base;
    /** CPU added to (or, negative, taken from) each host by the planned moves. */
    final double[] delta;
    final int[] movesIn;
    final int[] movesOut;
    /** Instances on each host in the snapshot, before any planned move. */
    final int[] initialVms;
    final List<List<Vm>> vmsOn;
    final Map<Long, Vm> vms = new LinkedHashMap<>();
    private final Resources[] capacity;
    private final CandidateHost[] candidates;
    /** {@link #plannedLoads()}' figures of hosts with planned moves, until the next move to or from the host. */
    private final HostLoad[] plannedLoad;
    private final Map<Long, Integer> sparseIndex;
    private final int[] denseIndex;
    private final long denseBase;
    private Map<Long, Integer> poolSizes;
    /** With {@link #trackIdle}: which hosts were idle when the plan began, by class, and which of them took planned VMs. */
    boolean[] idleAtStart;
    boolean[] wokenMark;
    List<Integer> woken;
    List<Integer> busyAtStart;
    /** Per class (in the order first met), the hosts idle when the plan began, in index order. */
    int[][] idleByClass;

    /** An instance and its load as a fraction of its current host's CPU. */
    static final class Vm {
        final RunningInstance instance;
        final long vcpus;
        final long memoryMb;
        int host;
        double cpuShare;

        Vm(RunningInstance instance, int host, double cpuShare) {
            this.instance = instance;
            this.host = host;
            this.cpuShare = cpuShare;
            this.vcpus = instance.image().minimum().get(ResourceClass.VCPU);
            this.memoryMb = instance.image().minimum().get(ResourceClass.MEMORY_MB);
        }

        long id() {
            return instance.reservationId();
        }

        long vcpus() {
            return vcpus;
        }

        long memoryMb() {
            return memoryMb;
        }
    }

    private PlannedCluster(ClusterSnapshot snapshot) {
        List<Host> list = snapshot.hosts();
        n = list.size();
        hosts = list.toArray(Host[]::new);
        ids = new long[n];
        pools = new Pool[n];
        cores = new long[n];
        used = new Resources[n];
        memoryUsed = new long[n];
        memoryCapacity = new long[n];
        measured = new HostLoad[n];
        base = new double[n];
        delta = new double[n];
        movesIn = new int[n];
        movesOut = new int[n];
        initialVms = new int[n];
        capacity = new Resources[n];
        candidates = new CandidateHost[n];
        plannedLoad = new HostLoad[n];
        vmsOn = new ArrayList<>(n);
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            ids[i] = hosts[i].id();
            min = Math.min(min, ids[i]);
            max = Math.max(max, ids[i]);
            vmsOn.add(new ArrayList<>(4));
        }
        // Host ids are usually dense (1..n): then an array maps them, else a hash map.
        if (n > 0 && max - min < 4L * n + 16) {
            denseBase = min;
            denseIndex = new int[(int) (max - min + 1)];
            Arrays.fill(denseIndex, -1);
            for (int i = 0; i < n; i++) denseIndex[(int) (ids[i] - min)] = i;
            sparseIndex = null;
        } else {
            denseBase = 0;
            denseIndex = null;
            sparseIndex = new HashMap<>();
            for (int i = 0; i < n; i++) sparseIndex.put(ids[i], i);
        }
    }

    static PlannedCluster of(ClusterSnapshot snapshot, LoadMonitor hostLoads, LoadMonitor vmLoads, OverloadDetector detector) {
        PlannedCluster c = new PlannedCluster(snapshot);
        Map<Long, Pool> pools = new HashMap<>();
        snapshot.pools().forEach(p -> pools.put(p.id(), p));
        int history = detector.historyNeeded();
        boolean byVms = detector.vmHistory() && vmLoads != null;
        double[] recent = history > 0 ? new double[history] : null;
        for (int i = 0; i < c.n; i++) {
            Host h = c.hosts[i];
            c.pools[i] = pools.get(h.poolId());
            c.cores[i] = Math.max(1, h.inventory(ResourceClass.VCPU).map(v -> v.total() - v.reserved()).orElse(1L));
            c.used[i] = snapshot.usedByHost().getOrDefault(h.id(), Resources.NONE);
            c.memoryUsed[i] = c.used[i].get(ResourceClass.MEMORY_MB);
            c.memoryCapacity[i] = h.inventory(ResourceClass.MEMORY_MB).map(io.berth.core.domain.Inventory::capacity).orElse(0L);
            // Judged by its VMs' history, a host's own window statistics are recomputed below: not worth computing here.
            HostLoad l = byVms ? hostLoads.loadWithoutWindow(h.id()) : hostLoads.load(h.id());
            if (recent != null && !byVms && l.samples() > 0) l = detector.prepare(l, recent, hostLoads.recentCpu(h.id(), recent));
            c.measured[i] = l;
            c.base[i] = finite(l.samples() == 0 ? l.pendingCpu() : l.effectiveCpu());
        }
        List<RunningInstance> instances = snapshot.instances();
        int[] hostOf = new int[instances.size()];
        long[] totalVcpus = new long[c.n];
        for (int k = 0; k < instances.size(); k++) {
            RunningInstance i = instances.get(k);
            hostOf[k] = c.index(i.hostId());
            if (hostOf[k] >= 0) totalVcpus[hostOf[k]] += i.image().minimum().get(ResourceClass.VCPU);
        }
        for (int k = 0; k < instances.size(); k++) {
            int h = hostOf[k];
            if (h < 0) continue;
            RunningInstance i = instances.get(k);
            HostLoad hl = c.measured[h];
            double hostCpu = hl.samples() == 0 ? 0 : finite(hl.effectiveCpu());
            HostLoad vl = vmLoads == null ? null : vmLoads.loadWithoutWindow(i.reservationId());
            long vcpus = i.image().minimum().get(ResourceClass.VCPU);
            double share = vl != null && vl.samples() > 0 && !vl.stale() ? vl.cpuEwma()
                    : totalVcpus[h] == 0 ? 0 : hostCpu * vcpus / totalVcpus[h];
            // A VM uses at most its VCPUs' worth of its host: the target check assumes no more, so the plan must not
            // either (a host busier than its VMs' VCPUs explain, or a stale one counted as full, would otherwise
            // hand a VM several hosts' worth of CPU to carry to its target).
            share = Math.min(share, (double) vcpus / c.cores[h]);
            Vm vm = new Vm(i, h, share);
            c.vms.put(i.reservationId(), vm);
            c.vmsOn.get(h).add(vm);
            c.initialVms[h]++;
        }
        if (byVms) c.judgeByVms(hostLoads.settings(), vmLoads, detector);
        return c;
    }

    /**
     * Replaces each host's window figures with those of the summed history of the VMs it runs now (newest samples
     * aligned), so a host that took or shed VMs is judged on the VMs it has. Its latest sample, EWMA and pending load
     * stay as measured. The figures are those of the VMs at the start of the plan; planned moves change a host's load
     * (what is compared with the threshold), not its threshold.
     */
    private void judgeByVms(LoadMonitorSettings settings, LoadMonitor vmLoads, OverloadDetector detector) {
        int w = settings.windowSize();
        double[] buf = new double[w];
        double[] sum = new double[w];
        double[] sorted = new double[w];
        double[] scratch = new double[w];
        for (int h = 0; h < n; h++) {
            List<Vm> on = vmsOn.get(h);
            HostLoad l = measured[h];
            if (l.samples() == 0) continue;
            Arrays.fill(sum, 0);
            int len = 0;
            for (Vm vm : on) {
                int k = vmLoads.recentCpu(vm.id(), buf);
                for (int j = 0; j < k; j++) sum[w - k + j] += buf[j];
                len = Math.max(len, k);
            }
            // A host that runs nothing has no history of its own: one idle sample (so a detector with a minimum
            // number of samples judges it by its fallback threshold once VMs are planned onto it).
            if (len == 0) len = 1;
            int from = w - len;
            System.arraycopy(sum, from, sorted, 0, len);
            Arrays.sort(sorted, 0, len);
            int f = Math.min(len, settings.forecastSamples());
            double forecast = LocalRegression.forecast(sum, w - f, f, settings.forecastHorizonIntervals(), new double[f + 2]);
            HostLoad v = new HostLoad(l.hostId(), len, l.lastSampleAt(), l.ageSeconds(), l.stale(), l.cpu(), l.cpuEwma(),
                    Percentiles.quantileSorted(sorted, 0, len, 0.5), Percentiles.quantileSorted(sorted, 0, len, 0.95),
                    Dispersion.madSorted(sorted, 0, len, scratch, 0), Dispersion.iqrSorted(sorted, 0, len),
                    Math.min(1, Math.max(0, forecast)), l.memoryFraction(), l.memoryEwma(), l.diskKbps(), l.netKbps(),
                    l.vmCount(), l.pendingCpu(), l.pendingMemoryMb(), l.stalePolicy(), l.stalePenaltyCpu());
            int need = detector.historyNeeded();
            measured[h] = need > 0 ? detector.prepare(v, Arrays.copyOfRange(sum, w - Math.min(need, len), w), Math.min(need, len)) : v;
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 1.0;
    }

    /** The index of a host id, or -1 if it is not in this cluster. */
    int index(long hostId) {
        if (denseIndex != null) {
            long k = hostId - denseBase;
            return k < 0 || k >= denseIndex.length ? -1 : denseIndex[(int) k];
        }
        Integer i = sparseIndex.get(hostId);
        return i == null ? -1 : i;
    }

    /**
     * Sorts the hosts into those idle when the plan begins (nothing on them, no load measured, forecast or planned),
     * by class, and the others, so target searches can skip interchangeable idle hosts without looking at each.
     */
    void trackIdle(java.util.function.LongFunction<Object> hostClass) {
        idleAtStart = new boolean[n];
        wokenMark = new boolean[n];
        woken = new ArrayList<>();
        busyAtStart = new ArrayList<>();
        Map<Object, List<Integer>> byClass = new LinkedHashMap<>();
        for (int h = 0; h < n; h++) {
            idleAtStart[h] = idle(h);
            if (idleAtStart[h]) byClass.computeIfAbsent(hostClass.apply(ids[h]), k -> new ArrayList<>()).add(h);
            else busyAtStart.add(h);
        }
        // Target searches walk these lists for every VM: plain arrays, no unboxing.
        idleByClass = byClass.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /** Nothing on it and no load measured, forecast or planned. */
    boolean idle(int h) {
        return vmsOn.get(h).isEmpty() && cpu(h) == 0 && projectedCpu(h) == 0 && memoryUsed[h] == 0;
    }

    /** Hosts in a pool. */
    int poolSize(long poolId) {
        if (poolSizes == null) {
            poolSizes = new HashMap<>();
            for (Host h : hosts) poolSizes.merge(h.poolId(), 1, Integer::sum);
        }
        return poolSizes.getOrDefault(poolId, 0);
    }

    /** The VM's CPU as a fraction of another host's CPU (hosts differ in size). */
    double shareOn(Vm vm, int host) {
        return vm.cpuShare * cores[vm.host] / cores[host];
    }

    /** Planned CPU of a host: what it measures now, plus the planned moves. */
    double cpu(int h) {
        return base[h] + delta[h];
    }

    /** Planned CPU a few intervals ahead: the load model's projection with the planned moves, never below {@link #cpu}. */
    double projectedCpu(int h) {
        HostLoad l = measured[h];
        double p = l.samples() == 0 ? l.pendingCpu() : l.projectedCpu();
        return Math.max(finite(p) + delta[h], cpu(h));
    }

    void move(Vm vm, int to) {
        int from = vm.host;
        if (woken != null && idleAtStart[to] && !wokenMark[to]) {
            wokenMark[to] = true;
            woken.add(to);
        }
        double onTarget = shareOn(vm, to);
        delta[from] -= vm.cpuShare;
        delta[to] += onTarget;
        Resources demand = vm.instance.image().minimum();
        used[from] = used[from].minus(demand);
        used[to] = used[to].plus(demand);
        memoryUsed[from] -= vm.memoryMb;
        memoryUsed[to] += vm.memoryMb;
        candidates[from] = null;
        candidates[to] = null;
        plannedLoad[from] = null;
        plannedLoad[to] = null;
        movesOut[from]++;
        movesIn[to]++;
        vmsOn.get(from).remove(vm);
        vmsOn.get(to).add(vm);
        vm.host = to;
        vm.cpuShare = onTarget;
    }

    /** Takes back a move planned by {@link #move}, counters included. */
    void undo(Vm vm, int back) {
        int to = vm.host;
        move(vm, back);
        movesIn[to]--;
        movesOut[back]--;
        movesIn[back]--;
        movesOut[to]--;
    }

    List<Vm> vmsOn(int h) {
        return vmsOn.get(h);
    }

    /** Where the group's other members are planned to be. */
    Map<Long, Integer> groupMembers(String group, long exceptReservation) {
        Map<Long, Integer> out = new HashMap<>();
        for (Vm v : vms.values()) {
            if (v.id() != exceptReservation && v.instance.group() != null && v.instance.group().name().equals(group)) {
                out.merge(ids[v.host], 1, Integer::sum);
            }
        }
        return out;
    }

    CandidateHost candidate(int h) {
        CandidateHost c = candidates[h];
        if (c == null) {
            if (capacity[h] == null) capacity[h] = hosts[h].capacity();
            c = new CandidateHost(hosts[h], pools[h], used[h], capacity[h].minus(used[h]));
            candidates[h] = c;
        }
        return c;
    }

    /** Live load as planned: each host's measured load with the planned moves added as pending load. */
    LoadView plannedLoads() {
        return hostId -> {
            int h = index(hostId);
            HostLoad l = measured[h];
            double d = delta[h];
            if (d == 0) return l;
            // Every target search reads every candidate's load: kept until a move changes the host.
            HostLoad p = plannedLoad[h];
            if (p == null) plannedLoad[h] = p = withPending(l, d);
            return p;
        };
    }

    private static HostLoad withPending(HostLoad l, double d) {
        return new HostLoad(l.hostId(), l.samples(), l.lastSampleAt(), l.ageSeconds(), l.stale(), l.cpu(), l.cpuEwma(),
                l.cpuP50(), l.cpuP95(), l.cpuMad(), l.cpuIqr(), l.cpuForecast(), l.memoryFraction(), l.memoryEwma(),
                l.diskKbps(), l.netKbps(), l.vmCount(), l.pendingCpu() + d, l.pendingMemoryMb(), l.stalePolicy(),
                l.stalePenaltyCpu());
    }
}
