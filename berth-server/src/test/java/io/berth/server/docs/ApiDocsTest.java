package io.berth.server.docs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.rm.sim.SimSettings;
import io.berth.server.BerthServer;
import io.berth.server.config.BerthConfig;
import io.berth.server.config.ConfigLoader;
import io.berth.server.support.TestBerth;
import io.berth.server.support.TestDatabase;
import io.berth.server.xmlrpc.XmlRpcRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md is executable: its {@code sh} blocks run in order in one bash (with curl made to fail on any HTTP
 * error unless the block is marked {@code expect-http-error}) against a freshly seeded demo server in a folder laid
 * out like Berth's, its {@code python} blocks run with python3, and every field a {@code json}, {@code xml} or
 * {@code text} block shows must be in what the command before it really printed. Its method table must list exactly
 * the XML-RPC methods served, and its links must lead somewhere.
 */
class ApiDocsTest {
    static final Path DOC = Path.of("..", "docs", "api.md");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MARK = "@@@ block ";

    static Path work;
    static TestDatabase database;
    static BerthServer server;
    static DocBlocks doc;
    static Map<Integer, String> outputs;

    @BeforeAll
    static void runTheExamples() throws Exception {
        assertThat(DOC).exists();
        doc = DocBlocks.of(DOC);
        work = Files.createTempDirectory("berth-docs");
        database = TestDatabase.create("h2");
        SimSettings sim = new SimSettings(Duration.ofMillis(300), Duration.ZERO, 0.0, 7, Duration.ZERO, "constant:0.1", Map.of(), 1_000_000);
        BerthConfig config = new BerthConfig(new BerthConfig.Http("127.0.0.1", 0),
                new BerthConfig.Database(database.url(), database.user(), "", 10), work.resolve("data"),
                new BerthConfig.Sim(true, sim), TestBerth.fastLifecycle(), true, "text")
                .withRebalance(new BerthConfig.Rebalance(new io.berth.core.rebalance.RebalanceService.Settings(Duration.ZERO,
                        Duration.ofMinutes(30), Duration.ofSeconds(30)), io.berth.placement.rebalance.RebalanceSettings.defaults()))
                .withXmlRpc(BerthConfig.XmlRpc.defaults().withAllowHttp(true));
        server = BerthServer.start(config, Clock.systemUTC());
        outputs = runShell();
        runPython();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) server.close();
        if (database != null) database.close();
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** All sh blocks in one bash, each output marked, so that later blocks see earlier blocks' variables. */
    static Map<Integer, String> runShell() throws Exception {
        StringBuilder script = new StringBuilder("set -euo pipefail\n")
                .append("curl() { if [ -n \"${EXPECT_HTTP_ERROR:-}\" ]; then command curl \"$@\"; ")
                .append("else command curl --fail-with-body \"$@\"; fi; }\n");
        for (DocBlocks.Block b : doc.of("sh")) {
            script.append("printf '\\n").append(MARK).append(b.index()).append("\\n'\n");
            if (b.has("expect-http-error")) script.append("EXPECT_HTTP_ERROR=1\n");
            script.append(b.text());
            script.append("unset EXPECT_HTTP_ERROR\n");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("B", server.baseUri().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String output = finish(p, "the sh examples of docs/api.md");
        Map<Integer, String> byBlock = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\n" + Pattern.quote(MARK) + "(\\d+)\\n").matcher(output);
        int block = -1;
        int from = 0;
        while (m.find()) {
            if (block >= 0) byBlock.put(block, output.substring(from, m.start()));
            block = Integer.parseInt(m.group(1));
            from = m.end();
        }
        if (block >= 0) byBlock.put(block, output.substring(from));
        // Kept for whoever must see why an example broke.
        Files.writeString(Path.of("target", "api-docs-output.txt"), output);
        return byBlock;
    }

    static void runPython() throws Exception {
        for (DocBlocks.Block b : doc.of("python")) {
            Path script = work.resolve("example-" + b.line() + ".py");
            Files.writeString(script, b.text());
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString()).directory(work.toFile()).redirectErrorStream(true);
            pb.environment().put("B", server.baseUri().toString());
            pb.environment().put("PW", credentials().getProperty("user.password"));
            finish(pb.start(), "the python example on line " + b.line() + " of docs/api.md");
        }
    }

    static String finish(Process p, String what) throws Exception {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish within 180 s:\n" + out.getNow(""));
        }
        String text = out.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(what + " failed:\n" + text).isZero();
        return text;
    }

    static Properties credentials() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(work.resolve("data").resolve("demo-credentials.properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void everyJsonExampleShowsOnlyFieldsTheServerReallyReturns() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (DocBlocks.Block shown : doc.of("json")) {
            JsonNode documented = JSON.readTree(shown.text());
            String output = outputs.get(doc.commandBefore(shown).index());
            JsonNode live = lastJson(output);
            if (live == null) {
                wrong.add("line " + shown.line() + ": the command before printed no JSON: " + output);
                continue;
            }
            missing(documented, shape(live), "", wrong, shown.line());
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyXmlAndTextExampleShowsWhatTheServerReallySends() {
        List<String> wrong = new ArrayList<>();
        for (DocBlocks.Block shown : doc.of("xml")) {
            String output = outputs.get(doc.commandBefore(shown).index());
            Matcher m = Pattern.compile("<name>([^<]+)</name>").matcher(shown.text());
            while (m.find()) {
                if (!output.contains("<name>" + m.group(1) + "</name>")) wrong.add("line " + shown.line() + ": member " + m.group(1));
            }
            if (!output.contains("<methodResponse>")) wrong.add("line " + shown.line() + ": no methodResponse in " + output);
        }
        for (DocBlocks.Block shown : doc.of("text")) {
            String output = outputs.get(doc.commandBefore(shown).index());
            for (String line : shown.text().split("\n")) {
                if (line.startsWith("event:") && !output.contains(line)) wrong.add("line " + shown.line() + ": " + line + " not in " + output);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theCompatibilityTableListsExactlyTheMethodsServed() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(DOC)) {
            if (!line.startsWith("| `XMLRPC")) continue;
            Matcher m = Pattern.compile("`(XMLRPC[A-Za-z]+)").matcher(line.substring(0, line.indexOf('|', 2)));
            while (m.find()) documented.add(m.group(1));
        }
        var routes = new XmlRpcRoutes(server.core(), BerthConfig.XmlRpc.defaults(), TestBerth.fastLifecycle(), Clock.systemUTC());
        assertThat(documented).isEqualTo(new TreeSet<>(routes.methods()));
    }

    @Test
    void linksLeadSomewhereAndTheReadmeLeadsHere() throws IOException {
        String text = Files.readString(DOC);
        Matcher m = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)").matcher(text);
        while (m.find()) assertThat(DOC.getParent().resolve(m.group(1))).as(m.group(0)).exists();
        Matcher anchors = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(text);
        Set<String> headings = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) headings.add(line.replaceFirst("^#+ ", "").toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        while (anchors.find()) assertThat(headings).as("anchor #" + anchors.group(1)).contains(anchors.group(1));
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("docs/api.md");
    }

    @Test
    void theReadmeDocumentsTheHttpAndXmlRpcSettings() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String key : ConfigLoader.KEYS) {
            if (key.startsWith("berth.xmlrpc.") || key.startsWith("berth.http.")) assertThat(readme).as(key).contains("`" + key + "`");
        }
    }

    /** The last JSON document in a command's output (curl prints them back to back). */
    static JsonNode lastJson(String output) {
        int start = output.indexOf('{') < 0 ? output.indexOf('[') : output.indexOf('[') < 0 ? output.indexOf('{')
                : Math.min(output.indexOf('{'), output.indexOf('['));
        if (start < 0) return null;
        JsonNode last = null;
        try (JsonParser parser = JSON.getFactory().createParser(output.substring(start))) {
            while (parser.nextToken() != null) last = JSON.readTree(parser);
        } catch (IOException e) {
            // trailing text that is not JSON ends the sequence
        }
        return last;
    }

    /** Every key path a JSON value has, array elements merged. */
    static JsonNode shape(JsonNode live) {
        if (live.isArray()) {
            var merged = JSON.createObjectNode();
            for (JsonNode e : live) merge(merged, shape(e));
            return JSON.createArrayNode().add(merged);
        }
        if (live.isObject()) {
            var o = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = live.fields(); it.hasNext(); ) {
                var f = it.next();
                o.set(f.getKey(), shape(f.getValue()));
            }
            return o;
        }
        return JSON.nullNode();
    }

    static void merge(com.fasterxml.jackson.databind.node.ObjectNode into, JsonNode shape) {
        if (!shape.isObject()) return;
        shape.fields().forEachRemaining(f -> {
            JsonNode existing = into.get(f.getKey());
            if (existing != null && existing.isObject() && f.getValue().isObject()) {
                merge((com.fasterxml.jackson.databind.node.ObjectNode) existing, f.getValue());
            } else if (existing != null && existing.isArray() && f.getValue().isArray()) {
                merge((com.fasterxml.jackson.databind.node.ObjectNode) existing.get(0), f.getValue().get(0));
            } else if (existing == null || existing.isNull()) {
                into.set(f.getKey(), f.getValue());
            }
        });
    }

    static void missing(JsonNode documented, JsonNode shape, String path, List<String> wrong, int line) {
        if (documented.isArray()) {
            JsonNode element = shape.isArray() && !shape.isEmpty() ? shape.get(0) : null;
            for (JsonNode e : documented) {
                if (element == null && (e.isObject() || e.isArray())) wrong.add("line " + line + ": " + path + "[] is empty or not an array");
                else if (element != null) missing(e, element, path + "[]", wrong, line);
            }
        } else if (documented.isObject()) {
            documented.fields().forEachRemaining(f -> {
                JsonNode s = shape.isObject() ? shape.get(f.getKey()) : null;
                if (s == null) wrong.add("line " + line + ": " + path + "." + f.getKey() + " is not in the real answer");
                else if (!s.isNull()) missing(f.getValue(), s, path + "." + f.getKey(), wrong, line);
            });
        }
    }
}
