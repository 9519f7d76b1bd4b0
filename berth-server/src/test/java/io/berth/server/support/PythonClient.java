package io.berth.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script from the test resources with the machine's {@code python3} (standard library only, so an
 * XML-RPC client nobody here wrote) and reads the one JSON document it prints. A script that fails, or a missing
 * python3, fails the test with what it wrote to stderr.
 */
public final class PythonClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonClient() {}

    public static JsonNode run(String resource, Map<String, String> env) {
        Path script = resourcePath(resource);
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(resource + " did not finish within 180 s");
            }
            String stdout = out.join();
            if (p.exitValue() != 0) {
                throw new AssertionError(resource + " exited with " + p.exitValue() + ":\n" + err.join() + "\n" + stdout);
            }
            return JSON.readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError("cannot run python3 " + script + " (is Python 3 installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourcePath(String resource) {
        try {
            var url = PythonClient.class.getResource("/" + resource);
            if (url == null) throw new AssertionError("no test resource " + resource);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
