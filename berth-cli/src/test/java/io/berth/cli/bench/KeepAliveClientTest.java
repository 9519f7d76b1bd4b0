package io.berth.cli.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's client against a real HTTP/1.1 server: fixed-length and chunked bodies, kept-alive connections. */
class KeepAliveClientTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRemoteAddress().getPort() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + new String(body, StandardCharsets.UTF_8));
            byte[] answer = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            seen.add(String.valueOf(exchange.getRemoteAddress().getPort()));
            exchange.sendResponseHeaders(409, 0); // length unknown: chunked
            exchange.getResponseBody().write("x".repeat(70_000).getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void sendsThePreparedRequestAgainOnOneConnection() throws IOException {
        try (KeepAliveClient client = new KeepAliveClient(base(), "/fixed", "Bearer t1", "{\"imageId\":3}")) {
            assertThat(client.send()).isEqualTo(201);
            assertThat(client.send()).isEqualTo(201);
            assertThat(client.send()).isEqualTo(201);
        }

        assertThat(seen).hasSize(3).allSatisfy(s -> assertThat(s).endsWith(" Bearer t1 {\"imageId\":3}"));
        assertThat(seen.stream().map(s -> s.split(" ")[0]).distinct()).as("one connection for all three").hasSize(1);
    }

    @Test
    void readsChunkedBodiesToTheEndSoTheConnectionStaysUsable() throws IOException {
        try (KeepAliveClient client = new KeepAliveClient(base(), "/chunked", "Bearer t2", "{}")) {
            assertThat(client.send()).isEqualTo(409);
            assertThat(client.send()).isEqualTo(409);
        }

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(seen.get(1));
    }
}
