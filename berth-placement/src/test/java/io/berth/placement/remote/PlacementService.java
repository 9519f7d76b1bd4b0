package io.berth.placement.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The test placement service (src/test/resources/remote-policy/server.py) in a python3 process of its own, so the
 * http policy is tested over a real socket against a real server. The script binds a free port and prints it as its
 * first line; waiting for that line is waiting for the server to listen.
 */
final class PlacementService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    private PlacementService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PlacementService start() throws Exception {
        Path script = Path.of(PlacementService.class.getResource("/remote-policy/server.py").toURI());
        Path log = Path.of("target", "remote-policy-server.log").toAbsolutePath();
        Process p = new ProcessBuilder("python3", "-u", script.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())) // request log; a full pipe would stall the server
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("server.py did not print its port; see " + log, e);
        }
        if (first == null) throw new IllegalStateException("server.py exited (" + p.waitFor() + "); see " + log);
        return new PlacementService(p, Integer.parseInt(first.trim()));
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    /** The last placement request the service received: {"headers": {lower-case name: value}, "body": request}. */
    JsonNode last() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url("/last"))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** POSTs a request body to one of the service's behaviours, as Berth would, and returns the answer's body. */
    String post(String pathAndQuery, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
