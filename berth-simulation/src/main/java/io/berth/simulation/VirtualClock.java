package io.berth.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Virtual time: the load model, placement and the rebalancer read it; only the simulation moves it. */
final class VirtualClock extends Clock {
    private long millis;

    VirtualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    void set(Instant t) {
        millis = t.toEpochMilli();
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("virtual time is UTC");
    }
}
