package io.berth.core.reservation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.berth.core.reservation.ReservationState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReservationStateTest {

    /** The lifecycle as the issue specifies it; the enum must match this table exactly. */
    private static final Map<ReservationState, Set<ReservationState>> LEGAL = Map.of(
            REQUESTED, EnumSet.of(FUTURE, PLACED, FAILED),
            FUTURE, EnumSet.of(PLACED, ENDING, FAILED),
            PLACED, EnumSet.of(PROVISIONING, ENDING, FAILED),
            PROVISIONING, EnumSet.of(READY, ENDING, FAILED),
            READY, EnumSet.of(IN_USE, ENDING, TIMED_OUT, FAILED),
            IN_USE, EnumSet.of(ENDING, FAILED),
            ENDING, EnumSet.of(CLOSED, FAILED),
            CLOSED, EnumSet.noneOf(ReservationState.class),
            FAILED, EnumSet.noneOf(ReservationState.class),
            TIMED_OUT, EnumSet.noneOf(ReservationState.class));

    @ParameterizedTest
    @EnumSource(ReservationState.class)
    void everyPairIsAllowedExactlyWhenTheTableSaysSo(ReservationState from) {
        for (ReservationState to : ReservationState.values()) {
            assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(LEGAL.get(from).contains(to));
        }
    }

    @Test
    void terminalStatesAreTheEndedOnes() {
        assertThat(EnumSet.allOf(ReservationState.class).stream().filter(ReservationState::isTerminal))
                .containsExactlyInAnyOrder(CLOSED, FAILED, TIMED_OUT);
        assertThat(ReservationState.live()).doesNotContain(CLOSED, FAILED, TIMED_OUT).contains(FUTURE, READY, ENDING);
    }

    @Test
    void anIllegalMoveIsRejectedWithAReadableReason() {
        Reservation closed = reservation(CLOSED);
        assertThatThrownBy(() -> closed.moveTo(READY))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("cannot go from CLOSED to READY").hasMessageContaining("has ended");
        Reservation ready = reservation(READY);
        assertThatThrownBy(() -> ready.moveTo(PROVISIONING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("allowed next states");
    }

    @Test
    void aLegalMoveAdvancesTheVersion() {
        Reservation placed = reservation(PLACED);
        Reservation provisioning = placed.moveTo(PROVISIONING);
        assertThat(provisioning.state()).isEqualTo(PROVISIONING);
        assertThat(provisioning.version()).isEqualTo(placed.version() + 1);
    }

    static Reservation reservation(ReservationState state) {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        return new Reservation(7, 1, 1, "sim", new io.berth.core.domain.TimeWindow(t, t.plusSeconds(3600)), state,
                null, null, null, null, t, null, null, null, 3);
    }
}
