package io.berth.placement.pipeline;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.placement.HostTable;
import io.berth.placement.LoadView;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Shared fixtures for the pipeline, policy, filter, rebalancer and property tests: pools, hosts, images,
 * requests, and load monitors fed with real samples on a clock moved by hand.
 */
public final class PlacementLab {
    public static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    public static final Duration INTERVAL = LoadMonitorSettings.defaults().interval();
    public static final long HOST_MEMORY_MB = 16_384;

    private PlacementLab() {}

    public static MutableClock clock() {
        return new MutableClock(NOW);
    }

    public static Pool pool(String policy, Map<String, String> settings) {
        return new Pool(1, "lab", "sim", "", policy, settings);
    }

    public static Host host(long id, HostState state, long vcpu, long memoryMb) {
        return new Host(id, 1, "h" + id, "sim", state,
                List.of(Inventory.of(ResourceClass.VCPU, vcpu), Inventory.of(ResourceClass.MEMORY_MB, memoryMb)), null);
    }

    public static Host host(long id, long vcpu) {
        return host(id, HostState.AVAILABLE, vcpu, HOST_MEMORY_MB);
    }

    /** A host whose VCPUs are overcommitted by {@code vcpuRatio}. */
    public static Host overcommitted(long id, long vcpu, double vcpuRatio) {
        return new Host(id, 1, "h" + id, "sim", HostState.AVAILABLE,
                List.of(new Inventory(ResourceClass.VCPU, vcpu, 0, vcpuRatio), Inventory.of(ResourceClass.MEMORY_MB, HOST_MEMORY_MB)), null);
    }

    public static Image image(long vcpu, long memoryMb) {
        return image(vcpu, memoryMb, Map.of());
    }

    public static Image image(long vcpu, long memoryMb, Map<String, Double> overcommitLimits) {
        return new Image(1, "img", "", "", "sim", Resources.of(vcpu, memoryMb, 0), 100, Duration.ofHours(4),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of(), overcommitLimits);
    }

    public static Resources vcpus(long vcpu) {
        return new Resources(Map.of(ResourceClass.VCPU, vcpu));
    }

    public static CandidateHost candidate(Pool pool, Host h, Resources used) {
        return new CandidateHost(h, pool, used, h.capacity().minus(used));
    }

    public static CandidateHost idle(Pool pool, Host h) {
        return candidate(pool, h, Resources.NONE);
    }

    public static PlacementRequest request(long reservationId, Image image, List<CandidateHost> candidates) {
        return request(reservationId, image, candidates, null, Map.of());
    }

    public static PlacementRequest request(long reservationId, Image image, List<CandidateHost> candidates, PlacementGroup group,
                                           Map<Long, Integer> members) {
        return new PlacementRequest(reservationId, image, new TimeWindow(NOW, NOW.plus(Duration.ofHours(1))), candidates, false,
                group, members);
    }

    /** A context over live load from {@code monitor} (null: none), as the engine would build it. */
    public static PlacementContext context(Pool pool, PlacementRequest request, LoadMonitor monitor, Instant now) {
        LoadView view = monitor == null ? null : LoadView.of(monitor);
        return new PlacementContext(request, pool, HostTable.of(request, request.candidates(), view, 0.5), now);
    }

    public static PlacementDecision place(PlacementController controller, Pool pool, PlacementRequest request, LoadMonitor monitor,
                                          Instant now) {
        return controller.place(context(pool, request, monitor, now));
    }

    public static long picked(PlacementDecision d) {
        if (!(d instanceof PlacementDecision.Chosen chosen)) {
            throw new AssertionError("expected a host, got none: " + d.explanation().summary() + " " + d.explanation().candidates());
        }
        return chosen.host().host().id();
    }

    /**
     * Feeds {@code cpu} as consecutive samples, one interval apart, the last one taken at {@code last}
     * (memory at a quarter of the host).
     */
    public static void feed(LoadMonitor monitor, long id, Instant last, double... cpu) {
        for (int k = 0; k < cpu.length; k++) {
            Instant at = last.minus(INTERVAL.multipliedBy(cpu.length - 1 - k));
            monitor.accept(id, at.toEpochMilli(), cpu[k], HOST_MEMORY_MB / 4.0, HOST_MEMORY_MB, Double.NaN, Double.NaN, 1);
        }
    }

    /** {@code n} samples of the same CPU, the last one at {@code last}. */
    public static void flat(LoadMonitor monitor, long id, Instant last, int n, double cpu) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, cpu);
        feed(monitor, id, last, values);
    }
}
