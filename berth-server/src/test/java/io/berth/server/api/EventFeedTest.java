package io.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The feed of every event a caller may see: polled with {@code after}, or streamed and resumed with Last-Event-ID. */
class EventFeedTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static TestBerth berth;
    static Api alice;
    static Api bob;
    static Api admin;

    @BeforeAll
    static void start() {
        berth = TestBerth.start(TestBerth.Options.defaults().withBootTime(Duration.ofMillis(200)).withHosts(4));
        alice = berth.login("alice");
        bob = berth.login("bob");
        admin = berth.adminApi();
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    record Message(long id, String event, JsonNode data) {}

    /** An open stream, read once the server said where it resumes (so nothing after that can be missed). */
    static final class Feed implements AutoCloseable {
        private final Stream<String> lines;
        private final Iterator<String> it;

        Feed(String query, String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(berth.server.baseUri().resolve("/api/v1/events/stream" + query))
                    .header("Authorization", "Bearer " + alice.token()).header("Accept", "text/event-stream");
            if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
            HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            this.lines = r.body();
            this.it = lines.iterator();
            within(() -> {
                while (!it.next().startsWith(": resuming after")) {
                    // skip to the server's first comment
                }
                return null;
            });
        }

        /** Messages until {@code enough} holds. */
        List<Message> until(Predicate<List<Message>> enough) throws Exception {
            return within(() -> {
                List<Message> out = new ArrayList<>();
                String id = null, event = null;
                StringBuilder data = new StringBuilder();
                while (true) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (event != null) out.add(new Message(Long.parseLong(id), event, read(data.toString())));
                        if (enough.test(out)) return out;
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) id = line.substring(3).trim();
                    else if (line.startsWith("event:")) event = line.substring(6).trim();
                    else if (line.startsWith("data:")) data.append(line.substring(5).trim());
                }
            });
        }

        private static <T> T within(java.util.function.Supplier<T> reading) throws Exception {
            return CompletableFuture.supplyAsync(reading).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static long reserve(Api who) {
        long id = who.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> who.state(id).equals("READY"));
        return id;
    }

    static boolean has(List<Message> messages, long reservationId, String type) {
        return messages.stream().anyMatch(m -> m.event().equals(type) && m.data().get("reservationId").asLong() == reservationId);
    }

    @Test
    void usersSeeTheirOwnEventsAndResumeWithoutMissingAny() throws Exception {
        long mine = reserve(alice);
        long bobs = reserve(bob);
        List<Message> first;
        try (Feed feed = new Feed("?after=0", null)) {
            first = feed.until(m -> has(m, mine, "Ready"));
        }
        assertThat(first).allMatch(m -> m.data().get("reservationId").asLong() == mine);
        assertThat(first).extracting(Message::event).startsWith("Requested", "Placed", "ProvisioningStarted", "Ready");
        long lastSeen = first.getLast().id();

        alice.post("/api/v1/reservations/" + mine + "/end", null).expect(200);
        List<Message> resumed;
        try (Feed feed = new Feed("", Long.toString(lastSeen))) {
            resumed = feed.until(m -> has(m, mine, "Closed"));
        }
        assertThat(resumed).extracting(Message::event).startsWith("EndRequested").contains("Reclaimed", "Closed");
        assertThat(resumed).allMatch(m -> m.id() > lastSeen && m.data().get("reservationId").asLong() == mine);
        assertThat(resumed).noneMatch(m -> m.data().get("reservationId").asLong() == bobs);
    }

    @Test
    void withoutAResumeTokenTheStreamStartsWithWhatHappensNext() throws Exception {
        reserve(alice);
        try (Feed feed = new Feed("", null)) {
            long next = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
            List<Message> live = feed.until(m -> !m.isEmpty());
            assertThat(live.getFirst().event()).isEqualTo("Requested");
            assertThat(live.getFirst().data().get("reservationId").asLong()).isEqualTo(next);
        }
    }

    @Test
    void pollingPagesOnWithNextAndAdminsSeeEveryone() {
        long mine = reserve(alice);
        long bobs = reserve(bob);
        JsonNode page = alice.get("/api/v1/events?after=0&limit=2").expect(200).json();
        assertThat(page.get("events")).hasSize(2);
        long next = page.get("next").asLong();
        List<Long> seen = new ArrayList<>();
        page.get("events").forEach(e -> seen.add(e.get("reservationId").asLong()));
        JsonNode rest = alice.get("/api/v1/events?after=" + next + "&limit=1000").expect(200).json();
        rest.get("events").forEach(e -> {
            assertThat(e.get("sequence").asLong()).isGreaterThan(next);
            seen.add(e.get("reservationId").asLong());
        });
        assertThat(seen).contains(mine).doesNotContain(bobs);

        List<Long> all = new ArrayList<>();
        admin.get("/api/v1/events?after=0&limit=1000").expect(200).json().get("events").forEach(e -> all.add(e.get("reservationId").asLong()));
        assertThat(all).contains(mine, bobs);
        assertThat(alice.get("/api/v1/events?limit=0").status()).isEqualTo(400);
    }
}
