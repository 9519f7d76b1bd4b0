package io.berth.placement.rebalance;

import io.berth.metrics.LoadMonitor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Which VM leaves an overloaded host next, by the settings' {@link VmSelection}. */
final class VmSelector {
    /** Samples a correlation looks back on. */
    private static final int CORRELATION_WINDOW = 30;

    private final VmSelection selection;
    private final LoadMonitor hostLoads;
    private final LoadMonitor vmLoads;
    private final Cooldowns cooldowns;
    private final Overload overload;
    private final Clock clock;

    VmSelector(VmSelection selection, LoadMonitor hostLoads, LoadMonitor vmLoads, Cooldowns cooldowns, Overload overload, Clock clock) {
        this.selection = selection;
        this.hostLoads = hostLoads;
        this.vmLoads = vmLoads;
        this.cooldowns = cooldowns;
        this.overload = overload;
        this.clock = clock;
    }

    /**
     * The next VM to leave {@code source}, whose VMs selected before already shed {@code shed} of its CPU; null if none
     * may. VMs in cooldown are noted and added to {@code tried}.
     */
    PlannedCluster.Vm next(PlannedCluster model, int source, Set<Long> tried, List<String> notes, double shed) {
        Instant now = clock.instant();
        List<PlannedCluster.Vm> options = new ArrayList<>();
        for (PlannedCluster.Vm vm : model.vmsOn(source)) {
            long id = vm.id();
            if (tried.contains(id) || !vm.instance.movable()) continue;
            if (cooldowns.active(vm, now)) {
                notes.add(cooldowns.note(vm));
                tried.add(id);
                continue;
            }
            options.add(vm);
        }
        if (options.isEmpty()) return null;
        if (selection == VmSelection.MC && vmLoads != null) return mostCorrelated(model, source, options);
        if (selection == VmSelection.COST) return cheapestRelief(model, source, options, shed);
        return options.stream().min(Comparator.comparingLong(PlannedCluster.Vm::memoryMb)
                .thenComparing(v -> -v.cpuShare)).orElseThrow();
    }

    private PlannedCluster.Vm mostCorrelated(PlannedCluster model, int source, List<PlannedCluster.Vm> options) {
        PlannedCluster.Vm best = null;
        double bestCorrelation = Double.NEGATIVE_INFINITY;
        for (PlannedCluster.Vm vm : options) {
            double c = correlation(model.ids[source], vm.id());
            if (c > bestCorrelation) {
                bestCorrelation = c;
                best = vm;
            }
        }
        return best;
    }

    /** The cheapest VM that ends the overload on its own; if none can, the biggest (the fewest moves). */
    private PlannedCluster.Vm cheapestRelief(PlannedCluster model, int source, List<PlannedCluster.Vm> options, double shed) {
        double excess = overload.excess(model, source, -shed);
        PlannedCluster.Vm cheapest = null, biggest = null;
        for (PlannedCluster.Vm vm : options) {
            if (vm.cpuShare >= excess && (cheapest == null || cost(vm) < cost(cheapest))) cheapest = vm;
            if (biggest == null || vm.cpuShare > biggest.cpuShare) biggest = vm;
        }
        return cheapest != null ? cheapest : biggest;
    }

    /** What a migration of the VM costs in performance: its CPU (slowed while it moves) × its memory (how long it takes). */
    private static double cost(PlannedCluster.Vm vm) {
        return vm.cpuShare * vm.memoryMb();
    }

    /** Pearson correlation of a VM's recent load with its host's; 0 when either has too little history. */
    private double correlation(long hostId, long reservationId) {
        double[] host = new double[CORRELATION_WINDOW];
        double[] vm = new double[CORRELATION_WINDOW];
        int hn = hostLoads.recentCpu(hostId, host);
        int vn = vmLoads.recentCpu(reservationId, vm);
        int n = Math.min(hn, vn);
        if (n < 3) return 0;
        int hOff = hn - n;
        int vOff = vn - n;
        double mh = 0, mv = 0;
        for (int i = 0; i < n; i++) {
            mh += host[hOff + i];
            mv += vm[vOff + i];
        }
        mh /= n;
        mv /= n;
        double cov = 0, vh = 0, vv = 0;
        for (int i = 0; i < n; i++) {
            double a = host[hOff + i] - mh, b = vm[vOff + i] - mv;
            cov += a * b;
            vh += a * a;
            vv += b * b;
        }
        return vh == 0 || vv == 0 ? 0 : cov / Math.sqrt(vh * vv);
    }
}
