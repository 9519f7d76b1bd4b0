package io.berth.core.reservation;

import io.berth.core.domain.BlockAllocation;
import io.berth.core.domain.Image;
import io.berth.core.domain.TimeWindow;
import io.berth.core.domain.User;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotAvailableException;
import io.berth.core.error.NotFoundException;
import io.berth.core.store.Store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Block allocations: N machines of an image ready for a user group over a window (admins only). Processing a block
 * makes each missing machine a real advance reservation, admitted against the capacity calendar like any other,
 * owned by one of the group's members in turn (by user id), so each member finds theirs among their reservations.
 * What capacity cannot take is left missing and reported; processing again tries the rest. Nothing is rolled back:
 * every machine admitted is capacity truly held.
 */
public final class BlockAllocations {
    public static final int MAX_MACHINES = 100;

    private final Store store;
    private final ReservationService reservations;
    private final Clock clock;

    public BlockAllocations(Store store, ReservationService reservations, Clock clock) {
        this.store = store;
        this.reservations = reservations;
        this.clock = clock;
    }

    /** What one processing round did. {@code held} counts the block's machines that are admitted and not failed. */
    public record Round(BlockAllocation block, int heldBefore, List<Long> admitted, List<String> skippedMembers,
                        String lastRefusal) {
        public int held() {
            return heldBefore + admitted.size();
        }

        public int missing() {
            return block.machines() - held();
        }
    }

    public BlockAllocation create(User actor, long imageId, long groupId, TimeWindow window, int machines) {
        requireAdmin(actor);
        if (machines < 1 || machines > MAX_MACHINES) {
            throw new InvalidInputException("machines", "must be between 1 and " + MAX_MACHINES);
        }
        if (!window.end().isAfter(clock.instant())) throw new InvalidInputException("end", "the block's window has already ended");
        return store.inTransaction(tx -> {
            tx.images().find(imageId).orElseThrow(() -> new InvalidInputException("imageId", "no image " + imageId));
            tx.users().findGroup(groupId).orElseThrow(() -> new InvalidInputException("groupId", "no group " + groupId));
            return tx.blocks().insert(new BlockAllocation(0, imageId, groupId, actor.id(), window, machines,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        });
    }

    public BlockAllocation get(User actor, long blockId) {
        requireAdmin(actor);
        return store.inTransaction(tx -> tx.blocks().find(blockId)).orElseThrow(() -> new NotFoundException("block allocation", blockId));
    }

    /** The block's reservations that hold (or held) a machine: every one except those that failed. */
    public List<Reservation> machines(User actor, long blockId) {
        get(actor, blockId);
        return store.inTransaction(tx -> tx.blocks().reservations(blockId).stream()
                .flatMap(id -> tx.reservations().find(id).stream())
                .filter(r -> r.state() != ReservationState.FAILED)
                .toList());
    }

    /**
     * Admits the block's missing machines.
     *
     * @param ignoreGrants true: members get machines whether or not their groups grant the image; false: a member
     *                     without the grant is skipped
     * @throws InvalidInputException naming "groupId" if the group has no members and grants are not ignored
     *                               (with grants ignored, the machines of an empty group are the admin's own)
     */
    public Round process(User actor, long blockId, boolean ignoreGrants) {
        BlockAllocation block = get(actor, blockId);
        Instant now = clock.instant();
        if (!block.window().end().isAfter(now)) throw new InvalidInputException("blockId", "block " + blockId + " has ended");
        Image image = store.inTransaction(tx -> tx.images().find(block.imageId()))
                .orElseThrow(() -> new InvalidInputException("imageId", "the block's image " + block.imageId() + " no longer exists"));
        List<User> members = store.inTransaction(tx -> tx.users().members(block.groupId())).stream()
                .filter(User::enabled).sorted(Comparator.comparingLong(User::id)).toList();
        if (members.isEmpty() && !ignoreGrants) {
            throw new InvalidInputException("groupId", "group " + block.groupId() + " has no members to hold machines for");
        }
        int heldBefore = machines(actor, blockId).size();
        List<Long> admitted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String lastRefusal = null;
        for (int i = 0; i < block.machines() - heldBefore; i++) {
            User owner = members.isEmpty() ? actor : members.get((heldBefore + i) % members.size());
            if (!ignoreGrants && !owner.isAdmin() && !store.inTransaction(tx -> tx.users().canUseImage(owner.id(), image.id()))) {
                skipped.add(owner.login());
                continue;
            }
            Instant start = block.window().start().isAfter(now) ? block.window().start() : null;
            try {
                Reservation r = reservations.requestFor(actor, owner,
                        new ReservationRequest(image.id(), start, block.window().end(), null));
                store.run(tx -> tx.blocks().addReservation(blockId, r.id()));
                admitted.add(r.id());
            } catch (NotAvailableException | InvalidInputException e) {
                lastRefusal = e.getMessage();
            }
        }
        return new Round(block, heldBefore, List.copyOf(admitted), List.copyOf(skipped), lastRefusal);
    }

    private static void requireAdmin(User actor) {
        if (!actor.isAdmin()) throw new ForbiddenException("block allocations are for admins");
    }
}
