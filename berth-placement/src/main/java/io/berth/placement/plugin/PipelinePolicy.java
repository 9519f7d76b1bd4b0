package io.berth.placement.plugin;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PolicySettingException;
import io.berth.placement.PlacementController;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.HostFilter;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.PolicySettings;
import io.berth.placement.score.HostScorer;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.BestSelector;
import io.berth.placement.select.Selector;
import io.berth.placement.select.TopKRandomSelector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The {@code pipeline} policy: a pool composes its own pipeline from named parts in its settings, plug-in parts
 * included, without writing a policy of its own:
 * <ul>
 *   <li>{@code scorers}: {@code name:weight,...} (weight in (0, 100], default 1), e.g. {@code example-fewest-vms:1,current-load:2};</li>
 *   <li>{@code extra-filters}: plug-in filters run after the standard ones, e.g. {@code my-filter,other-filter};</li>
 *   <li>{@code max-cpu}, {@code selection}, {@code top-k}, {@code explain-all-below}, {@code vm-utilisation}: as in the built-ins.</li>
 * </ul>
 */
public final class PipelinePolicy {
    public static final String NAME = "pipeline";
    static final String DEFAULT_SCORERS = "current-load:1";

    private PipelinePolicy() {}

    /** Registers {@code pipeline}. Parts are looked up when a pool's controller is built, so plug-ins may load later. */
    public static void register(PolicyRegistry registry, PipelineParts parts, RandomGenerator random) {
        registry.register(NAME, "composed in the pool's settings from named scorers and extra filters, plug-ins' included",
                (pool, settings) -> create(pool, settings, parts, random));
    }

    public static PlacementController create(Pool pool, PolicySettings s, PipelineParts parts, RandomGenerator random) {
        int explainAll = s.integer("explain-all-below", 64, 0, 100_000, "explanations list every candidate up to this many hosts");
        BuiltInPolicies.vmUtilisation(s); // read by the placement engine; declared here so pools may set it
        List<WeightedScorer> scorers = scorers(text(pool, s, "scorers", DEFAULT_SCORERS,
                "scorers and weights, name:weight,... from " + parts.scorerNames()), parts);
        List<HostFilter> extra = filters(text(pool, s, "extra-filters", "",
                "plug-in filters run after the standard ones, name,... from " + parts.filterNames()), parts);
        double maxCpu = s.number("max-cpu", 0.0, 0.0, 1.0,
                "reject hosts whose projected CPU with the new instance would exceed this (0: no limit)");
        String selection = s.choice("selection", "best", Set.of("best", "top-k"), "pick the best host, or a random one of the top k");
        int k = s.integer("top-k", 3, 1, 100, "k for selection=top-k");
        Selector selector = selection.equals("best") ? new BestSelector() : new TopKRandomSelector(k, random);

        // Always with the live-load filter, as the built-in pipelines: it keeps hosts without recent samples out.
        FilterChain chain = FilterChain.standard().with(new LiveLoadFilter(maxCpu));
        for (HostFilter f : extra) chain = chain.with(f);
        return new PipelineController(NAME, chain, scorers, selector, explainAll);
    }

    private static List<WeightedScorer> scorers(String spec, PipelineParts parts) {
        List<WeightedScorer> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String item : items(spec)) {
            int colon = item.indexOf(':');
            String name = (colon < 0 ? item : item.substring(0, colon)).trim();
            double weight = colon < 0 ? 1.0 : weight(name, item.substring(colon + 1).trim());
            if (!seen.add(name)) throw new PolicySettingException("scorers", "scorers names " + name + " twice");
            HostScorer scorer = parts.newScorer(name).orElseThrow(() -> new PolicySettingException("scorers",
                    "unknown scorer '" + name + "' in scorers; known: " + parts.scorerNames()));
            out.add(new WeightedScorer(scorer, weight));
        }
        if (out.isEmpty()) throw new PolicySettingException("scorers", "scorers needs at least one name:weight");
        return out;
    }

    private static double weight(String name, String text) {
        try {
            double w = Double.parseDouble(text);
            if (w > 0 && w <= 100) return w;
        } catch (NumberFormatException e) {
            // reported below, with the setting's name
        }
        throw new PolicySettingException("scorers", "the weight of " + name + " in scorers must be a number in (0, 100], not '" + text + "'");
    }

    private static List<HostFilter> filters(String spec, PipelineParts parts) {
        List<HostFilter> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : items(spec)) {
            if (!seen.add(name)) throw new PolicySettingException("extra-filters", "extra-filters names " + name + " twice");
            out.add(parts.newFilter(name).orElseThrow(() -> new PolicySettingException("extra-filters",
                    "unknown filter '" + name + "' in extra-filters; plug-ins offer " + parts.filterNames())));
        }
        return out;
    }

    private static List<String> items(String spec) {
        return Arrays.stream(spec.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    static String text(Pool pool, PolicySettings s, String key, String fallback, String meaning) {
        return s.text(key, fallback, meaning);
    }
}
