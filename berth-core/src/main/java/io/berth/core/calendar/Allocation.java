package io.berth.core.calendar;

import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;

/** Capacity that a reservation holds on a host during a window. */
public record Allocation(long reservationId, long hostId, Resources resources, TimeWindow window) {}
