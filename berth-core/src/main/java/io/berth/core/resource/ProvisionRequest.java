package io.berth.core.resource;

import io.berth.core.domain.Host;
import io.berth.core.domain.Image;
import io.berth.core.domain.User;

/** Create and boot {@code image} on {@code host} for a reservation. {@code attempt} starts at 1. */
public record ProvisionRequest(long reservationId, Image image, Host host, User owner, int attempt) {}
