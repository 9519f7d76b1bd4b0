package io.berth.bench;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic pool for benchmarks: {@code n} hosts of mixed sizes, partly allocated, each with a window of
 * load samples, so every filter and scorer has real work to do. Deterministic for a seed.
 */
final class Datacenter {
    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    final Pool pool;
    final List<CandidateHost> candidates = new ArrayList<>();
    final LoadMonitor monitor;
    final Image image;
    final PlacementRequest request;

    Datacenter(int n, long seed, String policy) {
        SplittableRandom random = new SplittableRandom(seed);
        this.pool = new Pool(1, "bench", "sim", "", policy, Map.of());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        this.monitor = new LoadMonitor(LoadMonitorSettings.defaults().withWindowSize(30), clock);
        for (int i = 0; i < n; i++) {
            long cores = random.nextBoolean() ? 32 : 64;
            Host h = new Host(i + 1, 1, "h" + (i + 1), "sim", random.nextInt(50) == 0 ? HostState.MAINTENANCE : HostState.AVAILABLE,
                    List.of(new Inventory("VCPU", cores, 2, 4.0), Inventory.of("MEMORY_MB", cores * 8192), Inventory.of("DISK_GB", 4000)), null);
            long usedCpu = random.nextLong(0, cores * 4);
            Resources used = Resources.of(usedCpu, random.nextLong(0, cores * 8192), random.nextLong(0, 3000));
            candidates.add(new CandidateHost(h, pool, used, h.capacity().minus(used)));
            double base = random.nextDouble(0.05, 0.9);
            for (int s = 29; s >= 0; s--) {
                double cpu = Math.max(0, Math.min(1, base + random.nextDouble(-0.1, 0.1)));
                monitor.accept(h.id(), NOW.minusSeconds(20L * s).toEpochMilli(), cpu, cores * 4096.0, cores * 8192.0,
                        Double.NaN, Double.NaN, 10);
            }
        }
        this.image = new Image(1, "bench", "", "", "sim", Resources.of(4, 8192, 50), 1_000_000, Duration.ofHours(4),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of());
        this.request = new PlacementRequest(1, image, new TimeWindow(NOW, NOW.plus(Duration.ofHours(1))), candidates, false);
    }
}
