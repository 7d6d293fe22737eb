package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.api.TransferDebitedEvent;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.StreamingProcessors;
import io.bankcore.command.port.in.TransferUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Health, info, Prometheus, {@code GET /admin/processors} and the request log on the embedded H2
 * database, in one instance named {@code node-a}. The first test runs on the empty store.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:operations;DB_CLOSE_DELAY=-1", "bankcore.node-id=node-a"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class OperationsH2Test {

    /** Segments, owners and positions are a streaming processor's: the axonserver profile's layout. */
    @DynamicPropertySource
    static void streaming(DynamicPropertyRegistry registry) {
        StreamingProcessors.register(registry);
    }

    static final List<String> PROCESSORS = List.of("accounts", "transfers", "TransferSagaProcessor");

    /** Writes one line while the debit of a transfer is handled, to see what the logging context holds. */
    @ProcessingGroup("log-probe")
    static class DebitLogProbe {
        private static final Logger log = LoggerFactory.getLogger(DebitLogProbe.class);

        @EventHandler
        void on(TransferDebitedEvent event) {
            log.info("probe saw the debit of {}", event.transferId());
        }
    }

    @TestConfiguration
    static class Probes {
        @Bean
        DebitLogProbe debitLogProbe() {
            return new DebitLogProbe();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    TransferUseCase transfers;

    private Http http() {
        return new Http(port);
    }

    private JsonNode processors() {
        var response = http().get("/admin/processors");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return response.json();
    }

    private static JsonNode processor(JsonNode report, String name) {
        for (JsonNode p : report.get("processors")) {
            if (p.get("name").stringValue().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no processor " + name + " in " + report);
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String transfer(String from, String to, long amount) {
        var response = http().post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":" + amount + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("correlation_id").stringValue();
    }

    @Test
    @Order(1)
    void on_an_empty_store_the_head_is_null_and_nothing_lags() {
        JsonNode report = processors();
        assertThat(report.get("head").get("global_index").isNull())
                .as(report.toString())
                .isTrue();
        assertThat(report.get("head").get("timestamp").isNull()).isTrue();
        assertThat(report.get("node_id").stringValue()).isEqualTo("node-a");
        for (String name : PROCESSORS) {
            JsonNode p = processor(report, name);
            assertThat(p.get("lag_events").longValue()).isZero();
            assertThat(p.get("lag_ms").longValue()).isZero();
        }
    }

    @Test
    @Order(2)
    void processors_report_mode_segments_owner_and_catch_up_to_the_head() throws Exception {
        String from = http().openAccount(1000);
        String to = http().openAccount(0);
        transfer(from, to, 300);

        await("every processor at the head", () -> {
            JsonNode report = processors();
            long head = report.get("head").get("global_index").longValue();
            return PROCESSORS.stream().allMatch(name -> {
                JsonNode p = processor(report, name);
                boolean atHead = true;
                for (JsonNode s : p.get("segments")) {
                    atHead &= s.get("position").longValue() == head;
                }
                return atHead && p.get("lag_events").longValue() == 0;
            });
        });

        JsonNode report = processors();
        long head = report.get("head").get("global_index").longValue();
        // two accounts opened (one with a deposit-free opening), a transfer: request, debit, credit, completion
        assertThat(head).isGreaterThanOrEqualTo(5);
        assertThat(report.get("head").get("timestamp").stringValue()).endsWith("Z");
        for (String name : PROCESSORS) {
            JsonNode p = processor(report, name);
            assertThat(p.get("mode").stringValue()).isEqualTo("TRACKING");
            assertThat(p.get("running").booleanValue()).isTrue();
            assertThat(p.get("error").booleanValue()).isFalse();
            assertThat(p.get("replaying").booleanValue()).isFalse();
            assertThat(p.get("lag_ms").longValue()).isZero();
            int expectedSegments = name.equals("transfers") ? 1 : 2;
            assertThat(p.get("segments").size()).as(p.toString()).isEqualTo(expectedSegments);
            var ids = new ArrayList<Integer>();
            for (JsonNode s : p.get("segments")) {
                ids.add(s.get("segment").intValue());
                assertThat(s.get("of").intValue()).isEqualTo(expectedSegments);
                assertThat(s.get("owner").stringValue()).isEqualTo("node-a");
                assertThat(s.get("claimed_by_this_instance").booleanValue()).isTrue();
                assertThat(s.get("position").longValue()).isEqualTo(head);
                assertThat(s.get("lag_events").longValue()).isZero();
                assertThat(s.get("lag_ms").longValue()).isZero();
            }
            assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedSegments == 1 ? List.of(0) : List.of(0, 1));
        }
        assertThat(processor(report, TransferOutcomeMetrics.PROCESSING_GROUP)
                        .get("mode")
                        .stringValue())
                .isEqualTo("SUBSCRIBING");
    }

    @Test
    @Order(3)
    void health_is_up_with_the_database_and_the_processors_and_info_names_version_profile_and_store() {
        var health = http().get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        JsonNode body = health.json();
        assertThat(body.get("status").stringValue()).isEqualTo("UP");
        assertThat(body.get("components").get("db").get("status").stringValue()).isEqualTo("UP");
        JsonNode processors = body.get("components").get("eventProcessors");
        assertThat(processors.get("status").stringValue())
                .as(processors.toString())
                .isEqualTo("UP");
        for (String name : PROCESSORS) {
            assertThat(processors
                            .get("details")
                            .get("processors")
                            .get(name)
                            .get("running")
                            .booleanValue())
                    .isTrue();
        }

        var info = http().get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        JsonNode infoBody = info.json();
        assertThat(infoBody.get("build").get("version").stringValue()).isNotBlank();
        JsonNode bankcore = infoBody.get("bankcore");
        assertThat(bankcore.get("profiles").isArray()).isTrue();
        assertThat(bankcore.get("profiles").size()).isZero();
        assertThat(bankcore.get("node_id").stringValue()).isEqualTo("node-a");
        assertThat(bankcore.get("store").get("database").stringValue()).startsWith("H2");
        assertThat(bankcore.get("store").get("event_store").stringValue()).isEqualTo("jdbc");
    }

    @Test
    @Order(4)
    void prometheus_exposes_http_axon_retry_and_transfer_outcome_metrics() throws Exception {
        String from = http().openAccount(100);
        String to = http().openAccount(0);
        transfer(from, to, 40);
        // A refusal only the source account can give: the money leaves between the request's checks
        // and the saga's debit (held back by stopping the saga's processor), so the saga fails it.
        var saga = context.getBean(EventProcessingConfiguration.class)
                .eventProcessor("TransferSagaProcessor")
                .orElseThrow();
        saga.shutDown();
        String failed;
        try {
            failed = transfers.requestTransfer(from, to, 50, "BRL").transferId();
            var emptied = http().post("/accounts/" + from + "/withdraw", "{\"amount_cents\":60}");
            assertThat(emptied.status()).as(emptied.toString()).isEqualTo(200);
        } finally {
            saga.start();
        }
        await("the failed transfer settled", () -> {
            // 404 until the transfer projection has recorded the request.
            var response = http().get("/transfers/" + failed);
            return response.status() == 200
                    && response.json().get("status").stringValue().equals("FAILED");
        });

        await("the outcome counters", () -> {
            String text = http().get("/actuator/prometheus").body();
            return text.contains("bankcore_transfers_failed_total{code=\"INSUFFICIENT_FUNDS\"}");
        });
        var response = http().get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        String text = response.body();
        assertThat(text)
                .contains("bankcore_commands_conflicts_total")
                .contains("bankcore_commands_retries_total")
                .contains("bankcore_commands_retries_exhausted_total")
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/transfers\"")
                .contains("commandBus_successCounter_total{payloadType=\"DebitForTransferCommand\"}")
                .contains("eventProcessor_latency{processorName=\"accounts\"}")
                .contains("eventStore_ingestedCounter_total");
        // Spring Security's observations are off by default (bankcore.observations.security).
        assertThat(text).doesNotContain("spring_security_filterchains");
        // Axon's timers keep count, sum and max, without client-side percentiles (bankcore.metrics.axon-percentiles).
        assertThat(text)
                .contains(
                        "eventProcessor_allTimer_seconds_count{payloadType=\"AccountOpenedEvent\",processorName=\"accounts\"}")
                .doesNotContainPattern("(?m)^(commandBus|eventProcessor|eventStore|queryBus)\\w*\\{[^}]*quantile=");
        assertThat(counter(text, "bankcore_transfers_completed_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(counter(text, "bankcore_transfers_failed_total{code=\"INSUFFICIENT_FUNDS\"}"))
                .isEqualTo(1.0);
    }

    private static double counter(String prometheus, String series) {
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no series " + series);
    }

    @Test
    @Order(5)
    void every_request_is_logged_once_and_a_transfers_lines_carry_its_correlation_id(CapturedOutput output)
            throws Exception {
        String from = http().openAccount(500);
        String to = http().openAccount(0);
        String id = transfer(from, to, 200);
        http().get("/accounts/" + from + "/balance");
        http().get("/actuator/health");
        await("the probe's line", () -> output.getOut().contains("probe saw the debit of " + id));

        List<String> lines = output.getOut().lines().toList();
        List<String> transferLines = lines.stream()
                .filter(l -> l.contains("io.bankcore.requests") && l.contains("POST /transfers "))
                .toList();
        assertThat(transferLines).hasSize(1);
        assertThat(transferLines.get(0))
                .matches(".*POST /transfers 200 \\d+ms$")
                .contains("[correlation_id=" + id + "]");

        String balance = "GET /accounts/" + from + "/balance 200 ";
        assertThat(lines.stream().filter(l -> l.contains(balance))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains(balance)).findFirst().orElseThrow())
                .doesNotContain("correlation_id");
        // probes are logged at DEBUG only
        assertThat(lines.stream().filter(l -> l.contains("GET /actuator/health ")))
                .isEmpty();

        String probe = lines.stream()
                .filter(l -> l.contains("probe saw the debit of " + id))
                .findFirst()
                .orElseThrow();
        assertThat(probe).contains("[correlation_id=" + id + "]");
        // the request thread's context is cleared when the request ends: later lines do not inherit it
        http().get("/accounts/" + to + "/balance");
        await("the last balance line", () -> output.getOut().contains("GET /accounts/" + to + "/balance 200 "));
        String last = output.getOut()
                .lines()
                .filter(l -> l.contains("GET /accounts/" + to + "/balance 200 "))
                .findFirst()
                .orElseThrow();
        assertThat(last).doesNotContain("correlation_id");
    }

    @Test
    @Order(6)
    void the_processors_route_is_in_the_admin_openapi_group_only() {
        var admin = http().get("/openapi.json/admin");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().get("paths").has("/admin/processors")).isTrue();
        var pub = http().get("/openapi.json");
        assertThat(pub.json().get("paths").has("/admin/processors")).isFalse();
    }

    @Test
    @Order(7)
    void without_the_axonserver_profile_nothing_of_axon_server_exists() {
        assertThat(context.getBeansOfType(AxonServerConnectionManager.class)).isEmpty();
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(SimpleCommandBus.class);
        assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        assertThat(context.getBean(EventStoreHead.class)).isInstanceOf(EventStoreHead.Jdbc.class);
        assertThat(http().get("/admin/audit").status()).isEqualTo(200);
    }
}
