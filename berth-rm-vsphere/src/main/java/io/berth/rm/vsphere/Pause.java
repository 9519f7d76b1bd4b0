package io.berth.rm.vsphere;

import java.time.Duration;

/** Waiting between polls of vCenter is the behaviour (a VM takes time to boot), not a test's sleep. */
final class Pause {
    private Pause() {}

    /** Sleeps; an interrupt ends the wait early and stays set for the caller to see. */
    static void of(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
