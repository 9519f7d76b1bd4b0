package io.berth.core.rebalance;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.CapacityCalendar;
import io.berth.core.domain.Host;
import io.berth.core.domain.Image;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.error.ConflictException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.event.ReservationEvent;
import io.berth.core.reservation.Migrations;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;
import io.berth.core.resource.MigrationReason;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.ReservationQuery;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs rebalances: takes a snapshot of a resource type's hosts and instances, asks its resource manager's
 * rebalancer for a plan, and (unless it is a dry run) carries the moves out one by one, re-checking each
 * against fresh state just before it runs. Also drains hosts put into maintenance, and carries out an admin's
 * move of one instance after the same checks.
 */
public final class RebalanceService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RebalanceService.class);
    private static final EnumSet<ReservationState> HOLDING = EnumSet.of(ReservationState.PLACED, ReservationState.PROVISIONING,
            ReservationState.READY, ReservationState.IN_USE, ReservationState.ENDING);

    /**
     * @param interval       how often the periodic rebalance runs per resource type; zero turns it off
     * @param horizon        capacity held over [now, now + horizon] counts when planning
     * @param moveTimeout    longest wait for one live migration
     */
    public record Settings(Duration interval, Duration horizon, Duration moveTimeout) {
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(10));
        }
    }

    /** What happened to one planned move: "migrated", "failed" or "skipped", and why. */
    public record MoveOutcome(PlannedMove move, String status, String detail) {}

    /** A plan and, unless it was a dry run, what became of each move. */
    public record Run(RebalancePlan plan, boolean dryRun, List<MoveOutcome> outcomes) {}

    private final Store store;
    private final ResourceManagers managers;
    private final Migrations migrations;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Run> lastRuns = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService timer;

    public RebalanceService(Store store, ResourceManagers managers, Migrations migrations, Clock clock, Settings settings) {
        this.store = store;
        this.managers = managers;
        this.migrations = migrations;
        this.clock = clock;
        this.settings = settings;
    }

    public void startTimer() {
        if (settings.interval().isZero() || settings.interval().isNegative()) return;
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rebalance-timer").factory());
        long period = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            for (ResourceManager m : managers.all()) {
                if (m.rebalancing().isEmpty() || !m.canMigrate()) continue;
                try {
                    rebalance(m.resourceType(), RebalanceTrigger.PERIODIC, false);
                } catch (RuntimeException e) {
                    log.warn("periodic rebalance of {} failed", m.resourceType(), e);
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Plans, and unless {@code dryRun}, carries out a rebalance of one resource type. One at a time per type. */
    public Run rebalance(String resourceType, RebalanceTrigger trigger, boolean dryRun) {
        ResourceManager manager = managers.forType(resourceType);
        Rebalancing rebalancing = manager.rebalancing()
                .orElseThrow(() -> new ConflictException("resource type " + resourceType + " has no rebalancer"));
        if (!dryRun && !manager.canMigrate()) throw new ConflictException("resource type " + resourceType + " cannot live-migrate");
        ReentrantLock lock = locks.computeIfAbsent(resourceType, k -> new ReentrantLock());
        if (!lock.tryLock()) throw new ConflictException("a rebalance of " + resourceType + " is already running");
        try {
            RebalancePlan plan = rebalancing.plan(snapshot(resourceType), trigger, null);
            Run run = dryRun ? new Run(plan, true, List.of()) : new Run(plan, false, execute(rebalancing, plan));
            if (!dryRun) lastRuns.put(resourceType, run);
            if (!plan.moves().isEmpty() || !dryRun) log.info("rebalance of {} ({}{}): {}", resourceType, trigger, dryRun ? ", dry run" : "", plan.summary());
            return run;
        } finally {
            lock.unlock();
        }
    }

    /** The last rebalance that ran (not previews), if any. */
    public java.util.Optional<Run> lastRun(String resourceType) {
        return java.util.Optional.ofNullable(lastRuns.get(resourceType));
    }

    /** Moves every instance off a host put into maintenance, in the background; instances nobody can take stay. */
    public void evacuateLater(long hostId) {
        background.execute(() -> {
            try {
                evacuate(hostId);
            } catch (RuntimeException e) {
                log.warn("evacuating host {} failed", hostId, e);
            }
        });
    }

    public Run evacuate(long hostId) {
        Host host = store.inTransaction(tx -> tx.inventory().findHost(hostId)).orElseThrow(() -> new NotFoundException("host", hostId));
        ResourceManager manager = managers.forType(host.resourceType());
        if (manager.rebalancing().isEmpty() || !manager.canMigrate()) {
            return new Run(new RebalancePlan(host.resourceType(), clock.instant(), RebalanceTrigger.MAINTENANCE, List.of(), Map.of(), Map.of(),
                    "resource type " + host.resourceType() + " cannot live-migrate; instances stay until they end", List.of()), false, List.of());
        }
        ReentrantLock lock = locks.computeIfAbsent(host.resourceType(), k -> new ReentrantLock());
        lock.lock();
        try {
            Rebalancing rebalancing = manager.rebalancing().get();
            RebalancePlan plan = rebalancing.plan(snapshot(host.resourceType()), RebalanceTrigger.MAINTENANCE, hostId);
            Run run = new Run(plan, false, execute(rebalancing, plan));
            lastRuns.put(host.resourceType(), run);
            log.info("evacuation of host {}: {}", host.name(), plan.summary());
            return run;
        } finally {
            lock.unlock();
        }
    }

    /**
     * An admin moves one instance to one host. Every filter and group rule still applies; a refusal names the
     * filter. Returns once the migration has started; its outcome arrives as an event.
     */
    public PlacementExplanation migrateTo(long reservationId, long toHostId) {
        Reservation r = store.inTransaction(tx -> tx.reservations().find(reservationId))
                .orElseThrow(() -> new NotFoundException("reservation", reservationId));
        ResourceManager manager = managers.forType(r.resourceType());
        Rebalancing rebalancing = manager.rebalancing()
                .orElseThrow(() -> new ConflictException("resource type " + r.resourceType() + " has no rebalancer"));
        if (!manager.canMigrate()) throw new ConflictException("resource type " + r.resourceType() + " cannot live-migrate");
        PlacementExplanation check = rebalancing.checkMove(snapshot(r.resourceType()), reservationId, toHostId);
        PlacementExplanation.Candidate target = check.candidates().stream().filter(c -> c.hostId() == toHostId).findFirst()
                .orElseThrow(() -> new InvalidInputException("hostId", "host " + toHostId + " is not a " + r.resourceType() + " host"));
        if (!target.eligible()) {
            throw new InvalidInputException("hostId", "host " + target.hostName() + " refused by filter '" + target.rejectedBy() + "': " + target.reason());
        }
        PlannedMove move = new PlannedMove(reservationId, r.hostId(), null, toHostId, target.hostName(),
                new MigrationReason("admin", "an admin moved it to " + target.hostName(), Map.of(), check));
        migrations.start(reservationId, toHostId, move.reason())
                .whenComplete((outcome, error) -> rebalancing.moveFinished(move, error == null && outcome.moved()));
        return check;
    }

    private List<MoveOutcome> execute(Rebalancing rebalancing, RebalancePlan plan) {
        List<MoveOutcome> outcomes = new ArrayList<>();
        for (PlannedMove move : plan.moves()) {
            var refusal = rebalancing.revalidate(move, snapshot(plan.resourceType()));
            if (refusal.isPresent()) {
                outcomes.add(new MoveOutcome(move, "skipped", refusal.get()));
                continue;
            }
            try {
                var outcome = migrations.start(move.reservationId(), move.toHostId(), move.reason())
                        .get(settings.moveTimeout().toMillis(), TimeUnit.MILLISECONDS);
                rebalancing.moveFinished(move, outcome.moved());
                outcomes.add(new MoveOutcome(move, outcome.moved() ? "migrated" : "failed",
                        outcome.moved() ? "in " + outcome.took().toMillis() + " ms" : outcome.error()));
            } catch (ConflictException | InvalidInputException e) {
                outcomes.add(new MoveOutcome(move, "skipped", e.getMessage()));
            } catch (ExecutionException | TimeoutException e) {
                rebalancing.moveFinished(move, false);
                outcomes.add(new MoveOutcome(move, "failed", String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new MoveOutcome(move, "skipped", "interrupted"));
                break;
            }
        }
        return outcomes;
    }

    /** The resource type's hosts, the instances holding them and the calendar's usage over the planning horizon. */
    public ClusterSnapshot snapshot(String resourceType) {
        Instant now = clock.instant();
        return store.inTransaction(tx -> {
            var pools = tx.inventory().pools().stream().filter(p -> p.resourceType().equals(resourceType)).toList();
            List<Host> hosts = tx.inventory().hostsOfType(resourceType);
            TimeWindow horizon = new TimeWindow(now, now.plus(settings.horizon()));
            Map<Long, List<Allocation>> byHost = new HashMap<>();
            for (Allocation a : tx.allocations().activeOverlapping(hosts.stream().map(Host::id).toList(), horizon)) {
                byHost.computeIfAbsent(a.hostId(), k -> new ArrayList<>()).add(a);
                if (a.migratingTo() != null) byHost.computeIfAbsent(a.migratingTo(), k -> new ArrayList<>()).add(a);
            }
            Map<Long, Resources> used = new HashMap<>();
            for (Host h : hosts) used.put(h.id(), CapacityCalendar.peakUsage(byHost.getOrDefault(h.id(), List.of()), horizon));
            Map<Long, Image> images = new HashMap<>();
            List<RunningInstance> instances = new ArrayList<>();
            for (Reservation r : tx.reservations().query(ReservationQuery.inStates(HOLDING))) {
                if (!r.resourceType().equals(resourceType) || r.hostId() == null) continue;
                Image image = images.computeIfAbsent(r.imageId(), id -> tx.images().find(id).orElse(null));
                if (image == null) continue;
                instances.add(new RunningInstance(r.id(), r.hostId(), image, r.group(), r.state(), r.window().end(), lastMigrated(tx, r.id())));
            }
            return new ClusterSnapshot(resourceType, now, pools, hosts, instances, used);
        });
    }

    private static Instant lastMigrated(Tx tx, long reservationId) {
        Instant last = null;
        for (var e : tx.events().ofReservation(reservationId)) {
            if (e.event() instanceof ReservationEvent.Migrated) last = e.at();
        }
        return last;
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
        background.shutdownNow();
    }
}
