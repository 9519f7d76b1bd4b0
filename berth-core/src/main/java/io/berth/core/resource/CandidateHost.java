package io.berth.core.resource;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;

/**
 * A host offered to a placement controller, with what the capacity calendar says about it for the
 * requested window: {@code used} is the peak already held there, {@code free} what remains
 * (capacity with overcommit minus used). Live load is the resource manager's own business.
 */
public record CandidateHost(Host host, Pool pool, Resources used, Resources free) {}
