package io.berth.server.api;

import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Server-Sent Events stream of a reservation: history, then live events, resumable by Last-Event-ID. */
class EventStreamTest {
    private TestBerth berth;
    private Api alice;

    @BeforeEach
    void start() {
        berth = TestBerth.start(TestBerth.Options.defaults().withBootTime(Duration.ofMillis(300)));
        alice = berth.login("alice");
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    record Message(String id, String event, String data) {}

    /** Reads the stream until the server closes it (after the reservation ended and was reclaimed). */
    private CompletableFuture<List<Message>> open(long reservationId, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(berth.server.baseUri().resolve("/api/v1/reservations/" + reservationId + "/events/stream"))
                .header("Authorization", "Bearer " + alice.token()).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        return HttpClient.newHttpClient().sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
                .thenApply(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                    return parse(r.body());
                });
    }

    private static List<Message> parse(Stream<String> lines) {
        List<Message> out = new ArrayList<>();
        String id = null, event = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.isEmpty()) {
                if (event != null) out.add(new Message(id, event, data.toString()));
                id = null;
                event = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) id = line.substring(3).trim();
            else if (line.startsWith("event:")) event = line.substring(6).trim();
            else if (line.startsWith("data:")) data.append(line.substring(5).trim());
        }
        return out;
    }

    @Test
    void streamsTheWholeLifeAndEndsWhenTheReservationHasEnded() throws Exception {
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        CompletableFuture<List<Message>> stream = open(id, null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                alice.get("/api/v1/reservations/" + id).json().get("state").asText().equals("READY"));
        alice.post("/api/v1/reservations/" + id + "/end", null).expect(200);

        List<Message> messages = stream.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(messages).extracting(Message::event).containsExactly(
                "Requested", "Placed", "ProvisioningStarted", "Ready", "EndRequested", "Reclaimed", "Closed");
        var logged = alice.get("/api/v1/reservations/" + id + "/events").json();
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).id()).isEqualTo(logged.get(i).get("sequence").asText());
            assertThat(messages.get(i).data()).contains("\"reservationSeq\":" + (i + 1));
        }

        // A client that reconnects after the third event gets exactly the rest.
        List<Message> resumed = open(id, messages.get(2).id()).get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(resumed).extracting(Message::event).containsExactly("Ready", "EndRequested", "Reclaimed", "Closed");
    }

    @Test
    void withoutTheEventStreamAcceptHeaderTheAnswerSaysWhatToSend() {
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        var answer = alice.get("/api/v1/reservations/" + id + "/events/stream");
        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.json().get("detail").asText()).contains("Accept: text/event-stream");
    }
}
