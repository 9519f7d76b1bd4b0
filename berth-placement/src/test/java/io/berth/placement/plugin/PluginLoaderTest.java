package io.berth.placement.plugin;

import io.berth.placement.PolicyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading jars that hold no working plug-in. (Loading a real one is tested in berth-plugin-example, against the
 * example plug-in packed into a jar.)
 */
class PluginLoaderTest {
    final PolicyRegistry registry = PolicyRegistry.withBuiltIns();
    final PipelineParts parts = PipelineParts.withBuiltIns();

    @Test
    void aMissingFolderMeansNoPlugIns(@TempDir Path dir) {
        PluginReport report = PluginLoader.load(dir.resolve("plugins"), registry, parts);

        assertThat(report.jars()).isEmpty();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void brokenJarsAreReportedAndDoNotStopTheOthers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a-garbage.jar"), "this is not a zip file");
        jar(dir.resolve("b-empty.jar"), null);
        jar(dir.resolve("c-missing-class.jar"), "com.example.DoesNotExist\n");
        Files.writeString(dir.resolve("notes.txt"), "not a jar, not even looked at");

        PluginReport report = PluginLoader.load(dir, registry, parts);

        assertThat(report.jars()).extracting(PluginReport.Jar::file).containsExactly("a-garbage.jar", "b-empty.jar", "c-missing-class.jar");
        assertThat(report.ok()).isFalse();
        assertThat(report.jars().get(0).errors()).singleElement().asString().startsWith("not a readable jar");
        assertThat(report.jars().get(1).errors()).singleElement().asString().contains("offers no placement policy, filter or scorer");
        assertThat(report.jars().get(2).errors()).singleElement().asString()
                .startsWith("PlacementPolicyProvider: ").contains("com.example.DoesNotExist not found");
        assertThat(report.policies()).isEmpty();
        assertThat(registry.names()).containsExactly("round-robin", "least-loaded", "balanced", "packing");
    }

    /** A jar with a manifest and, if given, a services file for PlacementPolicyProvider. */
    static void jar(Path file, String policyProviders) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            if (policyProviders != null) {
                jar.putNextEntry(new JarEntry("META-INF/services/" + PlacementPolicyProvider.class.getName()));
                jar.write(policyProviders.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }
}
