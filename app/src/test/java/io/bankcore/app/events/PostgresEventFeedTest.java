package io.bankcore.app.events;

import static io.bankcore.app.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.RabbitBroker;
import io.bankcore.app.support.WebhookReceiver;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The event feed, webhooks and RabbitMQ on PostgreSQL: the shared cases, a storm that every sink
 * receives whole and in order (compared with the event store), and an event whose transaction commits
 * late, after later events, which no sink passes over.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bankcore.webhooks.allow-http=true",
            "bankcore.webhooks.allowed-addresses=loopback",
            "bankcore.webhooks.retry.initial=50ms",
            "bankcore.webhooks.retry.max=200ms",
            "bankcore.webhooks.max-failures=6",
            "bankcore.sinks.poll-interval=20ms",
            "bankcore.sinks.round-time=300ms",
            "bankcore.events.stream.poll-interval=50ms"
        })
@ActiveProfiles("postgres")
class PostgresEventFeedTest extends EventFeedTests {

    private static PostgresDatabase database;
    private static RabbitBroker broker;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "eventfeed");
        broker = RabbitBroker.create("eventfeed");
        registry.add("bankcore.amqp.url", () -> RabbitBroker.URL);
        registry.add("bankcore.amqp.exchange", broker::exchange);
    }

    private List<Long> storePositions() throws Exception {
        var positions = new ArrayList<Long>();
        try (Connection c = database.connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT global_index FROM domain_event_entry ORDER BY global_index")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
            }
        }
        return positions;
    }

    /** Positions in order of first arrival; duplicates (allowed: at least once) are dropped. */
    static List<Long> firstArrivals(List<Long> arrivals) {
        return new ArrayList<>(new LinkedHashSet<>(arrivals));
    }

    @Test
    void every_event_of_a_storm_reaches_the_feed_the_webhook_and_rabbitmq_in_order_without_gaps() throws Exception {
        try (var receiver = new WebhookReceiver()) {
            JsonNode hook = createWebhook(receiver.url(), null, 0L);
            receiver.secrets(hook.get("secret").stringValue());
            var accounts = new ArrayList<String>();
            for (int i = 0; i < 12; i++) {
                accounts.add(http.openAccount(100_000));
            }
            ExecutorService clients = Executors.newFixedThreadPool(8);
            var done = new ArrayList<Future<?>>();
            for (int c = 0; c < 8; c++) {
                // one fixed seed per client: the same operations every run (their interleaving varies)
                long seed = 42L + c;
                done.add(clients.submit(() -> {
                    var random = new Random(seed);
                    for (int op = 0; op < 40; op++) {
                        String a = accounts.get(random.nextInt(accounts.size()));
                        String b = accounts.get(random.nextInt(accounts.size()));
                        switch (random.nextInt(3)) {
                            case 0 ->
                                http.post(
                                        "/accounts/" + a + "/deposit",
                                        "{\"amount_cents\":" + (1 + random.nextInt(500)) + "}");
                            case 1 ->
                                http.post(
                                        "/accounts/" + a + "/withdraw",
                                        "{\"amount_cents\":" + (1 + random.nextInt(500)) + "}");
                            default ->
                                http.post(
                                        "/transfers",
                                        "{\"from_account_number\":\"" + a + "\",\"to_account_number\":\"" + b
                                                + "\",\"amount_cents\":" + (1 + random.nextInt(500)) + "}");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();
            List<Long> store = storePositions();
            assertThat(store.size()).isGreaterThan(300);

            List<Long> feed = feed(0, null).stream()
                    .map(e -> e.get("position").longValue())
                    .toList();
            assertThat(feed).containsExactlyElementsOf(store);

            await(
                    "the webhook caught up",
                    Duration.ofSeconds(60),
                    () -> firstArrivals(receiver.received().stream()
                                            .map(WebhookReceiver.Received::position)
                                            .toList())
                                    .size()
                            >= store.size());
            List<Long> hooked = receiver.received().stream()
                    .map(WebhookReceiver.Received::position)
                    .toList();
            assertThat(receiver.refusals()).isEmpty();
            assertThat(hooked).as("in order, once each").containsExactlyElementsOf(store);

            var consumed = new ArrayList<RabbitBroker.Consumed>();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (firstArrivals(consumed.stream()
                                            .map(RabbitBroker.Consumed::position)
                                            .toList())
                                    .size()
                            < store.size()
                    && Instant.now().isBefore(deadline)) {
                consumed.addAll(broker.drain());
                Thread.sleep(50);
            }
            List<Long> published =
                    consumed.stream().map(RabbitBroker.Consumed::position).toList();
            assertThat(firstArrivals(published)).as("RabbitMQ, in order").containsExactlyElementsOf(store);
            for (RabbitBroker.Consumed message : consumed) {
                JsonNode event =
                        tools.jackson.databind.json.JsonMapper.builder().build().readTree(message.body());
                assertThat(message.routingKey()).isEqualTo(event.get("type").stringValue());
                assertThat(message.messageId()).isEqualTo(event.get("event_id").stringValue());
            }
            var processors = http.get("/admin/processors").body();
            assertThat(processors)
                    .contains("\"name\":\"amqp\"")
                    .contains("webhook:" + hook.get("webhook").get("id").stringValue());
            var metrics = http.get("/actuator/prometheus").body();
            assertThat(metrics).contains("bankcore_event_sink_lag_events{sink=\"amqp\"}");
            http.delete("/admin/webhooks/" + hook.get("webhook").get("id").stringValue());
        }
    }

    @Test
    void an_event_committed_late_after_later_events_is_delivered_in_its_place() throws Exception {
        try (var receiver = new WebhookReceiver()) {
            long start = newest();
            JsonNode hook = createWebhook(receiver.url(), null, start);
            receiver.secrets(hook.get("secret").stringValue());
            long slowPosition;
            try (Connection slow = database.connect()) {
                slow.setAutoCommit(false);
                // An append whose transaction stays open while later events commit.
                try (var insert = slow.prepareStatement(
                        "INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                                + " payload_type, payload, time_stamp) VALUES (?, 0, 'Account', ?,"
                                + " 'io.bankcore.api.MoneyDepositedEvent', ?, ?) RETURNING global_index")) {
                    insert.setString(1, "slow-" + UUID.randomUUID());
                    insert.setString(2, UUID.randomUUID().toString());
                    insert.setBytes(
                            3,
                            "{\"accountNumber\":\"999999\",\"amountMinor\":1,\"currency\":\"BRL\",\"balanceMinor\":1}"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    insert.setString(4, Instant.now().toString());
                    ResultSet rs = insert.executeQuery();
                    rs.next();
                    slowPosition = rs.getLong(1);
                }
                String account = http.openAccount(10);
                http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":5}");
                assertThat(storePositions()).anyMatch(p -> p > slowPosition);

                // Committed later events are held back behind the open one, by the feed and by the sinks.
                Thread.sleep(500);
                assertThat(feed(start, null)).allMatch(e -> e.get("position").longValue() < slowPosition);
                assertThat(receiver.received()).allMatch(r -> r.position() < slowPosition);
                slow.commit();
            }
            List<Long> expected =
                    storePositions().stream().filter(p -> p > start).toList();
            assertThat(expected).contains(slowPosition);
            assertThat(feed(start, null).stream()
                            .map(e -> e.get("position").longValue())
                            .toList())
                    .containsExactlyElementsOf(expected);
            await("delivered", Duration.ofSeconds(20), () -> receiver.received().size() >= expected.size());
            assertThat(receiver.received().stream()
                            .map(WebhookReceiver.Received::position)
                            .toList())
                    .containsExactlyElementsOf(expected);
            JsonNode late = receiver.received().stream()
                    .filter(r -> r.position() == slowPosition)
                    .findFirst()
                    .orElseThrow()
                    .event();
            assertThat(late.get("type").stringValue()).isEqualTo("money.deposited");
            assertThat(late.get("account_number").stringValue()).isEqualTo("999999");
            http.delete("/admin/webhooks/" + hook.get("webhook").get("id").stringValue());
        }
    }
}
