package io.berth.core.domain;

/** Whether a host takes new placements: only AVAILABLE hosts do. */
public enum HostState {
    AVAILABLE,
    /** Drained by an admin: running reservations stay, nothing new lands here. */
    MAINTENANCE,
    /** Unreachable or failed, as reported by its resource manager or an admin. */
    DOWN
}
