package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.OpenAccountCommand;
import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.StreamingProcessors;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A stopped processor and its lag, as the database tells it: with {@code accounts} shut down, events
 * appended since are counted from {@code domain_event_entry} against its tokens, and health degrades
 * (still HTTP 200); started again, it catches up and health is UP. Subclasses run it per database.
 * The lag threshold is 2 events here.
 */
abstract class ProcessorLagTests {

    static final String PROPERTIES = "bankcore.health.max-lag-events=2";

    /** Lag is a streaming processor's: run the projections on tracking processors here. */
    @DynamicPropertySource
    static void streaming(DynamicPropertyRegistry registry) {
        StreamingProcessors.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    CommandGateway commands;

    Http http() {
        return new Http(port);
    }

    JsonNode accounts() {
        var response = http().get("/admin/processors");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (JsonNode p : response.json().get("processors")) {
            if (p.get("name").stringValue().equals("accounts")) {
                return p;
            }
        }
        throw new AssertionError("no accounts processor: " + response);
    }

    long head() {
        JsonNode index = http().get("/admin/processors").json().get("head").get("global_index");
        return index.isNull() ? -1 : index.longValue();
    }

    JsonNode health() {
        var response = http().get("/actuator/health");
        assertThat(response.status()).as("DEGRADED answers 200: " + response).isEqualTo(200);
        return response.json();
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    void open() {
        commands.sendAndWait(
                new OpenAccountCommand(AccountNumbers.fresh(), UUID.randomUUID().toString(), 0, "BRL"));
    }

    @Test
    void a_stopped_processor_falls_behind_by_the_events_appended_since_and_degrades_health() throws Exception {
        open();
        await("accounts caught up", () -> accounts().get("lag_events").longValue() == 0);
        await("health UP", () -> health().get("status").stringValue().equals("UP"));
        long before = head();

        processing.eventProcessor("accounts").ifPresent(EventProcessor::shutDown);
        long stopped = System.nanoTime();
        open();
        open();
        open();
        Thread.sleep(60);

        JsonNode accounts = accounts();
        assertThat(accounts.get("running").booleanValue()).isFalse();
        assertThat(head()).isEqualTo(before + 3);
        assertThat(accounts.get("lag_events").longValue())
                .as(accounts.toString())
                .isEqualTo(3);
        long sinceStopMs = (System.nanoTime() - stopped) / 1_000_000;
        assertThat(accounts.get("lag_ms").longValue()).isBetween(60L, sinceStopMs + 1000);
        for (JsonNode segment : accounts.get("segments")) {
            assertThat(segment.get("position").longValue()).isEqualTo(before);
            assertThat(segment.get("lag_events").longValue()).isEqualTo(3);
            // Shutting down released the claims; nothing else holds them.
            assertThat(segment.get("owner").isNull()).as(segment.toString()).isTrue();
            assertThat(segment.get("claimed_by_this_instance").booleanValue()).isFalse();
        }

        JsonNode health = health();
        assertThat(health.get("status").stringValue()).isEqualTo("DEGRADED");
        JsonNode component = health.get("components").get("eventProcessors");
        assertThat(component.get("status").stringValue()).isEqualTo("DEGRADED");
        assertThat(component.get("details").get("problems").toString())
                .contains("accounts: not running")
                .contains("accounts: 3 events behind (max 2)");
        assertThat(health.get("components").get("db").get("status").stringValue())
                .isEqualTo("UP");

        processing.eventProcessor("accounts").ifPresent(EventProcessor::start);
        await("accounts caught up again", () -> accounts().get("lag_events").longValue() == 0);
        await("health UP again", () -> health().get("status").stringValue().equals("UP"));
        JsonNode after = accounts();
        assertThat(after.get("running").booleanValue()).isTrue();
        assertThat(after.get("lag_ms").longValue()).isZero();
    }
}
