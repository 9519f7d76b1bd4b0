package io.berth.server.http.api;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Group;
import io.berth.core.domain.Host;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.reservation.Reservation;
import io.berth.core.store.ApiToken;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes the API answers with (see openapi.yaml). Domain records stay internal. */
public final class Views {
    private Views() {}

    public record UserView(long id, String login, String displayName, String email, Role role, boolean enabled) {
        static UserView of(User u) {
            return new UserView(u.id(), u.login(), u.displayName(), u.email(), u.role(), u.enabled());
        }
    }

    public record MeView(long id, String login, String displayName, String email, Role role, List<GroupView> groups) {}

    /** A group with what it records (owner, managing group) and the limits its members reserve under. */
    public record GroupView(long id, String name, String description, Long ownerId, Long managingGroupId, LimitsView limits) {
        static GroupView of(Group g, io.berth.core.domain.GroupSettings s) {
            return new GroupView(g.id(), g.name(), g.description(), s.ownerId(), s.managingGroupId(), LimitsView.of(s));
        }
    }

    /** Minutes; null: this group sets no such limit. */
    public record LimitsView(Long initialMaxMinutes, Long totalMaxMinutes, Long maxExtendMinutes) {
        static LimitsView of(io.berth.core.domain.GroupSettings s) {
            return new LimitsView(minutes(s.initialMax()), minutes(s.totalMax()), minutes(s.maxExtend()));
        }

        private static Long minutes(java.time.Duration d) {
            return d == null ? null : d.toMinutes();
        }
    }

    public record TokenView(long id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.name(), t.createdAt(), t.expiresAt(), t.lastUsedAt(), t.revokedAt());
        }
    }

    public record IssuedTokenView(long id, String name, String token, Instant expiresAt) {}

    public record LoginView(String token, Instant expiresAt, UserView user) {}

    public record ImageView(long id, String name, String description, String os, String resourceType,
                            Map<String, Long> minimum, int maxConcurrent, long maxDurationMinutes,
                            List<ConnectMethod> connectMethods, List<Long> pools, Map<String, Double> overcommitLimits) {
        static ImageView of(Image i) {
            return new ImageView(i.id(), i.name(), i.description(), i.os(), i.resourceType(), i.minimum().amounts(),
                    i.maxConcurrent(), i.maxDuration().toMinutes(), i.connectMethods(), i.pools(), i.overcommitLimits());
        }
    }

    public record PoolView(long id, String name, String resourceType, String description, String placementPolicy,
                           Map<String, String> policySettings, int hosts) {
        static PoolView of(Pool p, int hosts) {
            return new PoolView(p.id(), p.name(), p.resourceType(), p.description(), p.placementPolicy(), p.policySettings(), hosts);
        }
    }

    public record HostView(long id, long poolId, String name, String resourceType, String state,
                           List<Inventory> inventories, Map<String, Long> capacity, String externalId) {
        static HostView of(Host h) {
            return new HostView(h.id(), h.poolId(), h.name(), h.resourceType(), h.state().name(), h.inventories(),
                    h.capacity().amounts(), h.externalId());
        }
    }

    public record ReservationView(long id, long ownerId, long imageId, String imageName, String state,
                                  Instant start, Instant end, Long hostId, String hostName, Instant createdAt,
                                  Instant readyAt, Instant acknowledgedAt, String failureCause,
                                  io.berth.core.domain.PlacementGroup group, Map<String, String> links) {
        static ReservationView of(Reservation r, String imageName, String hostName) {
            String self = "/api/v1/reservations/" + r.id();
            return new ReservationView(r.id(), r.ownerId(), r.imageId(), imageName, r.state().name(),
                    r.window().start(), r.window().end(), r.hostId(), hostName, r.createdAt(), r.readyAt(),
                    r.acknowledgedAt(), r.failureCause(), r.group(),
                    Map.of("self", self, "events", self + "/events", "stream", self + "/events/stream",
                            "connection", self + "/connection", "placement", self + "/placement"));
        }
    }

    public record ConnectionView(String address, List<ConnectData.Endpoint> endpoints, String user, String password) {
        static ConnectionView of(ConnectData c) {
            return new ConnectionView(c.address(), c.endpoints(), c.user(), c.password());
        }
    }

    /** One event: its place in the global log and in the reservation's history, the state it led to, and its data. */
    public record EventView(long sequence, long reservationId, int reservationSeq, Instant at, String type, String state,
                            ReservationEvent data) {
        public static EventView of(StoredEvent e) {
            return new EventView(e.sequence(), e.reservationId(), e.reservationSeq(), e.at(), e.event().type(),
                    e.event().leadsTo().map(Enum::name).orElse(null), e.event());
        }
    }
}
