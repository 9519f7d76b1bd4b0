package io.berth.plugin.example;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.metrics.HostLoad;
import io.berth.placement.PlacementController;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.plugin.HostScorerProvider;
import io.berth.placement.plugin.PipelineParts;
import io.berth.placement.plugin.PipelinePolicy;
import io.berth.placement.plugin.PlacementPolicyProvider;
import io.berth.placement.plugin.PluginLoader;
import io.berth.placement.plugin.PluginReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example plug-in as Berth meets it: packed into a jar in a plug-ins folder and loaded by {@link PluginLoader}.
 * This module's classes are kept off the test class path (see the pom), so the jar is the only way in.
 */
class ExamplePluginJarTest {
    static final Path CLASSES = Path.of(System.getProperty("plugin.classes", "target/classes"));
    static final String JAR = "berth-plugin-example.jar";

    final PolicyRegistry registry = PolicyRegistry.withBuiltIns();
    final PipelineParts parts = PipelineParts.withBuiltIns();
    // h1 runs hot, h2 is the coolest eligible host, h3 is cooler still but in maintenance, h4 has the fewest VMs.
    final Map<Long, HostLoad> loads = Map.of(1L, Hosts.load(1, 0.9, 10), 2L, Hosts.load(2, 0.3, 8),
            3L, Hosts.load(3, 0.1, 0), 4L, Hosts.load(4, 0.5, 2));

    ExamplePluginJarTest() {
        PipelinePolicy.register(registry, parts, RandomGenerator.of("L64X128MixRandom"));
    }

    static Path exampleJar(Path dir) throws IOException {
        return PluginJars.pack(CLASSES, dir.resolve(JAR));
    }

    PlacementDecision place(String policy, Map<String, String> settings) {
        Pool pool = Hosts.pool(policy, settings);
        return registry.controllerFor(pool).place(Hosts.context(pool, loads));
    }

    static Candidate explained(PlacementExplanation e, long hostId) {
        return e.candidates().stream().filter(c -> c.hostId() == hostId).findFirst().orElseThrow();
    }

    @Test
    void theExampleClassesAreNotOnTheTestClassPath() {
        assertThat(CLASSES.resolve("io/berth/plugin/example/CoolestFirstPolicy.class")).as("built by Maven").exists();
        assertThatThrownBy(() -> Class.forName("io.berth.plugin.example.CoolestFirstPolicy", false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(ServiceLoader.load(PlacementPolicyProvider.class).stream()).isEmpty();
        assertThat(ServiceLoader.load(HostScorerProvider.class).stream()).isEmpty();
    }

    @Test
    void theExamplePolicyComesFromItsJarDecidesAndExplains(@TempDir Path plugins) throws IOException {
        exampleJar(plugins);

        PluginReport report = PluginLoader.load(plugins, registry, parts);

        assertThat(report.errors()).isEmpty();
        assertThat(report.jars()).singleElement().satisfies(j -> {
            assertThat(j.file()).isEqualTo(JAR);
            assertThat(j.policies()).containsExactly("example-coolest-first");
            assertThat(j.scorers()).containsExactly("example-fewest-vms");
            assertThat(j.filters()).isEmpty();
        });
        assertThat(registry.names()).contains("example-coolest-first");

        PlacementController controller = registry.controllerFor(Hosts.pool("example-coolest-first", Map.of()));
        assertThat(controller.usesLiveLoad()).isTrue();
        ClassLoader loadedBy = ((PipelineController) controller).scorers().getFirst().scorer().getClass().getClassLoader();
        assertThat(loadedBy).isInstanceOf(URLClassLoader.class).extracting(ClassLoader::getName).isEqualTo("plugin:" + JAR);

        PlacementDecision d = place("example-coolest-first", Map.of());

        assertThat(d).isInstanceOf(PlacementDecision.Chosen.class);
        PlacementExplanation e = d.explanation();
        assertThat(e.pickedHostId()).isEqualTo(2);
        assertThat(e.controller()).isEqualTo("example-coolest-first");
        assertThat(e.summary()).startsWith("picked h2 (score 0.700)").contains("among 3 eligible of 4 host(s)");
        assertThat(explained(e, 2).scores()).containsEntry("low-cpu-p95", 0.7);
        assertThat(explained(e, 2).metrics()).containsEntry("cpuP95", 0.3);
        assertThat(explained(e, 2).metricsAgeSeconds()).isEqualTo(5.0);
        assertThat(explained(e, 1).scores().get("low-cpu-p95")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(explained(e, 3).rejectedBy()).isEqualTo("host-state");
        assertThat(e.notes()).containsEntry("weights", "low-cpu-p95=1.0");
        registry.check("example-coolest-first", Map.of("explain-all-below", "10", "vm-utilisation", "0.3"));
    }

    @Test
    void theExampleScorerServesThePipelinePolicy(@TempDir Path plugins) throws IOException {
        exampleJar(plugins);
        PluginLoader.load(plugins, registry, parts);

        PlacementDecision d = place("pipeline", Map.of("scorers", "example-fewest-vms:1"));

        assertThat(d.explanation().pickedHostId()).as("h4 has the fewest VMs of the eligible").isEqualTo(4);
        assertThat(explained(d.explanation(), 4).scores()).containsEntry("example-fewest-vms", 0.3333);
        assertThat(explained(d.explanation(), 2).scores()).containsEntry("example-fewest-vms", 0.1111);
        assertThat(place("pipeline", Map.of("scorers", "example-fewest-vms:1,current-load:1")).explanation().notes())
                .containsEntry("weights", "example-fewest-vms=1.0,current-load=1.0");
    }

    @Test
    void anUnknownVmCountIsNeitherGoodNorBad(@TempDir Path plugins) throws IOException {
        exampleJar(plugins);
        PluginLoader.load(plugins, registry, parts);
        Map<Long, HostLoad> unknown = Map.of(1L, Hosts.load(1, 0.9, -1), 2L, Hosts.load(2, 0.3, -1),
                3L, Hosts.load(3, 0.1, -1), 4L, Hosts.load(4, 0.5, -1));
        Pool pool = Hosts.pool("pipeline", Map.of("scorers", "example-fewest-vms"));

        PlacementDecision d = registry.controllerFor(pool).place(Hosts.context(pool, unknown));

        assertThat(d.explanation().candidates()).filteredOn(Candidate::eligible)
                .allSatisfy(c -> assertThat(c.scores()).containsEntry("example-fewest-vms", 0.5));
    }

    @Test
    void brokenJarsAreReportedAndBerthCarriesOn(@TempDir Path plugins, @TempDir Path work) throws IOException {
        Files.write(plugins.resolve("0-garbage.jar"), new byte[]{'P', 'K', 3, 4, 42, 42, 42});
        PluginJars.compile(BrokenPlugins.SOURCES, BrokenPlugins.SERVICES, work, plugins.resolve("broken.jar"));
        exampleJar(plugins);
        Files.copy(plugins.resolve(JAR), plugins.resolve("z-copy.jar"));

        PluginReport report = PluginLoader.load(plugins, registry, parts);

        assertThat(report.jars()).extracting(PluginReport.Jar::file).containsExactly("0-garbage.jar", JAR, "broken.jar", "z-copy.jar");
        PluginReport.Jar garbage = report.jars().get(0), example = report.jars().get(1), broken = report.jars().get(2), copy = report.jars().get(3);
        assertThat(garbage.errors()).singleElement().asString().startsWith("not a readable jar");
        assertThat(example.ok()).isTrue();
        assertThat(broken.policies()).as("its working provider still loads").containsExactly("fine");
        assertThat(broken.errors()).hasSize(5)
                .anySatisfy(m -> assertThat(m).startsWith("PlacementPolicyProvider: ").contains("broken.NotInTheJar not found"))
                .anySatisfy(m -> assertThat(m).startsWith("broken.ThrowsOnStart: ")
                        .contains("licence server unreachable"))
                .anySatisfy(m -> assertThat(m).startsWith("broken.FailsToBuild: ").contains("no controller today"))
                .anySatisfy(m -> assertThat(m).isEqualTo("broken.TakesBuiltInName: java.lang.IllegalArgumentException: "
                        + "policy least-loaded is taken by Berth; broken.jar tried to register it again"))
                .anySatisfy(m -> assertThat(m).startsWith("broken.NamelessScorer: ").contains("forgot my name"));
        assertThat(copy.errors()).containsExactly(
                "io.berth.plugin.example.CoolestFirstPolicy: java.lang.IllegalArgumentException: policy example-coolest-first "
                        + "is already offered by " + JAR + "; z-copy.jar tried to register it again",
                "io.berth.plugin.example.FewestVmsProvider: java.lang.IllegalArgumentException: scorer example-fewest-vms "
                        + "is already offered by " + JAR + "; z-copy.jar tried to register it again");
        assertThat(report.policies()).containsExactly("example-coolest-first", "fine");
        assertThat(registry.names()).containsExactly("round-robin", "least-loaded", "balanced", "packing", "pipeline",
                "example-coolest-first", "fine");
        assertThat(registry.describe()).as("the policy list still works").hasSize(7);
        assertThat(place("example-coolest-first", Map.of()).explanation().pickedHostId()).isEqualTo(2);
        assertThat(place("fine", Map.of()).explanation().pickedHostId()).isEqualTo(1);
    }
}
