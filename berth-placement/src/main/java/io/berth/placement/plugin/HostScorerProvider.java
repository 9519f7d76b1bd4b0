package io.berth.placement.plugin;

import io.berth.placement.score.HostScorer;

/**
 * A scorer offered by a plug-in jar (found through {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/io.berth.placement.plugin.HostScorerProvider}). The {@code pipeline} policy weighs it in
 * when a pool names it in its {@code scorers} setting, e.g. {@code my-scorer:2,current-load:1}.
 */
public interface HostScorerProvider {
    /** The name pools use in {@code scorers}; must equal the created scorer's {@link HostScorer#name()}. */
    String name();

    /** A scorer for one pool's controller (a fresh one each time, so it may keep state). */
    HostScorer create();
}
