package io.bankcore.app.events;

import static io.bankcore.app.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.WebhookReceiver;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The event feed, its stream and webhooks over a real socket, with a receiver that checks every
 * signature. Subclasses run it against each supported database; they allow plain http to loopback
 * (what the receiver listens on), and short back-offs.
 */
public abstract class EventFeedTests {

    public static final String[] PROPERTIES = {
        "bankcore.webhooks.allow-http=true",
        "bankcore.webhooks.allowed-addresses=loopback",
        "bankcore.webhooks.retry.initial=50ms",
        "bankcore.webhooks.retry.max=200ms",
        "bankcore.webhooks.max-failures=6",
        "bankcore.sinks.poll-interval=20ms",
        "bankcore.sinks.round-time=300ms",
        "bankcore.events.stream.poll-interval=50ms"
    };

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    long newest() {
        return http.get("/events?limit=1&after=999999999")
                .json()
                .get("newest_position")
                .longValue();
    }

    /** Every event after a position, following next until the feed is exhausted. */
    List<JsonNode> feed(long after, String types) {
        var events = new ArrayList<JsonNode>();
        String next = "/events?after=" + after + "&limit=7" + (types == null ? "" : "&types=" + types);
        while (true) {
            var page = http.get(next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode body = page.json();
            if (body.get("events").isEmpty()) {
                return events;
            }
            body.get("events").forEach(events::add);
            next = body.get("next").stringValue();
        }
    }

    String transfer(String from, String to, long amount) {
        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("correlation_id").stringValue();
    }

    JsonNode createWebhook(String url, String types, Long after) {
        String body = "{\"url\":\"" + url + "\"" + (types == null ? "" : ",\"event_types\":" + types)
                + (after == null ? "" : ",\"after\":" + after) + "}";
        var created = http.post("/admin/webhooks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    @Test
    void the_feed_answers_every_event_in_position_order_in_its_public_shape() {
        long start = newest();
        String from = http.openAccount(1000);
        String to = http.openAccount(0);
        assertThat(http.post("/accounts/" + from + "/deposit", "{\"amount_cents\":250}")
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/accounts/" + from + "/withdraw", "{\"amount_cents\":50}")
                        .status())
                .isEqualTo(200);
        String transferId = transfer(from, to, 300);

        List<JsonNode> events = feed(start, null);
        List<String> types = events.stream()
                .filter(e -> from.equals(e.get("account_number").asString())
                        || to.equals(e.get("account_number").asString())
                        || transferId.equals(e.get("correlation_id").asString()))
                .map(e -> e.get("type").stringValue())
                .toList();
        assertThat(types)
                .startsWith("account.opened", "account.opened", "money.deposited", "money.withdrawn")
                .contains("transfer.requested", "transfer.debited", "transfer.credited", "transfer.completed");
        long previous = start;
        for (JsonNode event : events) {
            assertThat(event.get("version").intValue()).isEqualTo(2);
            assertThat(event.get("position").longValue()).isGreaterThan(previous);
            previous = event.get("position").longValue();
            assertThat(event.get("event_id").stringValue()).isNotBlank();
            assertThat(Instant.parse(event.get("occurred_at").stringValue())).isBeforeOrEqualTo(Instant.now());
        }
        JsonNode deposit = events.stream()
                .filter(e -> e.get("type").stringValue().equals("money.deposited"))
                .filter(e -> from.equals(e.get("account_number").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(deposit.get("data").get("amount_cents").longValue()).isEqualTo(250);
        assertThat(deposit.get("data").get("balance_cents").longValue()).isEqualTo(1250);
        assertThat(deposit.get("correlation_id").isNull()).isTrue();
        JsonNode debited = events.stream()
                .filter(e -> e.get("type").stringValue().equals("transfer.debited"))
                .filter(e -> transferId.equals(e.get("correlation_id").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(debited.get("account_number").stringValue()).isEqualTo(from);
        assertThat(debited.get("data").get("counterparty_account_number").stringValue())
                .isEqualTo(to);

        // A filter by type; next moves past what was scanned.
        List<JsonNode> deposits = feed(start, "money.deposited,money.withdrawn");
        assertThat(deposits)
                .extracting(e -> e.get("type").stringValue())
                .containsOnly("money.deposited", "money.withdrawn");
        var page = http.get("/events?after=" + start + "&limit=2").json();
        assertThat(page.get("events")).hasSize(2);
        assertThat(page.get("next_after").longValue())
                .isEqualTo(page.get("events").get(1).get("position").longValue());
        assertThat(page.get("newest_position").longValue()).isGreaterThanOrEqualTo(previous);
    }

    @Test
    void bad_feed_parameters_are_422_problems() {
        for (String query : List.of("after=-1", "after=x", "limit=0", "limit=1001", "types=Money", "types=a,,b")) {
            var response = http.get("/events?" + query);
            assertThat(response.status()).as(query + ": " + response).isEqualTo(422);
            assertThat(response.json().get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        }
        var stream = http.get("/events/stream?after=abc");
        assertThat(stream.status()).as(stream.toString()).isEqualTo(422);
    }

    @Test
    void webhook_urls_to_private_link_local_or_plain_addresses_are_refused() {
        for (String url : List.of(
                "https://10.1.2.3/hook",
                "https://192.168.0.10/hook",
                "https://172.16.5.4/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[fd00::1]/hook",
                "https://[fe80::1]/hook",
                "https://0.0.0.0/hook",
                "ftp://example.com/hook",
                "https://user:pass@127.0.0.1/hook",
                "not a url")) {
            var response = http.post("/admin/webhooks", "{\"url\":\"" + url + "\"}");
            assertThat(response.status()).as(url + ": " + response).isEqualTo(422);
            assertThat(response.json().get("errors").get(0).get("field").stringValue())
                    .isEqualTo("url");
        }
        var badTypes =
                http.post("/admin/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"event_types\":[\"Bad Type\"]}");
        assertThat(badTypes.status()).as(badTypes.toString()).isEqualTo(422);
        assertThat(http.get("/admin/webhooks/wh_nope").status()).isEqualTo(404);
        assertThat(http.get("/admin/webhooks/wh_nope").json().get("code").stringValue())
                .isEqualTo("WEBHOOK_NOT_FOUND");
    }

    @Test
    void a_webhook_gets_its_events_signed_in_order_and_a_receiver_failing_first_gets_everything_later()
            throws Exception {
        try (var receiver = new WebhookReceiver().failFirst(3)) {
            long start = newest();
            JsonNode created = createWebhook(receiver.url(), "[\"account.opened\",\"money.deposited\"]", start);
            String id = created.get("webhook").get("id").stringValue();
            String secret = created.get("secret").stringValue();
            assertThat(secret).startsWith("whsec_");
            receiver.secrets(secret);
            assertThat(http.get("/admin/webhooks").body()).doesNotContain(secret);

            String account = http.openAccount(100);
            for (int i = 1; i <= 5; i++) {
                http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":" + i + "}");
            }
            http.post("/accounts/" + account + "/withdraw", "{\"amount_cents\":1}");
            List<Long> expected = feed(start, "account.opened,money.deposited").stream()
                    .map(e -> e.get("position").longValue())
                    .toList();
            await(
                    "all delivered",
                    Duration.ofSeconds(30),
                    () -> receiver.received().size() >= expected.size());
            assertThat(receiver.refusals()).isEmpty();
            assertThat(receiver.received())
                    .extracting(WebhookReceiver.Received::position)
                    .containsExactlyElementsOf(expected);

            JsonNode deliveries =
                    http.get("/admin/webhooks/" + id + "/deliveries?limit=1000").json();
            long failed = 0;
            for (JsonNode d : deliveries) {
                if (d.get("outcome").stringValue().equals("FAILED")) {
                    failed++;
                    assertThat(d.get("http_status").intValue()).isEqualTo(500);
                    assertThat(d.get("next_attempt_at").isNull()).isFalse();
                }
            }
            assertThat(failed).isEqualTo(3);
            // The cursor and the log of a round's attempts commit together at its end.
            long last = expected.get(expected.size() - 1);
            await("cursor past the last", Duration.ofSeconds(10), () -> position(id) >= last);
            JsonNode view = http.get("/admin/webhooks/" + id).json();
            assertThat(view.get("failures").intValue()).isZero();
            assertThat(delivered(id)).containsExactlyElementsOf(expected);

            // Rotation: both secrets sign until the previous one expires.
            var rotated =
                    http.post("/admin/webhooks/" + id + "/rotate-secret", "{\"previous_secret_valid_seconds\":600}");
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            String newSecret = rotated.json().get("secret").stringValue();
            receiver.secrets(newSecret);
            int before = receiver.received().size();
            http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":7}");
            await(
                    "delivered after rotation",
                    Duration.ofSeconds(10),
                    () -> receiver.received().size() > before);
            assertThat(receiver.received().get(before).signatures()).isEqualTo(2);
            assertThat(receiver.refusals()).isEmpty();

            // Resend: one more attempt, the same event id.
            long position = receiver.received().get(0).position();
            var resent = http.post("/admin/webhooks/" + id + "/resend", "{\"position\":" + position + "}");
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertThat(resent.json().get("outcome").stringValue()).isEqualTo("DELIVERED");
            assertThat(resent.json().get("resend").booleanValue()).isTrue();
            assertThat(resent.json().get("id").longValue()).isPositive();
            assertThat(receiver.received().get(receiver.received().size() - 1).eventId())
                    .isEqualTo(receiver.received().get(0).eventId());

            assertThat(http.delete("/admin/webhooks/" + id).status()).isEqualTo(204);
            assertThat(http.get("/admin/webhooks/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void type_patterns_select_a_subjects_events_or_every_event_and_unknown_types_are_refused() throws Exception {
        for (String refused : List.of(
                "[\"money.transferred\"]",
                "[\"nothing.*\"]",
                "[\"transfer\"]",
                "[\"transfer.x*\"]",
                "[\"*.deposited\"]",
                "[\"transfer.*.x\"]",
                "[\"**\"]",
                "[\"Transfer.*\"]",
                "[\"money.deposited\",5]")) {
            var response =
                    http.post("/admin/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"event_types\":" + refused + "}");
            assertThat(response.status()).as(refused + ": " + response).isEqualTo(422);
            assertThat(response.json().get("errors").get(0).get("field").stringValue())
                    .isEqualTo("event_types");
        }
        assertThat(http.get("/events?types=nothing.*").status()).isEqualTo(422);
        assertThat(http.get("/events?types=money.transferred").status()).isEqualTo(422);
        try (var transfers = new WebhookReceiver();
                var everything = new WebhookReceiver()) {
            long start = newest();
            JsonNode subject = createWebhook(transfers.url(), "[\"transfer.*\"]", start);
            transfers.secrets(subject.get("secret").stringValue());
            JsonNode all = createWebhook(everything.url(), "[\"*\"]", start);
            everything.secrets(all.get("secret").stringValue());
            assertThat(all.get("webhook").get("event_types").toString()).isEqualTo("[\"*\"]");
            String from = http.openAccount(1000);
            transfer(from, http.openAccount(0), 100);

            List<JsonNode> ofTransfers = feed(start, "transfer.*");
            assertThat(ofTransfers)
                    .extracting(e -> e.get("type").stringValue())
                    .allMatch(type -> type.startsWith("transfer."))
                    .contains("transfer.requested", "transfer.debited", "transfer.credited", "transfer.completed");
            List<Long> expected =
                    ofTransfers.stream().map(e -> e.get("position").longValue()).toList();
            List<Long> every = feed(start, "*").stream()
                    .map(e -> e.get("position").longValue())
                    .toList();
            assertThat(every).hasSizeGreaterThan(expected.size()).containsAll(expected);
            await(
                    "delivered",
                    Duration.ofSeconds(30),
                    () -> transfers.received().size() >= expected.size()
                            && everything.received().size() >= every.size());
            assertThat(transfers.received())
                    .extracting(WebhookReceiver.Received::position)
                    .containsExactlyElementsOf(expected);
            assertThat(everything.received())
                    .extracting(WebhookReceiver.Received::position)
                    .containsExactlyElementsOf(every);
            assertThat(transfers.refusals()).isEmpty();
            assertThat(everything.refusals()).isEmpty();
            http.delete("/admin/webhooks/" + subject.get("webhook").get("id").stringValue());
            http.delete("/admin/webhooks/" + all.get("webhook").get("id").stringValue());
        }
    }

    @Test
    void a_long_round_commits_its_progress_and_the_next_goes_on_from_there_without_a_duplicate() throws Exception {
        try (var receiver = new WebhookReceiver().delayMs(100)) {
            long start = newest();
            String account = http.openAccount(0);
            for (int i = 1; i <= 15; i++) {
                http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":" + i + "}");
            }
            List<Long> expected = feed(start, "money.deposited").stream()
                    .map(e -> e.get("position").longValue())
                    .toList();
            long last = expected.get(expected.size() - 1);
            // One batch holds all 15, but a round ends after bankcore.sinks.round-time (300 ms, about 3
            // deliveries here): the cursor moves while the endpoint is still receiving.
            JsonNode created = createWebhook(receiver.url(), "[\"money.deposited\"]", start);
            String id = created.get("webhook").get("id").stringValue();
            receiver.secrets(created.get("secret").stringValue());
            var positions = new java.util.TreeSet<Long>();
            await("all delivered and the cursor past the last", Duration.ofSeconds(30), () -> {
                positions.add(position(id));
                return receiver.received().size() >= expected.size() && position(id) >= last;
            });
            assertThat(positions).anyMatch(p -> p > start && p < last);
            assertThat(receiver.refusals()).isEmpty();
            assertThat(receiver.received())
                    .extracting(WebhookReceiver.Received::position)
                    .containsExactlyElementsOf(expected);
            assertThat(delivered(id)).containsExactlyElementsOf(expected);
            http.delete("/admin/webhooks/" + id);
        }
    }

    long position(String webhookId) {
        return http.get("/admin/webhooks/" + webhookId).json().get("position").longValue();
    }

    /** The positions of an endpoint's logged delivered attempts, oldest first. */
    List<Long> delivered(String webhookId) {
        var positions = new ArrayList<Long>();
        for (JsonNode d : http.get("/admin/webhooks/" + webhookId + "/deliveries?limit=1000")
                .json()) {
            if (d.get("outcome").stringValue().equals("DELIVERED")
                    && !d.get("resend").booleanValue()) {
                positions.add(0, d.get("position").longValue());
            }
        }
        return positions;
    }

    @Test
    void an_endpoint_failing_too_often_is_disabled_and_says_so_and_others_are_not_held_up() throws Exception {
        try (var dead = new WebhookReceiver().down(true);
                var alive = new WebhookReceiver()) {
            long start = newest();
            JsonNode deadHook = createWebhook(dead.url(), null, start);
            String deadId = deadHook.get("webhook").get("id").stringValue();
            dead.secrets(deadHook.get("secret").stringValue());
            JsonNode aliveHook = createWebhook(alive.url(), null, start);
            alive.secrets(aliveHook.get("secret").stringValue());
            String account = http.openAccount(5);
            await(
                    "alive got the event",
                    Duration.ofSeconds(10),
                    () -> !alive.received().isEmpty());
            await(
                    "disabled",
                    Duration.ofSeconds(30),
                    () -> !http.get("/admin/webhooks/" + deadId)
                            .json()
                            .get("enabled")
                            .booleanValue());
            JsonNode view = http.get("/admin/webhooks/" + deadId).json();
            assertThat(view.get("disabled_reason").stringValue()).contains("6 consecutive failed deliveries");
            assertThat(view.get("position").longValue()).isEqualTo(start);
            JsonNode processors = http.get("/admin/processors").json().get("processors");
            assertThat(processors.toString()).contains("webhook:" + deadId);

            // Enabled again once the receiver is back: it gets what it missed.
            dead.down(false);
            var enabled = http.patch("/admin/webhooks/" + deadId, "{\"enabled\":true}");
            assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
            assertThat(enabled.json().get("enabled").booleanValue()).isTrue();
            await("redelivered", Duration.ofSeconds(10), () -> !dead.received().isEmpty());
            assertThat(dead.refusals()).isEmpty();
            assertThat(dead.received().get(0).position())
                    .isEqualTo(alive.received().get(0).position());
            assertThat(dead.received().get(0).event().get("account_number").stringValue())
                    .isEqualTo(account);
            http.delete("/admin/webhooks/" + deadId);
            http.delete("/admin/webhooks/" + aliveHook.get("webhook").get("id").stringValue());
        }
    }

    @Test
    void the_stream_resumes_from_last_event_id_without_loss() throws Exception {
        long start = newest();
        String account = http.openAccount(1);
        for (int i = 0; i < 9; i++) {
            http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
        }
        List<Long> expected = feed(start, null).stream()
                .map(e -> e.get("position").longValue())
                .toList();
        assertThat(expected.size()).isGreaterThanOrEqualTo(10);

        var first = readStream("/events/stream?after=" + start, null, 4);
        assertThat(first).containsExactlyElementsOf(expected.subList(0, 4));
        // Events appended while disconnected are there on the resume too.
        for (int i = 0; i < 3; i++) {
            http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
        }
        List<Long> all = feed(start, null).stream()
                .map(e -> e.get("position").longValue())
                .toList();
        var rest = readStream("/events/stream?after=0", Long.toString(first.get(3)), all.size() - 4);
        assertThat(rest).containsExactlyElementsOf(all.subList(4, all.size()));
    }

    /** Opens the stream, reads {@code count} events' ids, disconnects. */
    List<Long> readStream(String path, String lastEventId, int count) throws Exception {
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        var ids = new ArrayList<Long>();
        try (InputStream body = response.body();
                var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String data = null;
            String line;
            while (ids.size() < count && (line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).strip();
                } else if (line.isEmpty() && id != null) {
                    assertThat(data).contains("\"position\":" + id);
                    ids.add(Long.parseLong(id));
                    id = null;
                    data = null;
                }
            }
        }
        return ids;
    }
}
