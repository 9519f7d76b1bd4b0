package io.berth.store.jdbc;

import io.berth.core.domain.BlockAllocation;
import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.Image;
import io.berth.core.domain.User;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.ApiCall;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Group settings, block allocations and the record of remote-procedure calls. */
abstract class BlockAndCallContract extends StoreContract {

    @Test
    void groupSettingsAreInsertedThenReplacedAndFollowTheirReferences() {
        User owner = insertUser("owner");
        Group managers = tx(tx -> tx.users().insertGroup(new Group(0, "managers", "")));
        Group students = tx(tx -> tx.users().insertGroup(new Group(0, "students", "")));
        assertThat(optional(tx -> tx.users().groupSettings(students.id()))).isEmpty();

        GroupSettings first = new GroupSettings(students.id(), owner.id(), managers.id(), Duration.ofMinutes(240),
                Duration.ofMinutes(360), Duration.ofMinutes(30));
        store.run(tx -> tx.users().saveGroupSettings(first));
        assertThat(optional(tx -> tx.users().groupSettings(students.id()))).contains(first);

        GroupSettings second = new GroupSettings(students.id(), null, managers.id(), null, Duration.ofHours(2), null);
        store.run(tx -> tx.users().saveGroupSettings(second));
        assertThat(optional(tx -> tx.users().groupSettings(students.id()))).contains(second);

        // The managing group goes: the reference is cleared. The group goes: its settings go with it.
        store.run(tx -> tx.users().deleteGroup(managers.id()));
        assertThat(optional(tx -> tx.users().groupSettings(students.id())).orElseThrow().managingGroupId()).isNull();
        store.run(tx -> tx.users().deleteGroup(students.id()));
        assertThat(optional(tx -> tx.users().groupSettings(students.id()))).isEmpty();
    }

    @Test
    void blockAllocationsKeepTheirWindowAndReservations() {
        User admin = insertUser("admin");
        Image image = insertImage("lab");
        Group group = tx(tx -> tx.users().insertGroup(new Group(0, "class", "")));
        BlockAllocation block = tx(tx -> tx.blocks().insert(new BlockAllocation(999, image.id(), group.id(), admin.id(),
                window(60, 120), 3, T0)));
        assertThat(block.id()).isNotEqualTo(999);
        assertThat(optional(tx -> tx.blocks().find(block.id()))).contains(block);

        Reservation a = insertReservation(admin.id(), image.id(), window(60, 120), ReservationState.FUTURE);
        Reservation b = insertReservation(admin.id(), image.id(), window(60, 120), ReservationState.FUTURE);
        store.run(tx -> {
            tx.blocks().addReservation(block.id(), b.id());
            tx.blocks().addReservation(block.id(), a.id());
            tx.blocks().addReservation(block.id(), a.id()); // twice: once
        });
        assertThat(list(tx -> tx.blocks().reservations(block.id()))).containsExactly(a.id(), b.id());

        assertThat(list(tx -> tx.blocks().ofGroupEndingAfter(group.id(), at(119)))).containsExactly(block);
        assertThat(list(tx -> tx.blocks().ofGroupEndingAfter(group.id(), at(120)))).isEmpty();
    }

    @Test
    void apiCallsComeBackNewestFirstAndOversizedTextIsCut() {
        ApiCall first = tx(tx -> tx.apiCalls().append(new ApiCall(0, at(1), "xmlrpc", null, "nobody@Local", "10.0.0.1",
                "XMLRPCtest", "[\"hi\"]", "fault 3")));
        ApiCall second = tx(tx -> tx.apiCalls().append(new ApiCall(0, at(2), "xmlrpc", 7L, "ada@Local", "10.0.0.2",
                "XMLRPCgetImages", "x".repeat(5000), "success")));

        assertThat(list(tx -> tx.apiCalls().recent(10, Long.MAX_VALUE))).containsExactly(second, first);
        assertThat(list(tx -> tx.apiCalls().recent(1, second.id()))).containsExactly(first);
        assertThat(second.arguments()).hasSize(4000).endsWith("…");
        assertThat(second.userId()).isEqualTo(7L);
        assertThat(first.userId()).isNull();
    }
}
