package io.berth.placement.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.berth.core.domain.HostState;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementRequest;
import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.filter.FilterChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.berth.placement.fixtures.PlacementFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published protocol (docs/placement-protocol) is what Berth really sends: requests captured by the test
 * service follow request.schema.json, and answers (the test service's, and the README's examples) response.schema.json.
 */
class ProtocolSchemaTest {
    static final Path DOCS = Path.of("..", "docs", "placement-protocol");
    static final ObjectMapper JSON = new ObjectMapper();
    static PlacementService service;
    static JsonSchema requestSchema;
    static JsonSchema responseSchema;

    @BeforeAll
    static void setUp() throws Exception {
        service = PlacementService.start();
        requestSchema = schema("request.schema.json");
        responseSchema = schema("response.schema.json");
    }

    @AfterAll
    static void tearDown() throws Exception {
        service.stop();
    }

    static JsonSchema schema(String file) throws IOException {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(DOCS.resolve(file))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
    }

    /** Places through the test service and returns the request body it received. */
    JsonNode sentBy(Map<String, String> settings, PlacementGroup group) throws Exception {
        PolicyRegistry registry = PolicyRegistry.withBuiltIns();
        RemotePolicy.register(registry, HttpClient.newHttpClient());
        // A generous time-out unless the test is about time-outs: a busy machine must not turn "answered" into "fell back".
        Map<String, String> effective = new java.util.HashMap<>(settings);
        effective.putIfAbsent("timeout-ms", "5000");
        Pool pool = pool(RemotePolicy.NAME, effective);
        var hosts = List.of(candidate(pool, host(1, HostState.AVAILABLE)), candidate(pool, host(2, HostState.AVAILABLE)),
                candidate(pool, host(3, HostState.DOWN)), candidate(pool, host(4, HostState.AVAILABLE)));
        var loads = Map.of(1L, load(1, 0.5, 0.6, 3), 2L, load(2, 0.2, 0.3, 0), 3L, load(3, 0.1, 0.1, 1), 4L, neverSampled(4));
        PlacementDecision d = registry.controllerFor(pool).place(context(pool, request(hosts, group), loads));
        assertThat(d.explanation().notes()).as("the service answered").doesNotContainKey("fallback");
        return service.last().get("body");
    }

    @Test
    void theRequestsBerthSendsFollowTheRequestSchema() throws Exception {
        JsonNode plain = sentBy(Map.of("url", service.url("/good")), null);
        JsonNode everything = sentBy(Map.of("url", service.url("/good"), "send-rejected", "true", "timeout-ms", "2000"),
                new PlacementGroup("exam-42", PlacementGroup.Kind.ANTI_AFFINITY));

        assertValid(requestSchema, plain);
        assertValid(requestSchema, everything);
        // What the schema allows is what these requests exercise: unknown figures as null, groups, rejections.
        assertThat(plain.at("/candidates/2/load/cpuP95").isNull()).as("h4 was never sampled").isTrue();
        assertThat(plain.at("/candidates/2/load/vmCount").isNull()).isTrue();
        assertThat(plain.get("group").isNull()).isTrue();
        assertThat(everything.at("/group/kind").asText()).isEqualTo("ANTI_AFFINITY");
        assertThat(everything.at("/rejected/0/filter").asText()).isEqualTo("host-state");
    }

    @Test
    void aRequestWithoutLiveLoadFollowsTheSchemaToo() throws Exception {
        Pool pool = pool(RemotePolicy.NAME, Map.of("url", "http://127.0.0.1:1/"));
        PlacementRequest request = request(List.of(candidate(pool, host(1, HostState.AVAILABLE))), null);
        var context = new PlacementContext(request, pool, HostTable.of(request, request.candidates(), null, 0.5), NOW);
        FilterChain filters = FilterChain.standard();
        JsonNode body = JSON.readTree(ProtocolRequest.of(context, filters, filters.apply(context.hosts(), context), false).toJson());

        assertValid(requestSchema, body);
        assertThat(body.at("/candidates/0/load").isNull()).isTrue();
    }

    @Test
    void theServicesAnswerFollowsTheResponseSchema() throws Exception {
        JsonNode request = sentBy(Map.of("url", service.url("/good")), null);
        JsonNode answer = JSON.readTree(service.post("/good", JSON.writeValueAsString(request)));

        assertValid(responseSchema, answer);
        assertThat(answer.get("ranking")).hasSize(3);
    }

    @Test
    void theReadmesExamplesFollowTheSchemas() throws Exception {
        List<JsonNode> examples = jsonBlocks(Files.readString(DOCS.resolve("README.md")));

        assertThat(examples).as("the README shows one request and one response").hasSize(2);
        assertValid(requestSchema, examples.get(0));
        assertValid(responseSchema, examples.get(1));
    }

    @Test
    void theSchemasRejectWhatTheProtocolDoesNotAllow() throws Exception {
        JsonNode request = sentBy(Map.of("url", service.url("/good")), null);
        ((ObjectNode) request).put("surprise", 1);
        ((ObjectNode) request.at("/candidates/0/load")).put("cpuP95", "high");

        assertThat(messages(requestSchema, request)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("'surprise'"))
                .anySatisfy(m -> assertThat(m).contains("cpuP95"));
        assertThat(messages(responseSchema, JSON.readTree("{\"hosts\": [1, 2]}"))).isNotEmpty();
        assertThat(messages(responseSchema, JSON.readTree("{\"ranking\": []}"))).isNotEmpty();
        assertThat(messages(responseSchema, JSON.readTree("{\"ranking\": [{\"hostId\": \"h1\"}]}"))).isNotEmpty();
    }

    static void assertValid(JsonSchema schema, JsonNode document) {
        assertThat(messages(schema, document)).as("validating %s", document).isEmpty();
    }

    static Set<ValidationMessage> messages(JsonSchema schema, JsonNode document) {
        return schema.validate(document);
    }

    static List<JsonNode> jsonBlocks(String markdown) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) out.add(JSON.readTree(m.group(1)));
        return out;
    }
}
