package io.berth.server;

import io.berth.core.reservation.LifecycleDriver;

/** Test access to where the lifecycle subscriber stands in the event log. */
public final class LifecycleDriverProbe {
    private LifecycleDriverProbe() {}

    public static long checkpoint(BerthServer server) {
        return server.store().inTransaction(tx -> tx.events().checkpoint(LifecycleDriver.SUBSCRIBER)).orElse(0L);
    }
}
