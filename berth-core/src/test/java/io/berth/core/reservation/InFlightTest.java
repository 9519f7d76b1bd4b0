package io.berth.core.reservation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTest {

    @Test
    void oneWorkerPerReservationAndItLearnsWhoWasTurnedAway() {
        InFlight inFlight = new InFlight();

        assertThat(inFlight.tryStart(7)).isTrue();
        assertThat(inFlight.tryStart(8)).isTrue();
        assertThat(inFlight.tryStart(7)).as("a second worker for 7").isFalse();

        assertThat(inFlight.done(7)).as("someone wanted 7 meanwhile").isTrue();
        assertThat(inFlight.done(8)).as("nobody wanted 8").isFalse();
        assertThat(inFlight.tryStart(7)).isTrue();
        assertThat(inFlight.done(7)).as("the earlier refusal was answered by the first done").isFalse();
        assertThat(inFlight.size()).isZero();
    }
}
