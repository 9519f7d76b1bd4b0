package io.berth.server.metrics;

import io.berth.core.reservation.LifecycleObserver;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Berth's Prometheus metrics: reservations by state, placement and provisioning latency, API latency.
 * Reservation counts are read from the store when scraped, so they are right after a restart too.
 */
public final class BerthMetrics implements LifecycleObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Store store;
    private final Map<ReservationState, AtomicLong> byState = new EnumMap<>(ReservationState.class);
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public BerthMetrics(Store store) {
        this.store = store;
        for (ReservationState s : ReservationState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(s, value);
            Gauge.builder("berth.reservations", value, AtomicLong::doubleValue)
                    .description("Reservations in each lifecycle state").tag("state", s.name()).register(registry);
        }
    }

    @Override
    public void placementDecided(String resourceType, Duration took, boolean placed) {
        timer("berth.placement", "Time a resource manager's placement controller took to decide",
                "resource_type", resourceType, "outcome", placed ? "placed" : "no_host").record(took);
    }

    @Override
    public void provisioningFinished(String resourceType, Duration took, boolean succeeded) {
        timer("berth.provisioning", "Time from provisioning start to READY or failure",
                "resource_type", resourceType, "outcome", succeeded ? "ready" : "failed").record(took);
    }

    public void apiRequest(String method, String route, int status, Duration took) {
        timer("berth.http.requests", "API request latency", "method", method, "route", route, "status", Integer.toString(status))
                .record(took);
    }

    /** The Prometheus text exposition, with reservation counts refreshed from the store. */
    public String scrape() {
        Map<ReservationState, Long> counts = store.inTransaction(tx -> tx.reservations().countByState());
        byState.forEach((state, value) -> value.set(counts.getOrDefault(state, 0L)));
        return registry.scrape();
    }

    /** The timer of this name and tags, registered once: building and looking one up in the registry costs more than recording. */
    private Timer timer(String name, String description, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return timers.computeIfAbsent(key, k -> Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
    }
}
