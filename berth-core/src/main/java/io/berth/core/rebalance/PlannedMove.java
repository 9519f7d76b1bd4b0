package io.berth.core.rebalance;

import io.berth.core.resource.MigrationReason;

/** One live migration a rebalance wants, and why. */
public record PlannedMove(long reservationId, long fromHostId, String fromHostName, long toHostId, String toHostName,
                          MigrationReason reason) {}
