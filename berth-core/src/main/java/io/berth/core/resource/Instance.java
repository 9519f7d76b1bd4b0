package io.berth.core.resource;

import io.berth.core.domain.ConnectData;

/** A running instance as its resource manager names it, and how to reach it. */
public record Instance(String instanceId, ConnectData connect) {}
