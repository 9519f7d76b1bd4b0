package io.berth.simulation;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.RunningInstance;
import io.berth.core.reservation.ReservationState;
import io.berth.core.resource.CandidateHost;
import io.berth.placement.power.HostPowerModel;
import io.berth.placement.power.PowerCurve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's resource model: which VM runs on which host, what each asks for at each step (its trace × its
 * speed), what a host can give (its cores' speed; a VM no more than its own cores' worth), and which hosts are on
 * (a host is on while it runs a VM, and switched off, drawing nothing, once empty; it is woken when a VM comes), and
 * how much memory a VM holds (all of it when created, then the datacenter's running share).
 *
 * <p>It also shows itself to Berth as a resource manager does: hosts with inventories (VCPU counted in MIPS, so
 * Berth's CPU fractions are fractions of the host's MIPS; MEMORY_MB as a calendar resource), an image per VM type,
 * running instances and the capacity they hold, and the hosts' power curves for power-aware scoring.
 */
final class SimulatedDatacenter implements HostPowerModel {
    /** Allocation ratio of the VCPU (MIPS) inventory: CPU is admitted on live load, never by the calendar. */
    static final double CPU_ALLOCATION_RATIO = 64;

    final Datacenter spec;
    final int n;
    final int m;
    final HostType[] hostType;
    /** Index of each host's type in the datacenter's list (hosts of one type are interchangeable when idle). */
    final Integer[] hostTypeIndex;
    final long[] hostMips;
    final int[] coreMips;
    final long[] hostRam;
    final PowerCurve[] curve;
    final int[] vmTypeIndex;
    final VmType[] vmType;
    final Workload.VmTrace[] trace;
    final int[] vmHost;
    final int[][] hostVms;
    final int[] hostVmCount;
    final long[] usedRam;
    final long[] usedMips;

    final Pool pool;
    final List<Host> hosts;
    final Image[] images;
    private final RunningInstance[] instances;
    private final Map<Long, Resources> used = new HashMap<>();
    private final CandidateHost[] candidates;
    private final Resources[] capacity;
    private final Instant windowEnd;
    private boolean running;

    SimulatedDatacenter(Datacenter spec, Workload workload, Pool pool, Instant start) {
        this.spec = spec;
        this.pool = pool;
        this.n = spec.hostCount();
        this.m = workload.vms().size();
        hostType = new HostType[n];
        hostTypeIndex = new Integer[n];
        hostMips = new long[n];
        coreMips = new int[n];
        hostRam = new long[n];
        curve = new PowerCurve[n];
        hostVms = new int[n][4];
        hostVmCount = new int[n];
        usedRam = new long[n];
        usedMips = new long[n];
        candidates = new CandidateHost[n];
        capacity = new Resources[n];
        List<Host> hs = new ArrayList<>(n);
        int width = Integer.toString(n).length();
        for (int h = 0; h < n; h++) {
            HostType t = spec.hostType(h);
            hostType[h] = t;
            hostTypeIndex[h] = spec.hostTypes().indexOf(t);
            hostMips[h] = t.mips();
            coreMips[h] = t.mipsPerCore();
            hostRam[h] = t.ramMb();
            curve[h] = t.power();
            hs.add(new Host(h + 1, pool.id(), String.format("%s-%0" + width + "d", t.name(), h + 1), pool.resourceType(), HostState.AVAILABLE,
                    List.of(new Inventory(ResourceClass.VCPU, t.mips(), 0, CPU_ALLOCATION_RATIO), Inventory.of(ResourceClass.MEMORY_MB, t.ramMb())),
                    null));
            used.put((long) h + 1, Resources.NONE);
        }
        hosts = List.copyOf(hs);
        for (int h = 0; h < n; h++) capacity[h] = hosts.get(h).capacity();
        images = new Image[spec.vmTypes().size()];
        for (int k = 0; k < images.length; k++) {
            VmType t = spec.vmTypes().get(k);
            images[k] = new Image(k + 1, t.name(), t.mips() + " MIPS x " + t.cores() + " core(s), " + t.ramMb() + " MB", "", pool.resourceType(),
                    new Resources(Map.of(ResourceClass.VCPU, (long) t.mips() * t.cores(), ResourceClass.MEMORY_MB, t.ramMb())),
                    Integer.MAX_VALUE, Duration.ofDays(3650), List.of(), List.of());
        }
        vmTypeIndex = new int[m];
        vmType = new VmType[m];
        trace = workload.vms().toArray(Workload.VmTrace[]::new);
        vmHost = new int[m];
        Arrays.fill(vmHost, -1);
        instances = new RunningInstance[m];
        for (int v = 0; v < m; v++) {
            vmType[v] = spec.vmType(v, m);
            vmTypeIndex[v] = spec.vmTypes().indexOf(vmType[v]);
        }
        windowEnd = start.plus(spec.duration()).plus(Duration.ofDays(1));
    }

    // --- the resource model ---

    /** What VM v asks for at step k, in MIPS: its trace × its full speed. */
    double demand(int v, int step) {
        return trace[v].at(step) * vmType[v].mips() * vmType[v].cores();
    }

    /** The CPU host h gives a VM asking {@code mips}: at most its cores' worth of the host's cores. */
    double capped(int v, int h, double mips) {
        return Math.min(mips, (double) vmType[v].cores() * coreMips[h]);
    }

    /** The VM's memory: what a migration copies, and what it needs free on a host to be created there. */
    long vmRam(int v) {
        return vmType[v].ramMb();
    }

    /** The memory the VM holds on its host: all of it while it is created, then the datacenter's share while it runs. */
    long heldRam(int v) {
        return running ? Math.round(vmType[v].ramMb() * spec.memoryWhileRunning()) : vmType[v].ramMb();
    }

    /** The VMs are created: from now on they hold their running share of memory. */
    void start() {
        running = true;
        for (int h = 0; h < n; h++) {
            long ram = 0;
            for (int i = 0; i < hostVmCount[h]; i++) ram += heldRam(hostVms[h][i]);
            usedRam[h] = ram;
            changed(h);
        }
    }

    void place(int v, int h) {
        vmHost[v] = h;
        add(h, v);
        instances[v] = new RunningInstance(v + 1, h + 1, images[vmTypeIndex[v]], null, ReservationState.IN_USE, windowEnd, null);
    }

    void move(int v, int to, Instant at) {
        int from = vmHost[v];
        remove(from, v);
        add(to, v);
        vmHost[v] = to;
        instances[v] = new RunningInstance(v + 1, to + 1, images[vmTypeIndex[v]], null, ReservationState.IN_USE, windowEnd, at);
    }

    private void add(int h, int v) {
        if (hostVmCount[h] == hostVms[h].length) hostVms[h] = Arrays.copyOf(hostVms[h], hostVms[h].length * 2);
        hostVms[h][hostVmCount[h]++] = v;
        usedRam[h] += heldRam(v);
        usedMips[h] += (long) vmType[v].mips() * vmType[v].cores();
        changed(h);
    }

    private void remove(int h, int v) {
        int[] list = hostVms[h];
        for (int i = 0; i < hostVmCount[h]; i++) {
            if (list[i] == v) {
                // Keep the order of the others: the order VMs arrived on a host.
                System.arraycopy(list, i + 1, list, i, hostVmCount[h] - i - 1);
                hostVmCount[h]--;
                break;
            }
        }
        usedRam[h] -= heldRam(v);
        usedMips[h] -= (long) vmType[v].mips() * vmType[v].cores();
        changed(h);
    }

    private void changed(int h) {
        used.put((long) h + 1, usedRam[h] == 0 && usedMips[h] == 0 ? Resources.NONE
                : new Resources(Map.of(ResourceClass.VCPU, usedMips[h], ResourceClass.MEMORY_MB, usedRam[h])));
        candidates[h] = null;
    }

    boolean on(int h) {
        return hostVmCount[h] > 0;
    }

    // --- how Berth sees it ---

    Image image(int v) {
        return images[vmTypeIndex[v]];
    }

    int vmCoresOfImage(long imageId) {
        return spec.vmTypes().get((int) imageId - 1).cores();
    }

    long hostMips(int h) {
        return hostMips[h];
    }

    int coreMips(int h) {
        return coreMips[h];
    }

    CandidateHost candidate(int h) {
        CandidateHost c = candidates[h];
        if (c == null) {
            Host host = hosts.get(h);
            Resources u = used.get((long) h + 1);
            c = new CandidateHost(host, pool, u, capacity[h].minus(u));
            candidates[h] = c;
        }
        return c;
    }

    /** Until when the VMs' reservations hold their hosts (past the end of the run). */
    Instant windowEnd() {
        return windowEnd;
    }

    /** The cluster as the rebalancer sees it: hosts, the VMs running on them, and the capacity they hold. */
    ClusterSnapshot snapshot(Instant at) {
        List<RunningInstance> running = new ArrayList<>(m);
        for (RunningInstance i : instances) if (i != null) running.add(i);
        return new ClusterSnapshot(pool.resourceType(), at, List.of(pool), hosts, running, used);
    }

    @Override
    public PowerCurve curve(long hostId) {
        int h = (int) hostId - 1;
        return h >= 0 && h < n ? curve[h] : null;
    }

    @Override
    public boolean poweredOn(long hostId) {
        int h = (int) hostId - 1;
        return h >= 0 && h < n && on(h);
    }
}
