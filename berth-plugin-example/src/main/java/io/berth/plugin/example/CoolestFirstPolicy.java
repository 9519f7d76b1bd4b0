package io.berth.plugin.example;

import io.berth.core.domain.Pool;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.plugin.PlacementPolicyProvider;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.PolicySettings;
import io.berth.placement.score.PerHostScorer;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.BestSelector;

import java.util.List;

/**
 * The policy {@code example-coolest-first}: of the hosts that pass Berth's standard hard filters, the one whose CPU
 * peaks lowest (the lowest 95th percentile of its recent samples), so a new instance lands where bursts are rare.
 * It is Berth's own pipeline with one scorer, so the explanation (every host, its score, the metrics and their age)
 * comes with it. Listed in META-INF/services/io.berth.placement.plugin.PlacementPolicyProvider.
 */
public final class CoolestFirstPolicy implements PlacementPolicyProvider {
    public static final String NAME = "example-coolest-first";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "example plug-in: the host with the lowest 95th-percentile CPU";
    }

    @Override
    public PlacementController create(Pool pool, PolicySettings settings) {
        int explainAll = settings.integer("explain-all-below", 64, 0, 100_000, "explanations list every candidate up to this many hosts");
        BuiltInPolicies.vmUtilisation(settings); // the engine reads it for every policy; declaring it lets pools set it
        return new PipelineController(NAME, FilterChain.standard(), List.of(new WeightedScorer(new LowCpuP95(), 1.0)),
                new BestSelector(), explainAll);
    }

    /** 1 − cpuP95. A host without samples, or whose samples are stale, scores 0: its figures say nothing of now. */
    static final class LowCpuP95 extends PerHostScorer {
        @Override
        public String name() {
            return "low-cpu-p95";
        }

        @Override
        public String description() {
            return "1 - 95th percentile of the host's recent CPU samples";
        }

        @Override
        public boolean usesLiveLoad() {
            return true; // makes the pipeline ask Berth for a host table with live load
        }

        @Override
        protected double score(HostTable t, PlacementContext context, int i) {
            double p95 = t.load[i].cpuP95();
            return t.load[i].stale() || Double.isNaN(p95) ? 0 : Math.max(0, Math.min(1, 1 - p95));
        }
    }
}
