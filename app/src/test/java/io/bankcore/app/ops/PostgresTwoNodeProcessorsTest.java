package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.OpenAccountCommand;
import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL database. {@code node-a} starts first and claims every segment;
 * {@code node-b} sees them owned by node-a, and is healthy. With {@code accounts} stopped on both, the
 * events one instance appends are the same lag on the other: lag is read from the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTwoNodeProcessorsTest {

    static final List<String> PROCESSORS = List.of("accounts", "transfers", "TransferSagaProcessor");

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresDatabase.create("two_node_processors");
        nodeA = Nodes.inProcess(database, "node-a", StreamingProcessors.args());
        await("node-a claims every segment", () -> {
            JsonNode report = report(nodeA);
            return PROCESSORS.stream().allMatch(name -> {
                JsonNode segments = processor(report, name).get("segments");
                boolean all = segments.size() > 0;
                for (JsonNode s : segments) {
                    all &= "node-a".equals(s.get("owner").asString(null));
                }
                return all;
            });
        });
        nodeB = Nodes.inProcess(database, "node-b", StreamingProcessors.args());
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    static JsonNode report(ConfigurableApplicationContext node) {
        var response = new Http(Nodes.port(node)).get("/admin/processors");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static JsonNode processor(JsonNode report, String name) {
        for (JsonNode p : report.get("processors")) {
            if (p.get("name").stringValue().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no processor " + name + " in " + report);
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void the_second_instance_sees_every_segment_claimed_by_the_first_and_is_healthy() {
        JsonNode report = report(nodeB);
        assertThat(report.get("node_id").stringValue()).isEqualTo("node-b");
        for (String name : PROCESSORS) {
            JsonNode p = processor(report, name);
            assertThat(p.get("running").booleanValue()).as(p.toString()).isTrue();
            for (JsonNode s : p.get("segments")) {
                assertThat(s.get("owner").stringValue()).as(s.toString()).isEqualTo("node-a");
                assertThat(s.get("claimed_by_this_instance").booleanValue()).isFalse();
            }
        }
        for (JsonNode s : processor(report(nodeA), "accounts").get("segments")) {
            assertThat(s.get("claimed_by_this_instance").booleanValue()).isTrue();
        }

        var health = new Http(Nodes.port(nodeB)).get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        JsonNode component = health.json().get("components").get("eventProcessors");
        assertThat(component.get("status").stringValue())
                .as(component.toString())
                .isEqualTo("UP");
        assertThat(component
                        .get("details")
                        .get("processors")
                        .get("accounts")
                        .get("claimed_segments_here")
                        .longValue())
                .isZero();
    }

    @Test
    @Order(2)
    void events_appended_on_one_instance_are_the_same_lag_on_the_other() throws Exception {
        for (var node : List.of(nodeA, nodeB)) {
            node.getBean(EventProcessingConfiguration.class)
                    .eventProcessor("accounts")
                    .ifPresent(EventProcessor::shutDown);
        }
        try {
            var gateway = nodeB.getBean(CommandGateway.class);
            for (int i = 0; i < 2; i++) {
                gateway.sendAndWait(new OpenAccountCommand(
                        AccountNumbers.fresh(), UUID.randomUUID().toString(), 0, "BRL"));
            }
            JsonNode onA = report(nodeA);
            JsonNode onB = report(nodeB);
            assertThat(onA.get("head")).isEqualTo(onB.get("head"));
            for (JsonNode report : List.of(onA, onB)) {
                JsonNode accounts = processor(report, "accounts");
                assertThat(accounts.get("running").booleanValue()).isFalse();
                assertThat(accounts.get("lag_events").longValue())
                        .as(accounts.toString())
                        .isGreaterThanOrEqualTo(2);
                assertThat(accounts.get("lag_ms").longValue()).isPositive();
            }
            assertThat(processor(onA, "accounts").get("lag_events"))
                    .isEqualTo(processor(onB, "accounts").get("lag_events"));
        } finally {
            for (var node : List.of(nodeA, nodeB)) {
                node.getBean(EventProcessingConfiguration.class)
                        .eventProcessor("accounts")
                        .ifPresent(EventProcessor::start);
            }
        }
        await(
                "accounts caught up",
                () -> processor(report(nodeA), "accounts").get("lag_events").longValue() == 0);
    }
}
