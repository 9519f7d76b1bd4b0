package io.berth.core.resource;

import io.berth.core.domain.HostState;

/** What a resource manager tells the core about its hosts (e.g. one going down). */
public interface HostEvents {
    void hostStateChanged(long hostId, HostState newState, String reason);
}
