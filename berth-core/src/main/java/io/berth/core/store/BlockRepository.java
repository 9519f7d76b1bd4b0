package io.berth.core.store;

import io.berth.core.domain.BlockAllocation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Block allocations and the reservations made for them. */
public interface BlockRepository {
    /** Stores a new block under a fresh id (the draft's id is ignored). */
    BlockAllocation insert(BlockAllocation draft);

    Optional<BlockAllocation> find(long id);

    /** Records that {@code reservationId} is one of the block's machines. */
    void addReservation(long blockId, long reservationId);

    /** The block's reservations, oldest first. */
    List<Long> reservations(long blockId);

    /** Blocks for the group whose window ends after {@code t}. */
    List<BlockAllocation> ofGroupEndingAfter(long groupId, Instant t);
}
