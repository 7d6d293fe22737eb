package io.bankcore.app;

import static io.bankcore.app.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An instance with {@code bankcore.sinks.enabled=false} serves the feed and {@code /admin/webhooks} but
 * delivers nothing: a second instance on the same database, with sinks on, delivers what the first one's
 * requests appended, and the first one's {@code /admin/processors} names that instance as the owner.
 */
class TwoNodeEventSinkTest {

    private static final String[] FEED = {
        "--bankcore.webhooks.allow-http=true",
        "--bankcore.webhooks.allowed-addresses=loopback",
        "--bankcore.sinks.poll-interval=20ms"
    };

    static PostgresDatabase database;
    static ConfigurableApplicationContext apiNode;
    static ConfigurableApplicationContext deliveryNode;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresDatabase.create("two_node_sinks");
        apiNode = Nodes.inProcess(database, "api-node", with("--bankcore.sinks.enabled=false"));
    }

    @AfterAll
    static void stop() {
        if (deliveryNode != null) {
            deliveryNode.close();
        }
        if (apiNode != null) {
            apiNode.close();
        }
    }

    private static String[] with(String... more) {
        var all = new java.util.ArrayList<>(List.of(FEED));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void an_instance_without_sinks_leaves_delivery_to_one_with_them() throws Exception {
        var api = new Http(Nodes.port(apiNode));
        try (var receiver = new WebhookReceiver()) {
            long start = api.get("/events?limit=1&after=999999999")
                    .json()
                    .get("newest_position")
                    .longValue();
            var created = api.post("/admin/webhooks", "{\"url\":\"" + receiver.url() + "\",\"after\":" + start + "}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("webhook").get("id").stringValue();
            receiver.secrets(created.json().get("secret").stringValue());
            String account = api.openAccount(0);
            for (int i = 1; i <= 5; i++) {
                assertThat(api.post("/accounts/" + account + "/deposit", "{\"amount_cents\":" + i + "}")
                                .status())
                        .isEqualTo(200);
            }
            List<Long> expected = new java.util.ArrayList<>();
            for (JsonNode event : api.get("/events?after=" + start).json().get("events")) {
                expected.add(event.get("position").longValue());
            }
            assertThat(expected).hasSize(6);

            // Polling every 20 ms, an instance that delivered would have within this second.
            Thread.sleep(1000);
            assertThat(receiver.requests()).isZero();
            JsonNode sink = sink(api, id);
            assertThat(sink.get("running").booleanValue()).isFalse();
            assertThat(sink.get("segments").get(0).get("owner").isNull()).isTrue();

            deliveryNode = Nodes.inProcess(database, "delivery-node", FEED);
            await(
                    "delivered by the other instance",
                    Duration.ofSeconds(30),
                    () -> receiver.received().size() >= expected.size());
            assertThat(receiver.refusals()).isEmpty();
            assertThat(receiver.received())
                    .extracting(WebhookReceiver.Received::position)
                    .containsExactlyElementsOf(expected);
            await(
                    "the cursor past the last",
                    Duration.ofSeconds(10),
                    () -> sink(api, id).get("lag_events").longValue() == 0);
            JsonNode seen = sink(api, id);
            assertThat(seen.get("running").booleanValue()).isFalse();
            assertThat(seen.get("segments").get(0).get("owner").stringValue()).isEqualTo("delivery-node");
            JsonNode there = sink(new Http(Nodes.port(deliveryNode)), id);
            assertThat(there.get("running").booleanValue()).isTrue();
        }
    }

    private static JsonNode sink(Http http, String webhookId) {
        for (JsonNode processor : http.get("/admin/processors").json().get("processors")) {
            if (processor.get("name").stringValue().equals("webhook:" + webhookId)) {
                return processor;
            }
        }
        throw new AssertionError("no processor webhook:" + webhookId);
    }
}
