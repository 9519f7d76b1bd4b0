package io.berth.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live load of every host, fed by the resource managers and read by placement and the rebalancer.
 *
 * <p><b>Writing.</b> {@link #accept} takes one sample per host per interval. A sample not strictly newer
 * than the host's newest (a late or re-delivered one) is dropped and counted, so windows stay in time order
 * and a retried delivery is not weighted twice. Accepting a sample allocates nothing once the host is known:
 * hosts live in primitive-keyed maps split over {@value #STRIPES} independently locked stripes, so many
 * resource-manager threads write without contending on one lock.
 *
 * <p><b>Reading.</b> {@link #load} gives a {@link HostLoad} snapshot. The window statistics (percentiles,
 * MAD, IQR, forecast) are computed at most once per host per sample, with a single sort, and cached until the
 * next sample; repeated reads between samples cost O(1) per host. Age and staleness are computed from the
 * injected clock on every read.
 *
 * <p><b>Staleness.</b> A host is stale when it has never delivered a sample or its newest sample was taken
 * more than {@code staleAfterIntervals × interval} before the clock's now.
 *
 * <p><b>Pending load.</b> {@link #addPending} records load that samples cannot show yet. It is summed into
 * {@link HostLoad#pendingCpu()} and {@link HostLoad#pendingMemoryMb()} until {@link #removePending} cancels it
 * or it expires: expiry happens when the host delivers a sample, accepted after the entry was added, taken at
 * or after {@code visibleAfter}. (A sample accepted earlier cannot contain a VM placed after it.)
 */
public final class LoadMonitor {
    static final int STRIPES = 64;
    private static final Logger log = LoggerFactory.getLogger(LoadMonitor.class);

    private final LoadMonitorSettings settings;
    private final Clock clock;
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final ConcurrentHashMap<String, PendingLoad> pendingByKey = new ConcurrentHashMap<>();
    /** Serialises pending-load changes; always taken before a stripe lock, never inside one. */
    private final Object pendingLock = new Object();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public LoadMonitor(LoadMonitorSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(settings);
        }
    }

    public LoadMonitor(Clock clock) {
        this(LoadMonitorSettings.defaults(), clock);
    }

    public LoadMonitorSettings settings() {
        return settings;
    }

    /**
     * Records a sample.
     *
     * @return true if accepted, false if dropped for not being newer than the host's newest sample
     */
    public boolean accept(HostSample sample) {
        return acceptValidated(sample.hostId(), sample.at().toEpochMilli(), sample.cpu(), sample.memoryUsedMb(),
                sample.memoryTotalMb(), sample.diskKbps(), sample.netKbps(), sample.vmCount());
    }

    /**
     * Records a sample given field by field, for a simulator that wants no allocation at all per sample.
     * Same checks and meaning as {@link HostSample}; the time is in epoch milliseconds.
     */
    public boolean accept(long hostId, long atEpochMillis, double cpu, double memoryUsedMb, double memoryTotalMb,
                          double diskKbps, double netKbps, int vmCount) {
        HostSample.validate(cpu, memoryUsedMb, memoryTotalMb, diskKbps, netKbps, vmCount);
        return acceptValidated(hostId, atEpochMillis, cpu, memoryUsedMb, memoryTotalMb, diskKbps, netKbps, vmCount);
    }

    private boolean acceptValidated(long hostId, long atMillis, double cpu, double memoryUsedMb, double memoryTotalMb,
                                    double diskKbps, double netKbps, int vmCount) {
        Stripe stripe = stripeOf(hostId);
        long previous;
        synchronized (stripe) {
            HostState host = stripe.hosts.get(hostId);
            if (host == null) {
                host = new HostState(settings);
                stripe.hosts.put(hostId, host);
            }
            previous = host.lastAtMillis;
            if (atMillis > previous) {
                host.record(atMillis, cpu, memoryUsedMb / memoryTotalMb, diskKbps, netKbps, vmCount);
                if (host.pending != null && !host.pending.isEmpty()) {
                    retireVisiblePending(host, atMillis);
                }
                accepted.increment();
                return true;
            }
        }
        dropped.increment();
        if (log.isDebugEnabled()) {
            log.debug("dropped a late sample of host {} taken at {} ms; its newest is at {} ms", hostId, atMillis, previous);
        }
        return false;
    }

    /** Caller holds the host's stripe lock. */
    private void retireVisiblePending(HostState host, long sampleMillis) {
        List<PendingLoad> pending = host.pending;
        boolean changed = false;
        for (int i = pending.size() - 1; i >= 0; i--) {
            PendingLoad entry = pending.get(i);
            if (entry.visibleIn(sampleMillis)) {
                pending.remove(i);
                // Conditional: a newer entry under the same key (a re-add or a move) must survive.
                pendingByKey.remove(entry.key(), entry);
                changed = true;
            }
        }
        if (changed) {
            host.sumPending();
        }
    }

    /**
     * Copies the host's newest CPU samples, oldest first, into {@code dst} (at most {@code dst.length} of them)
     * and returns how many it copied: for detectors that look at a stretch of history (sustained overload,
     * correlation between a VM and its host).
     */
    public int recentCpu(long hostId, double[] dst) {
        Stripe stripe = stripeOf(hostId);
        synchronized (stripe) {
            HostState host = stripe.hosts.get(hostId);
            return host == null ? 0 : host.cpu.lastN(dst.length, dst);
        }
    }

    /** The host's load now; a host never heard of reads as never sampled (and so stale). */
    public HostLoad load(long hostId) {
        long now = clock.millis();
        Stripe stripe = stripeOf(hostId);
        synchronized (stripe) {
            HostState host = stripe.hosts.get(hostId);
            if (host == null) {
                return neverSampled(hostId, 0, 0);
            }
            if (host.cpu.isEmpty()) {
                return neverSampled(hostId, host.pendingCpu, host.pendingMemoryMb);
            }
            WindowSummary summary = host.summary(stripe, settings);
            long ageMillis = now - host.lastAtMillis;
            return new HostLoad(hostId, host.cpu.size(), Instant.ofEpochMilli(host.lastAtMillis), ageMillis / 1000.0,
                    ageMillis > settings.staleAfterMillis(),
                    host.cpu.latest(), host.cpuEwma.value(), summary.p50(), summary.p95(), summary.mad(),
                    summary.iqr(), summary.forecast(), host.memory.latest(), host.memoryEwma.value(),
                    host.diskKbps, host.netKbps, host.vmCount, host.pendingCpu, host.pendingMemoryMb,
                    settings.stalePolicy(), settings.stalePenaltyCpu());
        }
    }

    /**
     * The host's load now without its window statistics: percentiles, MAD, IQR and forecast are {@code NaN}. For
     * callers that need only the newest sample, the EWMA, staleness and pending load, and not the cost of computing
     * the window statistics of every host they read (a rebalancer reading each VM's share, say).
     */
    public HostLoad loadWithoutWindow(long hostId) {
        long now = clock.millis();
        Stripe stripe = stripeOf(hostId);
        synchronized (stripe) {
            HostState host = stripe.hosts.get(hostId);
            if (host == null) {
                return neverSampled(hostId, 0, 0);
            }
            if (host.cpu.isEmpty()) {
                return neverSampled(hostId, host.pendingCpu, host.pendingMemoryMb);
            }
            long ageMillis = now - host.lastAtMillis;
            double nan = Double.NaN;
            return new HostLoad(hostId, host.cpu.size(), Instant.ofEpochMilli(host.lastAtMillis), ageMillis / 1000.0,
                    ageMillis > settings.staleAfterMillis(),
                    host.cpu.latest(), host.cpuEwma.value(), nan, nan, nan, nan, nan, host.memory.latest(), host.memoryEwma.value(),
                    host.diskKbps, host.netKbps, host.vmCount, host.pendingCpu, host.pendingMemoryMb,
                    settings.stalePolicy(), settings.stalePenaltyCpu());
        }
    }

    private HostLoad neverSampled(long hostId, double pendingCpu, double pendingMemoryMb) {
        double nan = Double.NaN;
        return new HostLoad(hostId, 0, null, Double.POSITIVE_INFINITY, true, nan, nan, nan, nan, nan, nan, nan,
                nan, nan, nan, nan, HostSample.UNKNOWN_VM_COUNT, pendingCpu, pendingMemoryMb,
                settings.stalePolicy(), settings.stalePenaltyCpu());
    }

    /**
     * Records load placed or migrated onto a host that its samples cannot show yet. A key already pending
     * (on any host) is replaced, so a retried placement does not count twice.
     */
    public void addPending(long hostId, String key, double cpu, double memoryMb, Instant visibleAfter) {
        PendingLoad entry = new PendingLoad(key, hostId, cpu, memoryMb, visibleAfter);
        synchronized (pendingLock) {
            PendingLoad replaced = pendingByKey.put(key, entry);
            if (replaced != null) {
                detach(replaced);
            }
            attach(entry);
        }
    }

    /**
     * Moves a pending entry to another host with a new {@code visibleAfter}, keeping its CPU and memory
     * (a migration re-targeted, or a placement moved before it became visible).
     *
     * @return false if nothing is pending under the key
     */
    public boolean movePending(String key, long toHostId, Instant visibleAfter) {
        synchronized (pendingLock) {
            PendingLoad old = pendingByKey.get(key);
            if (old == null) {
                return false;
            }
            PendingLoad moved = new PendingLoad(key, toHostId, old.cpu(), old.memoryMb(), visibleAfter);
            pendingByKey.put(key, moved);
            detach(old);
            attach(moved);
            return true;
        }
    }

    /**
     * Cancels pending load (the placement was abandoned, or the migration failed).
     *
     * @return false if nothing was pending under the key (already visible, removed, or never added)
     */
    public boolean removePending(String key) {
        synchronized (pendingLock) {
            PendingLoad entry = pendingByKey.remove(key);
            if (entry == null) {
                return false;
            }
            detach(entry);
            return true;
        }
    }

    /** The entries pending on a host, oldest first. */
    public List<PendingLoad> pending(long hostId) {
        Stripe stripe = stripeOf(hostId);
        synchronized (stripe) {
            HostState host = stripe.hosts.get(hostId);
            return host == null || host.pending == null ? List.of() : List.copyOf(host.pending);
        }
    }

    /** Caller holds {@link #pendingLock}. */
    private void attach(PendingLoad entry) {
        Stripe stripe = stripeOf(entry.hostId());
        synchronized (stripe) {
            HostState host = stripe.hosts.get(entry.hostId());
            if (host == null) {
                // Placement may target a host that has not reported yet; its pending load still counts.
                host = new HostState(settings);
                stripe.hosts.put(entry.hostId(), host);
            }
            if (host.pending == null) {
                host.pending = new ArrayList<>(4);
            }
            host.pending.add(entry);
            host.sumPending();
        }
    }

    /** Caller holds {@link #pendingLock}. Removing an entry that already expired is a no-op. */
    private void detach(PendingLoad entry) {
        Stripe stripe = stripeOf(entry.hostId());
        synchronized (stripe) {
            HostState host = stripe.hosts.get(entry.hostId());
            if (host != null && host.pending != null) {
                for (int i = 0; i < host.pending.size(); i++) {
                    if (host.pending.get(i) == entry) {
                        host.pending.remove(i);
                        host.sumPending();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Forgets a host that was removed: its samples and its pending load.
     *
     * @return false if the host was not known
     */
    public boolean forget(long hostId) {
        synchronized (pendingLock) {
            Stripe stripe = stripeOf(hostId);
            HostState removed;
            synchronized (stripe) {
                removed = stripe.hosts.remove(hostId);
            }
            if (removed == null) {
                return false;
            }
            if (removed.pending != null) {
                for (PendingLoad entry : removed.pending) {
                    pendingByKey.remove(entry.key(), entry);
                }
            }
            log.debug("forgot host {}", hostId);
            return true;
        }
    }

    /** Every host that has delivered a sample or has pending load, ascending. */
    public long[] hosts() {
        long[] ids = new long[16];
        int count = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                int needed = count + stripe.hosts.size();
                if (needed > ids.length) {
                    ids = Arrays.copyOf(ids, Math.max(needed, ids.length * 2));
                }
                count = stripe.hosts.copyKeys(ids, count);
            }
        }
        long[] result = Arrays.copyOf(ids, count);
        Arrays.sort(result);
        return result;
    }

    /** Samples accepted since the monitor was created. */
    public long acceptedSamples() {
        return accepted.sum();
    }

    /** Samples dropped for not being newer than their host's newest. */
    public long droppedSamples() {
        return dropped.sum();
    }

    private Stripe stripeOf(long hostId) {
        return stripes[(int) (LongKeyedMap.mix(hostId) >>> 58)]; // top 6 bits: 64 stripes
    }

    /** A lock, the hosts it guards, and work arrays for the statistics of whichever of them is being read. */
    private static final class Stripe {
        final LongKeyedMap<HostState> hosts = new LongKeyedMap<>();
        final double[] sorted;
        final double[] deviations;
        final double[] forecastInput;
        final double[] forecastScratch;

        Stripe(LoadMonitorSettings settings) {
            sorted = new double[settings.windowSize()];
            deviations = new double[settings.windowSize()];
            forecastInput = new double[settings.forecastSamples()];
            forecastScratch = new double[settings.forecastSamples() + 2];
        }
    }

    private record WindowSummary(double p50, double p95, double mad, double iqr, double forecast) {}

    /** One host's samples and pending load. Guarded by its stripe's lock. */
    private static final class HostState {
        final SampleWindow cpu;
        final SampleWindow memory;
        final EwmaState cpuEwma;
        final EwmaState memoryEwma;
        long lastAtMillis = Long.MIN_VALUE;
        double diskKbps = Double.NaN;
        double netKbps = Double.NaN;
        int vmCount = HostSample.UNKNOWN_VM_COUNT;
        /** Window statistics as of the newest sample; null until computed after it. */
        WindowSummary summary;
        List<PendingLoad> pending;
        double pendingCpu;
        double pendingMemoryMb;

        HostState(LoadMonitorSettings settings) {
            cpu = new SampleWindow(settings.windowSize());
            memory = new SampleWindow(settings.windowSize());
            cpuEwma = new EwmaState(settings.ewmaAlpha());
            memoryEwma = new EwmaState(settings.ewmaAlpha());
        }

        void record(long atMillis, double cpuFraction, double memoryFraction, double disk, double net, int vms) {
            lastAtMillis = atMillis;
            cpu.add(atMillis, cpuFraction);
            memory.add(atMillis, memoryFraction);
            cpuEwma.update(cpuFraction);
            memoryEwma.update(memoryFraction);
            diskKbps = disk;
            netKbps = net;
            vmCount = vms;
            summary = null;
        }

        /** Re-adds from scratch rather than adjusting, so sums never drift from the entries. */
        void sumPending() {
            double c = 0;
            double m = 0;
            for (PendingLoad p : pending) {
                c += p.cpu();
                m += p.memoryMb();
            }
            pendingCpu = c;
            pendingMemoryMb = m;
        }

        WindowSummary summary(Stripe work, LoadMonitorSettings settings) {
            if (summary == null) {
                int n = cpu.copyValues(work.sorted);
                Arrays.sort(work.sorted, 0, n); // the only sort: quantiles, IQR and MAD all read this
                double p50 = Percentiles.quantileSorted(work.sorted, 0, n, 0.5);
                double p95 = Percentiles.quantileSorted(work.sorted, 0, n, 0.95);
                double iqr = Dispersion.iqrSorted(work.sorted, 0, n);
                double mad = Dispersion.madSorted(work.sorted, 0, n, work.deviations, 0);
                int m = cpu.lastN(settings.forecastSamples(), work.forecastInput);
                double forecast = LocalRegression.forecast(work.forecastInput, 0, m,
                        settings.forecastHorizonIntervals(), work.forecastScratch);
                summary = new WindowSummary(p50, p95, mad, iqr, Math.min(1, Math.max(0, forecast)));
            }
            return summary;
        }
    }
}
