package io.berth.rm.vsphere;

import io.berth.core.domain.Host;
import io.berth.metrics.HostSample;
import io.berth.metrics.LoadMonitor;
import io.berth.rm.vsphere.soap.EntitySample;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.PerformanceReader;
import io.berth.rm.vsphere.soap.VimClient;
import io.berth.rm.vsphere.soap.VimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the load model from vCenter's real-time (20 s) performance counters: per host cpu.usage.average and
 * mem.usage.average (hundredths of a percent), net and disk usage (KB/s) where the host has them; per Berth VM its
 * share of its host's CPU, for the rebalancer's choice of VM. A host without counters (statistics off, or an
 * endpoint without a performance manager) is read from summary.quickStats instead.
 */
final class MetricsPoller {
    private static final Logger log = LoggerFactory.getLogger(MetricsPoller.class);
    static final String CPU = "cpu.usage.average";
    static final String MEMORY = "mem.usage.average";
    static final String NET = "net.usage.average";
    static final String DISK = "disk.usage.average";
    private static final List<String> HOST_COUNTERS = List.of(CPU, MEMORY, NET, DISK);
    private static final Duration RETRY_COUNTERS_AFTER = Duration.ofMinutes(10);

    private final VimClient client;
    private final VsphereInventory inventory;
    private final LoadMonitor hostLoads;
    private final LoadMonitor vmLoads;
    private final Clock clock;
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile Instant countersUnavailableUntil = Instant.MIN;

    /** What one round measured, for tests: hosts sampled from counters, from quickStats, and VMs. */
    record Round(int fromCounters, int fromQuickStats, int vms) {}

    MetricsPoller(VimClient client, VsphereInventory inventory, LoadMonitor hostLoads, LoadMonitor vmLoads, Clock clock) {
        this.client = client;
        this.inventory = inventory;
        this.hostLoads = hostLoads;
        this.vmLoads = vmLoads;
        this.clock = clock;
    }

    /** The endpoint's clock minus ours: its sample times are moved by this into our time. */
    void clockOffset(Duration offset) {
        this.clockOffset = offset;
    }

    Round sample(List<Host> hosts, List<EsxHost> esxHosts) throws VimException {
        Map<String, Host> byMoid = new HashMap<>();
        for (Host h : hosts) if (h.externalId() != null) byMoid.put(h.externalId(), h);
        Map<String, EsxHost> sizes = new HashMap<>();
        for (EsxHost e : esxHosts) sizes.put(e.ref().value(), e);
        List<MoRef> connected = esxHosts.stream().filter(e -> "connected".equals(e.connectionState()) && byMoid.containsKey(e.ref().value()))
                .map(EsxHost::ref).toList();

        Map<String, EntitySample> counters = new HashMap<>();
        if (clock.instant().isAfter(countersUnavailableUntil)) {
            try {
                for (EntitySample s : client.performance().newest(connected, HOST_COUNTERS, PerformanceReader.REAL_TIME_SECONDS)) {
                    counters.put(s.entity().value(), s);
                }
            } catch (io.berth.rm.vsphere.soap.SoapFault f) {
                countersUnavailableUntil = clock.instant().plus(RETRY_COUNTERS_AFTER);
                log.warn("vCenter's performance counters are unavailable ({}); using summary.quickStats for {} min",
                        f.getMessage(), RETRY_COUNTERS_AFTER.toMinutes());
            }
        }
        int fromCounters = 0;
        List<MoRef> rest = new ArrayList<>();
        for (MoRef ref : connected) {
            EntitySample s = counters.get(ref.value());
            if (s != null && s.values().containsKey(CPU) && s.values().containsKey(MEMORY)) {
                accept(byMoid.get(ref.value()), sizes.get(ref.value()), s);
                fromCounters++;
            } else {
                rest.add(ref);
            }
        }
        int fromQuickStats = rest.isEmpty() ? 0 : quickStats(rest, byMoid);
        int vms = vmLoads == null ? 0 : sampleVms(byMoid, sizes);
        return new Round(fromCounters, fromQuickStats, vms);
    }

    private void accept(Host host, EsxHost esx, EntitySample s) {
        double memoryTotalMb = Math.max(1, esx.memoryBytes() >> 20);
        double cpu = s.values().get(CPU) / 10_000.0;
        double memoryUsed = Math.min(memoryTotalMb, s.values().get(MEMORY) / 10_000.0 * memoryTotalMb);
        // vCenter reports KB/s; the load model counts kilobits per second.
        double net = s.values().containsKey(NET) ? s.values().get(NET) * 8.0 : Double.NaN;
        double disk = s.values().containsKey(DISK) ? s.values().get(DISK) * 8.0 : Double.NaN;
        hostLoads.accept(new HostSample(host.id(), ourTime(s.at()), cpu, memoryUsed, memoryTotalMb, disk, net, HostSample.UNKNOWN_VM_COUNT));
    }

    /** The fallback: CPU MHz in use over the host's MHz, memory MB in use over its memory, as of now. */
    private int quickStats(List<MoRef> refs, Map<String, Host> byMoid) throws VimException {
        int n = 0;
        Instant now = clock.instant();
        for (MoRef ref : refs) {
            var props = client.properties().one(ref, List.of("summary.quickStats.overallCpuUsage", "summary.quickStats.overallMemoryUsage",
                    "summary.hardware.cpuMhz", "summary.hardware.numCpuCores", "summary.hardware.memorySize"));
            if (props.isEmpty()) continue;
            ObjectContent p = props.get();
            double mhz = p.number("summary.hardware.cpuMhz").orElse(0L) * (double) p.number("summary.hardware.numCpuCores").orElse(0L);
            double memoryTotalMb = p.number("summary.hardware.memorySize").orElse(0L) >> 20;
            var cpuUsed = p.number("summary.quickStats.overallCpuUsage");
            var memUsed = p.number("summary.quickStats.overallMemoryUsage");
            if (mhz <= 0 || memoryTotalMb <= 0 || cpuUsed.isEmpty() || memUsed.isEmpty()) continue;
            hostLoads.accept(HostSample.of(byMoid.get(ref.value()).id(), now, cpuUsed.get() / mhz,
                    Math.min(memoryTotalMb, memUsed.get()), memoryTotalMb));
            n++;
        }
        return n;
    }

    /** Each running VM of Berth's: its CPU as a share of its host's, keyed by reservation (as the rebalancer reads it). */
    private int sampleVms(Map<String, Host> byMoid, Map<String, EsxHost> sizes) throws VimException {
        if (!clock.instant().isAfter(countersUnavailableUntil)) return 0;
        Map<MoRef, BerthVm> running = new HashMap<>();
        for (BerthVm vm : inventory.berthVms()) {
            if (vm.poweredOn() && vm.host() != null && sizes.containsKey(vm.host().value())) running.put(vm.ref(), vm);
        }
        if (running.isEmpty()) return 0;
        int n = 0;
        for (EntitySample s : client.performance().newest(List.copyOf(running.keySet()), List.of(CPU), PerformanceReader.REAL_TIME_SECONDS)) {
            BerthVm vm = running.get(s.entity());
            Long usage = s.values().get(CPU);
            if (vm == null || usage == null) continue;
            EsxHost host = sizes.get(vm.host().value());
            double share = usage / 10_000.0 * Math.max(1, vm.cpus()) / Math.max(1, host.cores());
            vmLoads.accept(new HostSample(vm.reservationId(), ourTime(s.at()), Math.min(1, share), vm.memoryMb(),
                    Math.max(1, host.memoryBytes() >> 20), Double.NaN, Double.NaN, HostSample.UNKNOWN_VM_COUNT));
            n++;
        }
        return n;
    }

    /** A sample time in our clock; never later than now (a sample from the future would block the next ones). */
    private Instant ourTime(Instant endpointTime) {
        Instant t = endpointTime.minus(clockOffset);
        Instant now = clock.instant();
        return t.isAfter(now) ? now : t;
    }
}
