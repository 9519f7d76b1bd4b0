package io.berth.placement;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementRequest;

import java.time.Instant;

/** One pool's share of a placement: its hosts as a table (calendar capacity, and live load if the policy uses it). */
public record PlacementContext(PlacementRequest request, Pool pool, HostTable hosts, Instant now) {}
