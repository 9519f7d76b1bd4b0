package io.berth.placement;

import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.PolicySettings;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resource manager delegates placement to: splits the candidates by pool, asks each pool's controller
 * in turn (the image's pool order, else pool id order) and keeps the first host chosen. The explanation covers
 * every pool asked, so a refusal lists every host and why it was rejected.
 *
 * <p>With a {@link LoadMonitor}, a decision also records the new instance as pending load on its host until
 * samples show it, so a burst of requests does not pile onto the host that looked idlest.
 */
public final class PlacementEngine {
    private final PolicyRegistry policies;
    private final Clock clock;
    private final LoadMonitor monitor;
    private final Duration pendingVisibleAfter;

    /**
     * @param monitor             live load, or null for a resource manager without metrics (round robin only)
     * @param pendingVisibleAfter how long after a decision its instance shows in samples (boot time plus an interval)
     */
    public PlacementEngine(PolicyRegistry policies, Clock clock, LoadMonitor monitor, Duration pendingVisibleAfter) {
        this.policies = policies;
        this.clock = clock;
        this.monitor = monitor;
        this.pendingVisibleAfter = pendingVisibleAfter;
    }

    /** Without live load: only policies that ignore it can be used. */
    public PlacementEngine(PolicyRegistry policies, Clock clock) {
        this(policies, clock, null, Duration.ZERO);
    }

    public PolicyRegistry policies() {
        return policies;
    }

    public LoadMonitor monitor() {
        return monitor;
    }

    public PlacementDecision place(PlacementRequest request) {
        Map<Long, List<CandidateHost>> byPool = new LinkedHashMap<>();
        Map<Long, Pool> pools = new HashMap<>();
        for (CandidateHost c : request.candidates()) {
            byPool.computeIfAbsent(c.pool().id(), k -> new ArrayList<>()).add(c);
            pools.put(c.pool().id(), c.pool());
        }
        List<Long> order = new ArrayList<>(byPool.keySet());
        List<Long> preferred = request.image().pools();
        order.sort(Comparator.comparingInt((Long id) -> preferred.contains(id) ? preferred.indexOf(id) : Integer.MAX_VALUE)
                .thenComparingLong(id -> id));

        // The pools' decisions are kept, not their explanations: those are written (and merged) when first read.
        List<PlacementDecision> asked = new ArrayList<>();
        String controllerName = null;
        for (long poolId : order) {
            Pool pool = pools.get(poolId);
            PlacementController controller = policies.controllerFor(pool);
            controllerName = controller.name();
            if (controller.usesLiveLoad() && monitor == null) {
                throw new IllegalStateException("policy " + controller.name() + " of pool " + pool.name()
                        + " needs live load, which this resource manager does not measure");
            }
            double vmUtilisation = BuiltInPolicies.vmUtilisation(new PolicySettings(pool.policySettings()));
            HostTable table = HostTable.of(request, byPool.get(poolId), controller.usesLiveLoad() ? LoadView.of(monitor) : null, vmUtilisation);
            PlacementDecision decision = controller.place(new PlacementContext(request, pool, table, clock.instant()));
            asked.add(decision);
            if (decision instanceof PlacementDecision.Chosen chosen) {
                recordPending(request, table, chosen.host().host().id());
                if (order.size() == 1) return decision;
                long pick = chosen.host().host().id();
                return new PlacementDecision.Chosen(chosen.host(), () -> merged(asked, pick));
            }
        }
        if (order.isEmpty()) {
            return new PlacementDecision.NoHost(new PlacementExplanation("none", clock.instant(), List.of(), null,
                    "no pool serves this image's resource type" + (preferred.isEmpty() ? "" : " among its pools " + preferred), Map.of()));
        }
        String name = controllerName;
        java.time.Instant decidedAt = clock.instant();
        return new PlacementDecision.NoHost(() -> {
            List<PlacementExplanation.Candidate> tried = tried(asked);
            return new PlacementExplanation(name, decidedAt, tried, null, summaries(asked) + rejectionCounts(tried), Map.of());
        });
    }

    /** The admission lost a race after this decision: the instance will not come. */
    public void abandon(long reservationId) {
        if (monitor != null) monitor.removePending(pendingKey(reservationId));
    }

    private void recordPending(PlacementRequest request, HostTable table, long hostId) {
        if (monitor == null || request.tentative()) return;
        for (int i = 0; i < table.size; i++) {
            if (table.hostId[i] == hostId) {
                monitor.addPending(hostId, pendingKey(request.reservationId()), table.addedCpu[i],
                        request.image().minimum().get(ResourceClass.MEMORY_MB), clock.instant().plus(pendingVisibleAfter));
                return;
            }
        }
    }

    public static String pendingKey(long reservationId) {
        return "reservation-" + reservationId;
    }

    /** The pools asked, in order, the last one's pick: every candidate, every summary, the last one's notes. */
    private static PlacementExplanation merged(List<PlacementDecision> asked, long pick) {
        PlacementExplanation last = asked.getLast().explanation();
        return new PlacementExplanation(last.controller(), last.decidedAt(), tried(asked), pick, summaries(asked), last.notes());
    }

    private static List<PlacementExplanation.Candidate> tried(List<PlacementDecision> asked) {
        List<PlacementExplanation.Candidate> tried = new ArrayList<>();
        for (PlacementDecision d : asked) tried.addAll(d.explanation().candidates());
        return tried;
    }

    private static String summaries(List<PlacementDecision> asked) {
        List<String> summaries = new ArrayList<>(asked.size());
        for (PlacementDecision d : asked) summaries.add(d.explanation().summary());
        return String.join("; ", summaries);
    }

    private static String rejectionCounts(List<PlacementExplanation.Candidate> tried) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (var c : tried) if (!c.eligible()) counts.merge(c.rejectedBy(), 1L, Long::sum);
        return counts.isEmpty() ? "" : " (rejections: " + counts + ")";
    }
}
