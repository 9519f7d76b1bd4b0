package io.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.http.Route;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document and the server agree: every route is documented, and every documented route exists. */
class OpenApiContractTest {
    static TestBerth berth;
    static JsonNode document;

    @BeforeAll
    static void start() {
        berth = TestBerth.start();
        document = berth.anonymous().get("/openapi.json").expect(200).json();
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    static Set<String> documented() {
        Set<String> ops = new TreeSet<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = document.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                String m = methods.next();
                if (Set.of("get", "post", "put", "patch", "delete").contains(m)) ops.add(m.toUpperCase() + " " + path);
            }
        }
        return ops;
    }

    static Set<String> served() {
        Set<String> ops = new TreeSet<>();
        for (Route r : berth.server.routes().routes()) ops.add(r.method().name() + " " + r.path());
        return ops;
    }

    @Test
    void isOpenApi31() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(berth.anonymous().get("/openapi.yaml").expect(200).body()).startsWith("openapi: 3.1.0");
    }

    @Test
    void everyServedRouteIsDocumented() {
        Set<String> missing = new TreeSet<>(served());
        missing.removeAll(documented());
        assertThat(missing).as("routes missing from openapi.yaml").isEmpty();
    }

    @Test
    void everyDocumentedRouteIsServed() {
        Set<String> extra = new TreeSet<>(documented());
        extra.removeAll(served());
        assertThat(extra).as("documented routes the server does not have").isEmpty();
        // And really answers: no documented path is a 404 "no route" on the live server.
        List<String> unrouted = new ArrayList<>();
        for (String op : documented()) {
            String[] parts = op.split(" ", 2);
            var answer = berth.anonymous().send(parts[0], parts[1].replaceAll("\\{[^}]+}", "1"), null, null);
            if (answer.status() == 404 && answer.body().contains("no route")) unrouted.add(op);
        }
        assertThat(unrouted).isEmpty();
    }

    @Test
    void everyOperationHasAnIdResponsesAndResolvableReferences() {
        Set<String> ids = new HashSet<>();
        document.get("paths").forEach(item -> item.fields().forEachRemaining(e -> {
            if (!e.getValue().has("responses")) return;
            JsonNode op = e.getValue();
            assertThat(op.has("operationId")).isTrue();
            assertThat(ids.add(op.get("operationId").asText())).as("operationId unique: " + op.get("operationId")).isTrue();
            assertThat(op.get("responses").size()).isPositive();
        }));
        List<String> refs = document.findValuesAsText("$ref");
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            JsonNode target = document.at(ref.substring(1));
            assertThat(target.isMissingNode()).as("unresolvable " + ref).isFalse();
        }
    }

    @Test
    void theDocumentationPageIsServedWithItsAssetsFromTheServerItself() {
        String page = berth.anonymous().get("/docs").expect(200).body();
        assertThat(page).doesNotContain("https://").contains("/webjars/swagger-ui/");
        String bundle = page.replaceAll("(?s).*src=\"([^\"]+swagger-ui-bundle.js)\".*", "$1");
        var js = berth.anonymous().get(bundle);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.body().length()).isGreaterThan(100_000);
    }
}
