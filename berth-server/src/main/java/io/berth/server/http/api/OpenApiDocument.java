package io.berth.server.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The hand-written OpenAPI 3.1 document (src/main/resources/openapi.yaml), served as YAML and JSON. */
public final class OpenApiDocument {
    private OpenApiDocument() {}

    public static JsonNode parse(String yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml is not valid YAML", e);
        }
    }

    static String yamlToJson(String yaml) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(parse(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled Swagger UI webjar's version, read from its Maven metadata, so the docs page needs no CDN. */
    static String swaggerUiVersion() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("swagger-ui webjar missing from the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
