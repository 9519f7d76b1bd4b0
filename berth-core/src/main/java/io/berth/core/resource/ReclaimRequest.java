package io.berth.core.resource;

/** Power off and destroy whatever runs for a reservation ({@code instanceId} may be null if it never reported one). */
public record ReclaimRequest(long reservationId, Long hostId, String instanceId) {}
