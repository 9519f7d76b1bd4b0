package io.berth.core.resource;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;

import java.util.List;

/** What the core offers a resource manager: reporting host changes, and reading the inventory it serves. */
public interface ResourceManagerContext {
    /** A host's state changed (e.g. it went down); the core records it and fails what ran there if it is DOWN. */
    void hostStateChanged(long hostId, HostState newState, String reason);

    /** The hosts of a resource type as the core knows them now. */
    List<Host> hosts(String resourceType);
}
