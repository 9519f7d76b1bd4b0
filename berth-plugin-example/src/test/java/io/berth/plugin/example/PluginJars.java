package io.berth.plugin.example;

import io.berth.core.domain.Pool;
import io.berth.placement.plugin.PlacementPolicyProvider;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds plug-in jars at test time: packs compiled classes (services files included), or compiles sources first. */
final class PluginJars {
    private PluginJars() {}

    /** Packs every file under {@code classes} into {@code jar}, as {@code mvn package} would. */
    static Path pack(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Compiles {@code sources} (class name → source) against Berth's placement API, writes {@code services}
     * (service interface → provider lines) and packs it all into {@code jar}: a plug-in that exists only in that jar.
     */
    static Path compile(Map<String, String> sources, Map<String, String> services, Path work, Path jar) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("these tests need a JDK (with javac), not a JRE");
        Path src = Files.createDirectories(work.resolve("src"));
        Path out = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", apiClassPath(), "--release", "21"));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("javac failed (" + rc + "); see the test output");
        Path meta = Files.createDirectories(out.resolve("META-INF/services"));
        for (var e : services.entrySet()) Files.writeString(meta.resolve(e.getKey()), e.getValue());
        return pack(out, jar);
    }

    /** Where berth-placement and berth-core are on this test run's class path (a jar or a classes folder each). */
    private static String apiClassPath() {
        return String.join(java.io.File.pathSeparator, location(PlacementPolicyProvider.class), location(Pool.class));
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
