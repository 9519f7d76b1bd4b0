package io.berth.core.event;

import io.berth.core.domain.TimeWindow;
import io.berth.core.reservation.ReservationState;
import io.berth.core.resource.MigrationReason;
import io.berth.core.resource.PlacementExplanation;

import java.time.Instant;
import java.util.Optional;

/**
 * Everything that happens to a reservation. Events that change its state name the state they lead to;
 * the others (extension, reclaim) record facts. Secrets (passwords) never go into events.
 */
public sealed interface ReservationEvent {

    /** The state this event moves the reservation into, if it is a transition. */
    default Optional<ReservationState> leadsTo() {
        return Optional.empty();
    }

    /** The host a placement decision of this event chose, so decisions can be listed per host. */
    default Optional<Long> decidedHost() {
        return Optional.empty();
    }

    /** A short name for logs, the API and SSE: the record's simple name. */
    default String type() {
        return getClass().getSimpleName();
    }

    record Requested(long ownerId, long imageId, TimeWindow window) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.REQUESTED); }
    }

    /** Admitted for a later window: the calendar holds capacity on {@code claimHostId} from {@code claimFrom}. */
    record AdmittedForFuture(long claimHostId, String claimHostName, Instant claimFrom, Instant provisionAt,
                             PlacementExplanation explanation) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.FUTURE); }
        public Optional<Long> decidedHost() { return Optional.of(claimHostId); }
    }

    record Placed(long hostId, String hostName, PlacementExplanation explanation) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.PLACED); }
        public Optional<Long> decidedHost() { return Optional.of(hostId); }
    }

    record ProvisioningStarted(long hostId, int attempt) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.PROVISIONING); }
    }

    /** Provisioning picks up again after a restart left it unfinished. */
    record ProvisioningResumed(String reason) implements ReservationEvent {}

    /** A retryable provisioning failure; another attempt follows. */
    record ProvisioningRetried(int failedAttempt, String error) implements ReservationEvent {}

    /** The instance is up. The address is recorded; the one-time password is not. */
    record Ready(String instanceId, String address, long provisioningMillis) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.READY); }
    }

    /**
     * The user connected or said so. {@code clientAddress} (may be null) is the address the user connects from,
     * when the client gave one, e.g. for a resource manager that opens its firewall to it.
     */
    record Acknowledged(String via, String clientAddress) implements ReservationEvent {
        public Acknowledged(String via) {
            this(via, null);
        }

        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.IN_USE); }
    }

    record Extended(Instant previousEnd, Instant newEnd, long byUserId) implements ReservationEvent {}

    /** {@code reason}: "user", "admin", "window ended". */
    record EndRequested(String reason, Long byUserId) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.ENDING); }
    }

    record Closed() implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.CLOSED); }
    }

    record Failed(String cause) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.FAILED); }
    }

    record TimedOut(long unusedSeconds) implements ReservationEvent {
        public Optional<ReservationState> leadsTo() { return Optional.of(ReservationState.TIMED_OUT); }
    }

    /** A live migration begins; capacity is held on both hosts until it ends. */
    record MigrationStarted(long fromHostId, String fromHostName, long toHostId, String toHostName,
                            MigrationReason reason) implements ReservationEvent {
        public Optional<Long> decidedHost() { return Optional.of(toHostId); }
    }

    /** The instance now runs on {@code toHostId}. */
    record Migrated(long fromHostId, long toHostId, String toHostName, long millis) implements ReservationEvent {}

    /** The migration did not happen; the instance stays where it was. */
    record MigrationFailed(long toHostId, String error) implements ReservationEvent {}

    /** The instance was destroyed and the host's capacity released. */
    record Reclaimed(Long hostId, String instanceId) implements ReservationEvent {}
}
