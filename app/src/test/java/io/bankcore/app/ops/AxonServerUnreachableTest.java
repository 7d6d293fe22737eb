package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code axonserver} profile started against an address where nothing listens (no Axon Server
 * anywhere): the instance starts, health says DOWN with the reason (503, never 500), readiness is DOWN
 * and liveness UP; writes, event-store reads, the audit and the replay answer 503 UNAVAILABLE, retryable;
 * reads of the read models are served from PostgreSQL; the statistics say plainly that the event store is
 * unavailable.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"postgres", "axonserver"})
class AxonServerUnreachableTest {

    static final String SERVERS = "127.0.0.1:" + closedPort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "axonserverdown");
        registry.add("AXONSERVER_SERVERS", () -> SERVERS);
    }

    /** A port that was free a moment ago and is closed again: connections to it are refused. */
    static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static void assertUnavailable(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.json().get("code").stringValue()).isEqualTo("UNAVAILABLE");
        assertThat(response.json().get("retryable").booleanValue()).isTrue();
        assertThat(response.header("Retry-After")).isNotBlank();
    }

    @Test
    void health_is_down_with_the_reason_and_readiness_follows_but_not_liveness() {
        var health = http.get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(503);
        assertThat(health.json().get("status").stringValue()).isEqualTo("DOWN");
        JsonNode axonServer = health.json().get("components").get("axonServer");
        assertThat(axonServer.get("status").stringValue()).isEqualTo("DOWN");
        assertThat(axonServer.get("details").get("servers").stringValue()).isEqualTo(SERVERS);
        assertThat(axonServer.get("details").get("connected").booleanValue()).isFalse();
        assertThat(axonServer.get("details").get("reason").stringValue()).contains(SERVERS);
        // The processors' head comes from Axon Server: unreadable is DOWN with the reason, not a 500.
        JsonNode processors = health.json().get("components").get("eventProcessors");
        assertThat(processors.get("status").stringValue()).isEqualTo("DOWN");
        assertThat(processors.get("details").get("problems").toString()).contains("UNAVAILABLE");

        var readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
        assertThat(readiness
                        .json()
                        .get("components")
                        .get("axonServer")
                        .get("status")
                        .stringValue())
                .isEqualTo("DOWN");
        var liveness = http.get("/actuator/health/liveness");
        assertThat(liveness.status()).as(liveness.toString()).isEqualTo(200);
        assertThat(liveness.json().get("status").stringValue()).isEqualTo("UP");
        assertThat(liveness.json().has("components")).isFalse();
    }

    @Test
    void writes_and_event_store_reads_answer_503_unavailable_retryable() {
        String number = AccountNumbers.fresh();
        assertUnavailable(http.post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":100,\"currency\":\"BRL\"}"));
        assertUnavailable(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":100,\"currency\":\"BRL\"}"));
        assertUnavailable(http.get("/accounts/" + number + "/events"));
        assertUnavailable(http.get("/admin/processors"));
    }

    @Test
    void reads_of_the_read_models_are_served_from_the_database() {
        String number = AccountNumbers.fresh();
        var balance = http.get("/accounts/" + number + "/balance");
        assertThat(balance.status()).as(balance.toString()).isEqualTo(404);
        assertThat(balance.json().get("code").stringValue()).isEqualTo("ACCOUNT_NOT_FOUND");
        var ledger = http.get("/accounts/" + number + "/transactions");
        assertThat(ledger.json().get("code").stringValue())
                .as(ledger.toString())
                .isEqualTo("ACCOUNT_NOT_FOUND");
        var transfer = http.get("/transfers/3f2b1c9e-0000-4000-8000-000000000000");
        assertThat(transfer.json().get("code").stringValue())
                .as(transfer.toString())
                .isEqualTo("TRANSFER_NOT_FOUND");
    }

    @Test
    void statistics_say_the_event_store_is_unavailable_and_the_rest_is_read() {
        var stats = http.get("/admin/stats");
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        JsonNode store = stats.json().get("event_store");
        assertThat(store.get("source").stringValue()).isEqualTo("AXON_SERVER");
        assertThat(store.get("available").booleanValue()).isFalse();
        assertThat(store.get("detail").stringValue()).contains("Axon Server is unavailable");
        assertThat(store.get("dashboard_url").stringValue()).isEqualTo("http://localhost:8024");
        assertThat(stats.json().get("head").isNull()).isTrue();
        assertThat(stats.json().get("events").isNull()).isTrue();
        assertThat(stats.json().get("accounts").isNumber()).isTrue();
    }

    /** The audit and the replay read the events through Axon Server: unavailable while it is, retryable. */
    @Test
    void audit_and_replay_are_unavailable_while_axon_server_is_and_nothing_is_recorded() {
        assertUnavailable(http.get("/admin/audit"));
        assertUnavailable(http.post("/admin/replay", ""));
        var last = http.get("/admin/audit/last");
        assertThat(last.status()).as(last.toString()).isEqualTo(404);
        assertThat(last.json().get("code").stringValue()).isEqualTo("AUDIT_NOT_RUN");
        var replay = http.get("/admin/replay");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(404);
        assertThat(replay.json().get("code").stringValue()).isEqualTo("REPLAY_NOT_FOUND");
    }
}
