package io.berth.server.http.api;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Role;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies the API accepts. Boxed types, so a missing field is null and can be named in the error. */
public final class Requests {
    private Requests() {}

    public record Login(String login, String password) {}

    public record NewToken(String name, Instant expiresAt) {}

    public record PasswordChange(String oldPassword, String newPassword) {}

    public record NewReservation(Long imageId, Instant start, Instant end, Long durationMinutes, GroupBody group) {}

    public record GroupBody(String name, io.berth.core.domain.PlacementGroup.Kind kind) {}

    public record RebalanceRequest(String resourceType, Boolean dryRun) {}

    public record Migration(Long hostId) {}

    public record Extension(Long minutes, Instant end) {}

    public record Acknowledgement(String via, String clientAddress) {}

    public record ImageBody(String name, String description, String os, String resourceType, Map<String, Long> minimum,
                            Integer maxConcurrent, Long maxDurationMinutes, List<ConnectMethod> connectMethods, List<Long> pools,
                            Map<String, Double> overcommitLimits) {}

    public record NewPool(String name, String resourceType, String description, String placementPolicy,
                          Map<String, String> policySettings) {}

    public record PoolChange(String description, String placementPolicy, Map<String, String> policySettings) {}

    public record InventoryBody(String resourceClass, Long total, Long reserved, Double allocationRatio) {}

    public record NewHost(Long poolId, String name, List<InventoryBody> inventories, String externalId) {}

    public record HostStateChange(HostState state, String reason) {}

    public record NewUser(String login, String displayName, String email, Role role, String password) {}

    public record UserChange(String displayName, String email, Role role, Boolean enabled) {}

    public record NewGroup(String name, String description, Long ownerId, Long managingGroupId, Limits limits) {}

    /** Absent fields stay; ownerId or managingGroupId 0 clears it; limits, when given, replace all three. */
    public record GroupChange(String name, String description, Long ownerId, Long managingGroupId, Limits limits) {}

    /** Minutes; null or absent: no limit. */
    public record Limits(Long initialMaxMinutes, Long totalMaxMinutes, Long maxExtendMinutes) {}
}
