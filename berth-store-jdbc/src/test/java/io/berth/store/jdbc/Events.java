package io.berth.store.jdbc;

import io.berth.core.domain.TimeWindow;
import io.berth.core.event.ReservationEvent;
import io.berth.core.resource.PlacementExplanation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One or more of every kind of reservation event, with awkward values where they can hide mapping bugs. */
final class Events {
    private Events() {}

    static PlacementExplanation explanation() {
        return new PlacementExplanation("least-loaded", Instant.parse("2030-01-01T10:15:30.123456789Z"),
                List.of(PlacementExplanation.Candidate.rejected(1, "h-1", "lab-a", "capacity", "needs 4 VCPU, has 2"),
                        new PlacementExplanation.Candidate(2, "h-2", "lab-a", null, null,
                                Map.of("cpu", 0.75, "memory", 1.0 / 3, "spread", -0.0),
                                Map.of("load1", 0.42, "mem_free_mb", 12288.0, "tiny", 1.0e-300), 12.5),
                        new PlacementExplanation.Candidate(3, "h-3", null, null, null, Map.of(), Map.of(), null)),
                2L, "picked h-2: lowest load (ünïcödé, \"quotes\", \\ backslash)",
                Map.of("fallback", "none", "weights", "cpu=1,memory=1"));
    }

    static List<ReservationEvent> everyKind() {
        Instant t = Instant.parse("2030-01-01T10:00:00.000000001Z");
        return List.of(
                new ReservationEvent.Requested(7, 3, new TimeWindow(t, t.plusSeconds(3600))),
                new ReservationEvent.AdmittedForFuture(2, "h-2", t, t.plusSeconds(60), explanation()),
                new ReservationEvent.Placed(2, "h-2", explanation()),
                new ReservationEvent.Placed(5, "h-5", new PlacementExplanation("round-robin", t, List.of(), null,
                        "nothing to choose", Map.of())),
                new ReservationEvent.ProvisioningStarted(2, 1),
                new ReservationEvent.ProvisioningResumed("restart"),
                new ReservationEvent.ProvisioningRetried(1, "timeout talking to the hypervisor"),
                new ReservationEvent.Ready("vm-1", "10.0.0.5", 4_200),
                new ReservationEvent.Acknowledged("ssh"),
                new ReservationEvent.Acknowledged("xmlrpc", "192.0.2.10"),
                new ReservationEvent.Extended(t, t.plusSeconds(1800), 7),
                new ReservationEvent.EndRequested("user", 7L),
                new ReservationEvent.EndRequested("window ended", null),
                new ReservationEvent.Closed(),
                new ReservationEvent.Failed("boom"),
                new ReservationEvent.TimedOut(3_600),
                new ReservationEvent.Reclaimed(2L, "vm-1"),
                new ReservationEvent.Reclaimed(null, null),
                new ReservationEvent.MigrationStarted(2, "h-2", 5, "h-5", new io.berth.core.resource.MigrationReason("rebalance",
                        "h-2 was overloaded", Map.of("sourceCpuBefore", 0.93, "vmCpu", 0.2), explanation())),
                new ReservationEvent.Migrated(2, 5, "h-5", 3_200),
                new ReservationEvent.MigrationFailed(5, "target went down"));
    }
}
