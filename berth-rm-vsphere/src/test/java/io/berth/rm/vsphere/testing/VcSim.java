package io.berth.rm.vsphere.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * govmomi's vCenter simulator as a child process, for tests: a real vim25 SOAP endpoint over TLS (datacenter DC0,
 * cluster DC0_C0 of ESX hosts, template VMs). Built by scripts/vcsim-build on first use. It can be stopped and
 * started again on the same port (a vCenter outage), and its control endpoint sets hosts' load and connection.
 */
public final class VcSim implements AutoCloseable {
    public static final String USER = "berth";
    public static final String PASSWORD = "berth-secret";
    public static final String DATACENTER = "DC0";
    public static final String CLUSTER = "DC0_C0";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How the simulator is started. */
    public record Options(int hosts, List<String> templates, int cloneDelayMs, boolean noPerf) {
        public static Options defaults() {
            return new Options(3, List.of("ubuntu-22.04"), 0, false);
        }

        public Options withCloneDelayMs(int ms) { return new Options(hosts, templates, ms, noPerf); }
        public Options withoutPerformanceCounters() { return new Options(hosts, templates, cloneDelayMs, true); }
        public Options withHosts(int n) { return new Options(n, templates, cloneDelayMs, noPerf); }
    }

    private final Options options;
    private Process process;
    private URI url;
    private URI control;
    private String sha1;
    private String sha256;
    private String password = PASSWORD;

    private VcSim(Options options) {
        this.options = options;
    }

    public static VcSim start() {
        return start(Options.defaults());
    }

    public static VcSim start(Options options) {
        VcSim sim = new VcSim(options);
        sim.launch("127.0.0.1:0");
        return sim;
    }

    /** The SDK endpoint, e.g. https://127.0.0.1:40123/sdk. */
    public URI url() { return url; }
    /** The TLS certificate's SHA-1 thumbprint (AA:BB:...), as vCenter screens show it. */
    public String sha1Thumbprint() { return sha1; }
    public String sha256Thumbprint() { return sha256; }

    /** Stops the process at once, like a vCenter that crashed or whose network went away. */
    public void stop() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("the simulator did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts a fresh simulator (a new inventory, the same host ids) on the same port. */
    public void restart() {
        stop();
        launch("127.0.0.1:" + url.getPort());
    }

    /** Restarts with another login password, as when an admin rotates the password of Berth's vCenter user. */
    public void restartWithPassword(String newPassword) {
        stop();
        password = newPassword;
        launch("127.0.0.1:" + url.getPort());
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Makes a host report this CPU and memory use (percent) through QueryPerf and summary.quickStats. */
    public void hostLoad(String hostMoid, double cpuPercent, double memoryPercent) {
        control("/host-load?host=" + hostMoid + "&cpu=" + cpuPercent + "&mem=" + memoryPercent);
    }

    /** Sets a host's connection state: connected, disconnected or notResponding. */
    public void hostConnection(String hostMoid, String state) {
        control("/host-connection?host=" + hostMoid + "&state=" + state);
    }

    private void control(String pathAndQuery) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(control.resolve(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("simulator control " + pathAndQuery + ": " + r.statusCode() + " " + r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch(String listen) {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-listen", listen, "-hosts", Integer.toString(options.hosts()),
                "-templates", String.join(",", options.templates()), "-user", USER, "-password", password));
        if (options.cloneDelayMs() > 0) cmd.addAll(List.of("-clone-delay-ms", Integer.toString(options.cloneDelayMs())));
        if (options.noPerf()) cmd.add("-no-perf");
        try {
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            if (line == null) throw new IllegalStateException("the simulator exited before it was ready (" + cmd + ")");
            Map<String, String> ready = flatJson(line);
            url = URI.create(ready.get("url"));
            control = URI.create(ready.get("control"));
            sha1 = ready.get("sha1");
            sha256 = ready.get("sha256");
        } catch (Exception e) {
            if (process != null) process.destroyForcibly();
            throw new IllegalStateException("could not start the vCenter simulator: " + e.getMessage(), e);
        }
    }

    /** The simulator's one-line JSON object of strings. */
    static Map<String, String> flatJson(String line) {
        Map<String, String> m = new java.util.HashMap<>();
        Matcher matcher = Pattern.compile("\"([a-z0-9]+)\":\"([^\"]*)\"").matcher(line);
        while (matcher.find()) m.put(matcher.group(1), matcher.group(2));
        return m;
    }

    private static Path binary() {
        synchronized (VcSim.class) {
            Path root = repositoryRoot();
            Path bin = root.resolve("berth-rm-vsphere/target/vcsim/vcsim");
            try {
                Process build = new ProcessBuilder(root.resolve("scripts/vcsim-build").toString(), bin.toString())
                        .redirectErrorStream(true).start();
                String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (build.waitFor() != 0 || !Files.isExecutable(bin)) {
                    throw new IllegalStateException("scripts/vcsim-build failed:\n" + output);
                }
                return bin;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The checkout's root, found from the test's working folder (a module, or the root itself). */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("scripts/vcsim-build"))) return p;
        }
        throw new IllegalStateException("cannot find scripts/vcsim-build above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        stop();
    }
}
