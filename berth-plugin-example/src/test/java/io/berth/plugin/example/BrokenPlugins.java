package io.berth.plugin.example;

import java.util.Map;

/**
 * Sources of a plug-in jar gone wrong in every way a provider can (and a services file naming a class the jar lacks),
 * plus one provider that works. They are compiled
 * at test time into a jar of their own, so they exist nowhere else.
 */
final class BrokenPlugins {
    private BrokenPlugins() {}

    private static final String IMPORTS = """
            package broken;
            import io.berth.core.domain.Pool;
            import io.berth.placement.PlacementController;
            import io.berth.placement.filter.FilterChain;
            import io.berth.placement.plugin.PlacementPolicyProvider;
            import io.berth.placement.policy.PolicySettings;
            import io.berth.placement.policy.RoundRobinController;
            """;

    static final Map<String, String> SOURCES = Map.of(
            "broken.ThrowsOnStart", IMPORTS + """
                    public class ThrowsOnStart implements PlacementPolicyProvider {
                        public ThrowsOnStart() { throw new IllegalStateException("licence server unreachable"); }
                        public String name() { return "throws-on-start"; }
                        public String description() { return ""; }
                        public PlacementController create(Pool p, PolicySettings s) { return null; }
                    }
                    """,
            "broken.FailsToBuild", IMPORTS + """
                    public class FailsToBuild implements PlacementPolicyProvider {
                        public String name() { return "fails-to-build"; }
                        public String description() { return ""; }
                        public PlacementController create(Pool p, PolicySettings s) { throw new UnsupportedOperationException("no controller today"); }
                    }
                    """,
            "broken.TakesBuiltInName", IMPORTS + """
                    public class TakesBuiltInName implements PlacementPolicyProvider {
                        public String name() { return "least-loaded"; }
                        public String description() { return ""; }
                        public PlacementController create(Pool p, PolicySettings s) { return new RoundRobinController(FilterChain.standard()); }
                    }
                    """,
            "broken.Fine", IMPORTS + """
                    public class Fine implements PlacementPolicyProvider {
                        public String name() { return "fine"; }
                        public String description() { return "round robin, from a jar"; }
                        public PlacementController create(Pool p, PolicySettings s) { return new RoundRobinController(FilterChain.standard()); }
                    }
                    """,
            "broken.NamelessScorer", """
                    package broken;
                    public class NamelessScorer implements io.berth.placement.plugin.HostScorerProvider {
                        public String name() { throw new IllegalStateException("forgot my name"); }
                        public io.berth.placement.score.HostScorer create() { return null; }
                    }
                    """);

    static final Map<String, String> SERVICES = Map.of(
            "io.berth.placement.plugin.PlacementPolicyProvider", "broken.NotInTheJar\nbroken.ThrowsOnStart\nbroken.FailsToBuild\nbroken.TakesBuiltInName\nbroken.Fine\n",
            "io.berth.placement.plugin.HostScorerProvider", "broken.NamelessScorer\n");
}
