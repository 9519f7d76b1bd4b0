package io.berth.core.resource;

import io.berth.core.domain.Host;
import io.berth.core.domain.Image;

/** Move the running instance of a reservation from one host to another. */
public record MigrationRequest(long reservationId, String instanceId, Image image, Host from, Host to) {}
