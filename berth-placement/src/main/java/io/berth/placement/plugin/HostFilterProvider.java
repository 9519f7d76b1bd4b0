package io.berth.placement.plugin;

import io.berth.placement.filter.HostFilter;

/**
 * A hard filter offered by a plug-in jar (found through {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/io.berth.placement.plugin.HostFilterProvider}). The {@code pipeline} policy appends it
 * when a pool names it in its {@code extra-filters} setting.
 */
public interface HostFilterProvider {
    /** The name pools use in {@code extra-filters}; must equal the created filter's {@link HostFilter#name()}. */
    String name();

    /** A filter for one pool's controller (a fresh one each time, so it may keep state). */
    HostFilter create();
}
