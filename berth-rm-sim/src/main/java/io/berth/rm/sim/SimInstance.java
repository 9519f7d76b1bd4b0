package io.berth.rm.sim;

import io.berth.core.resource.Instance;

/** A simulated VM: which reservation it serves and where it runs. */
public record SimInstance(long reservationId, long hostId, Instance instance) {}
