package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.RabbitBroker;
import io.bankcore.app.support.WebhookReceiver;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An instance killed with SIGKILL while it delivers to a webhook receiver and to RabbitMQ: once it is
 * back, both have received every event of the store, first arrivals in position order. Duplicates are
 * allowed (at least once) and counted by {@code event_id}.
 */
class EventSinkCrashTest {

    @Test
    void an_instance_killed_during_deliveries_loses_nothing() throws Exception {
        var database = PostgresDatabase.create("sink_crash");
        var broker = RabbitBroker.create("sinkcrash");
        int port = Nodes.freePort();
        var http = new Http(port);
        String[] settings = {
            "--bankcore.webhooks.allow-http=true",
            "--bankcore.webhooks.allowed-addresses=loopback",
            "--bankcore.webhooks.batch-size=20",
            "--bankcore.sinks.poll-interval=20ms",
            "--bankcore.amqp.url=" + RabbitBroker.URL,
            "--bankcore.amqp.exchange=" + broker.exchange(),
            "--bankcore.amqp.batch-size=20"
        };
        Process first = null;
        Process second = null;
        try (var receiver = new WebhookReceiver().delayMs(30)) {
            first = Nodes.child(database, "sinks-1", port, settings);
            Nodes.awaitUp(first, port, Duration.ofSeconds(180));
            var accounts = new ArrayList<String>();
            for (int i = 0; i < 10; i++) {
                accounts.add(http.openAccount(1000));
            }
            for (int i = 0; i < 90; i++) {
                var deposit = http.post("/accounts/" + accounts.get(i % 10) + "/deposit", "{\"amount_cents\":1}");
                assertThat(deposit.status()).as(deposit.toString()).isEqualTo(200);
            }
            // A backlog for the webhook, and writes going on, so RabbitMQ is publishing too at the kill.
            var created = http.post("/admin/webhooks", "{\"url\":\"" + receiver.url() + "\",\"after\":0}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            receiver.secrets(created.json().get("secret").stringValue());
            var consumed = new ArrayList<RabbitBroker.Consumed>();
            var writer = new Thread(() -> {
                for (int i = 0; ; i++) {
                    try {
                        http.post("/accounts/" + accounts.get(i % 10) + "/deposit", "{\"amount_cents\":1}");
                    } catch (IllegalStateException killed) {
                        return;
                    }
                }
            });
            writer.start();
            await("deliveries under way", () -> receiver.received().size() >= 30);
            consumed.addAll(broker.drain());

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no lease released
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            writer.join(30_000);
            int receivedAtKill = receiver.received().size();
            long total = database.queryLong("SELECT count(*) FROM domain_event_entry");
            assertThat(receivedAtKill).as("killed during the deliveries").isLessThan((int) total);

            second = Nodes.child(database, "sinks-1", port, settings);
            Nodes.awaitUp(second, port, Duration.ofSeconds(180));
            List<Long> store = positions(database);
            assertThat(store).hasSize((int) total);
            await(
                    "the webhook receiver has every event",
                    () -> distinct(positionsOf(receiver)).size() >= store.size());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (distinct(consumed.stream()
                                            .map(RabbitBroker.Consumed::position)
                                            .toList())
                                    .size()
                            < store.size()
                    && Instant.now().isBefore(deadline)) {
                consumed.addAll(broker.drain());
                Thread.sleep(50);
            }

            List<Long> hooked = positionsOf(receiver);
            List<Long> published =
                    consumed.stream().map(RabbitBroker.Consumed::position).toList();
            assertThat(receiver.refusals()).isEmpty();
            assertThat(distinct(hooked))
                    .as("webhook: every event, first arrivals in order")
                    .containsExactlyElementsOf(store);
            assertThat(distinct(published))
                    .as("RabbitMQ: every event, first arrivals in order")
                    .containsExactlyElementsOf(store);
            long hookDuplicates = receiver.received().size()
                    - receiver.received().stream()
                            .map(WebhookReceiver.Received::eventId)
                            .distinct()
                            .count();
            long amqpDuplicates = consumed.size()
                    - consumed.stream()
                            .map(RabbitBroker.Consumed::messageId)
                            .distinct()
                            .count();
            System.out.printf(
                    "sink crash: %d events; webhook received %d at the kill, %d duplicates after; RabbitMQ %d duplicates%n",
                    store.size(), receivedAtKill, hookDuplicates, amqpDuplicates);
        } finally {
            if (first != null) {
                first.destroyForcibly();
            }
            if (second != null) {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
            broker.close();
        }
    }

    private static List<Long> positionsOf(WebhookReceiver receiver) {
        return receiver.received().stream()
                .map(WebhookReceiver.Received::position)
                .toList();
    }

    private static List<Long> distinct(List<Long> arrivals) {
        return new ArrayList<>(new LinkedHashSet<>(arrivals));
    }

    private static List<Long> positions(PostgresDatabase database) throws Exception {
        var positions = new ArrayList<Long>();
        try (var c = database.connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT global_index FROM domain_event_entry ORDER BY global_index")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
            }
        }
        return positions;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
