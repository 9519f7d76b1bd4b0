package io.berth.plugin.example;

import io.berth.placement.plugin.HostScorerProvider;
import io.berth.placement.score.HostScorer;

/** Offers {@link FewestVmsScorer} to the pipeline policy; listed in META-INF/services/io.berth.placement.plugin.HostScorerProvider. */
public final class FewestVmsProvider implements HostScorerProvider {
    @Override
    public String name() {
        return FewestVmsScorer.NAME;
    }

    @Override
    public HostScorer create() {
        return new FewestVmsScorer();
    }
}
