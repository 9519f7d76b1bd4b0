package io.berth.placement.pipeline;

import io.berth.core.resource.PlacementDecision;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.PlacementController;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.BestSelector;
import io.berth.placement.select.Selector;

import java.util.List;
import java.util.function.Supplier;

/**
 * The placement pipeline: hard filters → weighted scorers (each in [0, 1]) → selection. Every built-in
 * load-aware policy is one of these with different parts; so can a plug-in be.
 */
public final class PipelineController implements PlacementController {
    private final String name;
    private final FilterChain filters;
    private final List<WeightedScorer> scorers;
    private final Selector selector;
    private final int explainAllBelow;
    private final double totalWeight;
    /** The one-pass kernel when every part is built in; null means the general, part-by-part path. */
    private final FusedKernel fused;
    private final ExplanationBuilder explanations;
    /** Asked for every decision by the engine: worked out once. */
    private final boolean usesLiveLoad;

    public PipelineController(String name, FilterChain filters, List<WeightedScorer> scorers, Selector selector, int explainAllBelow) {
        this.name = name;
        this.filters = filters;
        this.scorers = List.copyOf(scorers);
        this.selector = selector;
        this.explainAllBelow = explainAllBelow;
        this.totalWeight = scorers.stream().mapToDouble(WeightedScorer::weight).sum();
        this.fused = FusedKernel.of(filters, this.scorers, totalWeight);
        this.explanations = new ExplanationBuilder(name, filters, this.scorers);
        this.usesLiveLoad = this.scorers.stream().anyMatch(s -> s.scorer().usesLiveLoad())
                || filters.filters().stream().anyMatch(f -> f instanceof io.berth.placement.filter.LiveLoadFilter);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean usesLiveLoad() {
        return usesLiveLoad;
    }

    public FilterChain filters() {
        return filters;
    }

    public List<WeightedScorer> scorers() {
        return scorers;
    }

    public Selector selector() {
        return selector;
    }

    /**
     * The decision, its explanation written when first read: the decision keeps what the explanation needs (the
     * tally: counts per filter, the hosts to list with their totals), and the explanation reads only those and this
     * decision's host table, which nobody writes to once decided.
     */
    @Override
    public PlacementDecision place(PlacementContext context) {
        return fused != null ? fused(context) : stepByStep(context);
    }

    /** The one-pass kernel, or null (plug-in parts), for tests. */
    FusedKernel kernel() {
        return fused;
    }

    PlacementDecision placeStepByStep(PlacementContext context) {
        return stepByStep(context);
    }

    PlacementDecision placeFused(PlacementContext context) {
        return fused(context);
    }

    /** The general path: each filter, then each scorer, in its own pass (plug-in parts welcome). */
    private PlacementDecision stepByStep(PlacementContext context) {
        HostTable t = context.hosts();
        int[] rejectedBy = filters.apply(t, context);
        double[][] perScorer = new double[scorers.size()][];
        double[] totals = new double[t.size];
        for (int s = 0; s < scorers.size(); s++) {
            double[] out = new double[t.size];
            scorers.get(s).scorer().score(t, context, rejectedBy, out);
            perScorer[s] = out;
            double w = scorers.get(s).weight() / totalWeight;
            for (int i = 0; i < t.size; i++) totals[i] += w * out[i];
        }
        return decide(context, rejectedBy, totals, (s, i) -> perScorer[s][i]);
    }

    /**
     * Built-in parts only: the same decision in one pass. With the best-host selection on a pool explained in summary,
     * the pass keeps what the explanation lists as it goes; otherwise it fills every host's verdict and total.
     */
    private PlacementDecision fused(PlacementContext context) {
        HostTable t = context.hosts();
        if (!fused.handles(t)) return stepByStep(context);
        if (t.size > explainAllBelow && selector instanceof BestSelector) {
            FusedKernel.Pass pass = fused.best(context, filters.filters().size(), !scorers.isEmpty());
            return decision(context, pass.pick(), pass.tally(), fused.scores(context));
        }
        int[] rejectedBy = new int[t.size];
        double[] totals = new double[t.size];
        fused.run(context, rejectedBy, totals);
        return decide(context, rejectedBy, totals, fused.scores(context));
    }

    private PlacementDecision decide(PlacementContext context, int[] rejectedBy, double[] totals, ExplanationBuilder.ScoreOf scoreOf) {
        int pick = selector.choose(context, rejectedBy, totals);
        HostTable t = context.hosts();
        // The verdicts and totals are this decision's own arrays: counting them can wait until the explanation is read.
        return decision(context, pick, () -> ExplanationBuilder.Tally.of(rejectedBy, totals, t.size, filters.filters().size(),
                t.size <= explainAllBelow, !scorers.isEmpty(), pick), scoreOf);
    }

    private PlacementDecision decision(PlacementContext context, int pick, Supplier<ExplanationBuilder.Tally> tally,
                                       ExplanationBuilder.ScoreOf scoreOf) {
        String selection = selector.describe();
        Supplier<io.berth.core.resource.PlacementExplanation> writer = () -> explanations.build(context, tally.get(), scoreOf, pick, selection);
        return pick < 0 ? new PlacementDecision.NoHost(writer) : new PlacementDecision.Chosen(context.hosts().hosts[pick], writer);
    }
}
