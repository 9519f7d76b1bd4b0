package io.berth.server.xmlrpc;

import io.berth.core.admin.AccountService;
import io.berth.core.admin.ImageService;
import io.berth.core.domain.BlockAllocation;
import io.berth.core.domain.Image;
import io.berth.core.domain.TimeWindow;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.reservation.BlockAllocations;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.core.reservation.ReservationService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Block allocations ({@link BlockAllocations}): VCL's "block times" are Berth's blocks and {@code blockTimesid} is a
 * block's id. Only admins may (VCL's $xmlrpcBlockAPIUsers). Each machine is an advance reservation admitted against
 * real capacity and owned by a member of the group, in turn; what does not fit is reported as unallocated and
 * processing the block again tries it again.
 */
final class BlockMethods {
    private final BlockAllocations blocks;
    private final ImageService images;
    private final AccountService accounts;
    private final ReservationService reservations;
    private final LifecycleSettings lifecycle;
    private final Clock clock;

    BlockMethods(BlockAllocations blocks, ImageService images, AccountService accounts, ReservationService reservations,
                 LifecycleSettings lifecycle, Clock clock) {
        this.blocks = blocks;
        this.images = images;
        this.accounts = accounts;
        this.reservations = reservations;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    void register(XmlRpcDispatcher d) {
        d.add("XMLRPCblockAllocation", 5, 6, "imageid, start, end, numMachines, usergroupid[, ignoreprivileges]", this::allocate);
        d.add("XMLRPCprocessBlockTime", 1, 2, "blockTimesid[, ignoreprivileges]", this::process);
    }

    private Map<String, Object> allocate(VclCaller c, Params p) {
        long imageId = p.number(0, "imageid");
        String startText = p.text(1, "start");
        String endText = p.text(2, "end");
        Object machines = p.raw(3);
        Object groupId = p.raw(4);
        Object ignore = p.has(5) ? p.raw(5) : 0;
        if (!c.isAdmin()) return denied();
        Optional<Image> image = image(c, imageId);
        if (image.isEmpty()) return Vcl.error(3, "access denied to " + imageId);
        Optional<Instant> start = VclTime.datetime(startText).filter(t -> VclTime.unix(t) >= 0 && VclTime.unix(t) <= VclTime.LAST_END);
        if (start.isEmpty()) return Vcl.error(4, "received invalid input for start");
        Optional<Instant> end = VclTime.datetime(endText).filter(t -> VclTime.unix(t) >= 0 && VclTime.unix(t) <= VclTime.LAST_END);
        // VCL does not compare the two; Berth needs a window that ends after it starts.
        if (end.isEmpty() || !end.get().isAfter(start.get())) return Vcl.error(36, "received invalid input for end");
        Optional<Long> count = Params.asNumber(machines);
        if (count.isEmpty() || count.get() < 1 || count.get() > BlockAllocations.MAX_MACHINES) {
            return Vcl.error(64, "The submitted number of seats must be between 1 and " + BlockAllocations.MAX_MACHINES + ".");
        }
        Optional<Long> group = Params.asNumber(groupId).filter(this::groupExists);
        if (group.isEmpty()) return Vcl.error(67, "Submitted user group does not exist");
        Optional<Long> ignoreFlag = Params.asNumber(ignore).filter(v -> v == 0 || v == 1);
        if (ignoreFlag.isEmpty()) return Vcl.error(86, "ignoreprivileges must be 0 or 1");
        if (!end.get().isAfter(clock.instant())) return Vcl.error(9, "expired block allocation");
        BlockAllocation block = blocks.create(c.user(), imageId, group.get(), new TimeWindow(start.get(), end.get()),
                count.get().intValue());
        Map<String, Object> result = processBlock(c, block.id(), ignoreFlag.get() == 1);
        result.put("blockTimesid", (int) block.id());
        return result;
    }

    private Map<String, Object> process(VclCaller c, Params p) {
        long id = p.number(0, "blockTimesid");
        Object ignore = p.has(1) ? p.raw(1) : 0;
        if (!c.isAdmin()) return denied();
        boolean ignoreGrants = Params.asNumber(ignore).orElse(0L) == 1;
        return processBlock(c, id, ignoreGrants);
    }

    private Map<String, Object> processBlock(VclCaller c, long id, boolean ignoreGrants) {
        BlockAllocation block;
        try {
            block = blocks.get(c.user(), id);
        } catch (NotFoundException e) {
            return Vcl.error(8, "unknown blockTimesid");
        }
        Instant now = clock.instant();
        if (!block.window().end().isAfter(now)) return Vcl.error(9, "expired block allocation");
        if (image(c, block.imageId()).isEmpty()) return Vcl.error(10, "invalid image associated with block allocation");
        if (!ignoreGrants && accounts.members(block.groupId()).isEmpty()) {
            return Vcl.error(11, "empty user group and ignoreprivileges set to 0");
        }
        BlockAllocations.Round round;
        try {
            round = blocks.process(c.user(), id, ignoreGrants);
        } catch (InvalidInputException e) {
            return Vcl.error(11, "empty user group and ignoreprivileges set to 0");
        }
        if (round.heldBefore() >= block.machines()) return Vcl.status("completed");
        Map<String, Object> result = Vcl.success();
        if (round.admitted().isEmpty()) {
            result.put("status", "warning");
            result.put("warningcode", 14);
            result.put("warningmsg", "unable to allocate any machines");
        } else if (mayBeLate(block, now)) {
            result.put("status", "warning");
            result.put("warningcode", 13);
            result.put("warningmsg", "possibly insufficient time to load machines");
        }
        result.put("allocated", round.held());
        result.put("unallocated", round.missing());
        return result;
    }

    /**
     * Berth begins provisioning an advance reservation its lead time before the start; with less than that plus the
     * image's recent provisioning time left, some machines may not be ready by the start.
     */
    private boolean mayBeLate(BlockAllocation block, Instant now) {
        Duration provisioning = reservations.provisioningEstimate(block.imageId()).orElse(Duration.ZERO);
        return now.plus(lifecycle.provisionLeadTime()).plus(provisioning).isAfter(block.window().start());
    }

    private Optional<Image> image(VclCaller c, long imageId) {
        try {
            return Optional.of(images.get(c.user(), imageId));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private boolean groupExists(long id) {
        try {
            accounts.group(id);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static Map<String, Object> denied() {
        return Vcl.error(34, "access denied for managing block allocations");
    }
}
