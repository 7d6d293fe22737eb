package io.bankcore.app;

import static io.bankcore.app.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.events.EventFeedTests;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.OtlpReceiver;
import io.bankcore.app.support.OtlpReceiver.Span;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.RabbitBroker;
import io.bankcore.app.support.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Traces on PostgreSQL, exported to a local OTLP receiver, with API keys, webhooks and RabbitMQ on: a
 * transfer is one trace from its HTTP request through the write pipeline, its commands, the event
 * store's append, each projection and saga step and the commit; its events keep that trace's context
 * in their metadata; a webhook delivery and a RabbitMQ publication of an event are spans linked to the
 * request that appended it, and the webhook request carries the delivery span's {@code traceparent};
 * log lines carry the trace and span ids; no credential reaches a span or a log line.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP,
            // Exported every 50 ms rather than every 5 s, so that the test waits less.
            "management.opentelemetry.tracing.export.schedule-delay=50ms"
        })
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
class PostgresTracingTest {

    static final int SERVER = 2;
    static final int ERROR = 2;

    private static OtlpReceiver otlp;
    private static PostgresDatabase database;
    private static RabbitBroker broker;
    private static String key;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        otlp = new OtlpReceiver();
        database = PostgresDatabase.register(registry, "tracing", "api-key");
        broker = RabbitBroker.create("tracing");
        registry.add("bankcore.amqp.url", () -> RabbitBroker.URL);
        registry.add("bankcore.amqp.exchange", broker::exchange);
        // Spring Boot 3's name for the endpoint, which application.yml reads into Boot 4's.
        registry.add("management.otlp.tracing.endpoint", () -> otlp.endpoint() + "/v1/traces");
        for (String property : EventFeedTests.PROPERTIES) {
            int eq = property.indexOf('=');
            registry.add(property.substring(0, eq), () -> property.substring(eq + 1));
        }
    }

    @AfterAll
    static void stop() {
        otlp.close();
    }

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        if (key == null) {
            key = ApiKeyAuthTest.createKey(port, "tracing", ApiKeyAuthTest.ALL_SCOPES);
        }
        http = new Http(port, Map.of("X-API-Key", key));
    }

    /** The root span of the one request to {@code path}, once exported. */
    private Span request(String method, String path) throws InterruptedException {
        await(
                "the span of " + method + " " + path,
                Duration.ofSeconds(20),
                () -> !requests(method, path).isEmpty());
        List<Span> found = requests(method, path);
        assertThat(found).as(method + " " + path).hasSize(1);
        return found.get(0);
    }

    private List<Span> requests(String method, String path) {
        return otlp.spans(s -> s.kind() == SERVER
                && path.equals(s.attributes().get("http.url"))
                && method.equals(s.attributes().get("method")));
    }

    /** The spans of a trace, once one named {@code last} is exported. */
    private List<Span> trace(String traceId, String last) throws InterruptedException {
        await(
                last + " in trace " + traceId,
                Duration.ofSeconds(20),
                () -> otlp.spans().stream()
                        .anyMatch(s -> s.traceId().equals(traceId) && s.name().equals(last)));
        return otlp.spans(s -> s.traceId().equals(traceId));
    }

    @Test
    void a_transfer_is_one_trace_from_its_request_through_commands_append_projections_saga_and_commit(
            CapturedOutput output) throws Exception {
        String from = http.openAccount(1000);
        String to = http.openAccount(0);
        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String transferId = response.json().get("correlation_id").stringValue();

        Span root = request("POST", "/transfers");
        assertThat(root.isRoot()).isTrue();
        List<Span> spans = trace(root.traceId(), "WritePipeline.commit");
        Set<String> names = spans.stream().map(Span::name).collect(Collectors.toSet());
        assertThat(names)
                .contains(
                        "CommandBus.handleCommand(RequestTransferCommand)",
                        "CommandBus.handleCommand(DebitForTransferCommand)",
                        "CommandBus.handleCommand(CreditForTransferCommand)",
                        "EventStore.appendEvents",
                        "EventProcessor[accounts].process(TransferDebitedEvent)",
                        "EventProcessor[accounts].process(TransferCreditedEvent)",
                        "EventProcessor[transfers].process(TransferRequestedEvent)",
                        "EventProcessor[transfers].process(TransferCompletedEvent)",
                        "EventProcessor[TransferSagaProcessor].process(TransferRequestedEvent)",
                        "SagaManager.createSaga(TransferSaga,TransferRequestedEvent)",
                        "SagaManager.invokeSaga(TransferSaga,TransferDebitedEvent)",
                        "SagaManager.invokeSaga(TransferSaga,TransferCreditedEvent)",
                        "WritePipeline.commit");
        // One tree: every span's parent is in the trace, down to the request's root span.
        Map<String, Span> byId = spans.stream().collect(Collectors.toMap(Span::spanId, s -> s));
        for (Span span : spans) {
            if (span != root) {
                assertThat(byId).as("parent of " + span.name()).containsKey(span.parentSpanId());
            }
        }
        Span commit = spans.stream()
                .filter(s -> s.name().equals("WritePipeline.commit"))
                .findFirst()
                .orElseThrow();
        assertThat(commit.parentSpanId()).isEqualTo(root.spanId());
        assertThat(commit.attributes()).containsKey("bankcore.batch.requests");

        // Every event of the transfer keeps the request's trace in its metadata.
        List<String> metadata = metadata(transferId);
        assertThat(metadata)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m).contains("\"traceparent\":\"00-" + root.traceId() + "-"));

        // The request's log line names its trace.
        assertThat(output.getOut().lines().filter(l -> l.contains("POST /transfers 200")))
                .anySatisfy(line -> assertThat(line).contains("trace_id=" + root.traceId() + " span_id="));
    }

    @Test
    void a_refused_command_marks_its_span_failed() throws Exception {
        String account = http.openAccount(100);
        var refused = http.post("/accounts/" + account + "/withdraw", "{\"amount_cents\":500}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        Span root = request("POST", "/accounts/" + account + "/withdraw");
        Span command = trace(root.traceId(), "CommandBus.handleCommand(WithdrawMoneyCommand)").stream()
                .filter(s -> s.name().equals("CommandBus.handleCommand(WithdrawMoneyCommand)"))
                .findFirst()
                .orElseThrow();
        assertThat(command.statusCode()).isEqualTo(ERROR);
    }

    private List<String> metadata(String transferId) throws Exception {
        var all = new ArrayList<String>();
        try (Connection c = database.connect();
                PreparedStatement select =
                        c.prepareStatement("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?")) {
            select.setString(1, transferId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    all.add(new String(rs.getBytes(1), StandardCharsets.UTF_8));
                }
            }
        }
        return all;
    }

    @Test
    void a_webhook_delivery_and_a_rabbitmq_publication_are_spans_linked_to_the_request_that_caused_them()
            throws Exception {
        try (var receiver = new WebhookReceiver()) {
            long start = http.get("/events?limit=1&after=999999999")
                    .json()
                    .get("newest_position")
                    .longValue();
            JsonNode hook = http.post(
                            "/admin/webhooks",
                            "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"money.deposited\"],\"after\":"
                                    + start + "}")
                    .json();
            receiver.secrets(hook.get("secret").stringValue());
            String account = http.openAccount(0);
            var deposit = http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":250}");
            assertThat(deposit.status()).as(deposit.toString()).isEqualTo(200);
            Span root = request("POST", "/accounts/" + account + "/deposit");

            await(
                    "delivered",
                    Duration.ofSeconds(20),
                    () -> !receiver.received().isEmpty());
            String eventId = receiver.received().get(0).eventId();
            String traceparent = receiver.traceparent(eventId);
            assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

            Span delivery = exported("webhook.deliver(money.deposited)", eventId);
            assertThat(delivery.isRoot()).isTrue();
            assertThat(delivery.links()).extracting(OtlpReceiver.Link::traceId).containsExactly(root.traceId());
            assertThat(traceparent).startsWith("00-" + delivery.traceId() + "-" + delivery.spanId() + "-");
            assertThat(delivery.attributes()).containsEntry("bankcore.event.type", "money.deposited");

            Span publication = exported("amqp.publish(money.deposited)", eventId);
            assertThat(publication.links())
                    .extracting(OtlpReceiver.Link::traceId)
                    .containsExactly(root.traceId());
            assertThat(publication.attributes()).containsEntry("bankcore.sink", "amqp");
        }
    }

    private Span exported(String name, String eventId) throws InterruptedException {
        await(
                name + " of " + eventId,
                Duration.ofSeconds(20),
                () -> !otlp.spans(s -> s.name().equals(name)
                                && eventId.equals(s.attributes().get("bankcore.event.id")))
                        .isEmpty());
        return otlp.spans(s ->
                        s.name().equals(name) && eventId.equals(s.attributes().get("bankcore.event.id")))
                .get(0);
    }
}
