package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A store written by earlier versions (Axon's JPA storage engine, token and saga stores, through
 * Hibernate) reads and grows on with the JDBC ones: {@code fixtures/jpa-store.sql} is such a store,
 * dumped from a running instance. Its events, snapshot, read models and tokens are served as they were;
 * new events continue its global index; streaming processors resume from the tokens Hibernate wrote.
 */
class PostgresJpaStoreCompatibilityTest {

    static final String RICH = "100001";
    static final String POOR = "100002";
    static final String DOLLARS = "100003";

    @Test
    void a_store_written_through_jpa_is_read_and_extended_by_the_jdbc_stores() throws Exception {
        var database = PostgresDatabase.create("jpa_store");
        try (var fixture = getClass().getResourceAsStream("/fixtures/jpa-store.sql");
                var connection = database.connect();
                var statement = connection.createStatement()) {
            statement.execute(new String(Objects.requireNonNull(fixture).readAllBytes(), StandardCharsets.UTF_8));
        }
        long head = database.queryLong("SELECT max(global_index) FROM domain_event_entry");
        assertThat(head).isEqualTo(19);

        try (var node = Nodes.inProcess(database, "node-a")) {
            var http = new Http(Nodes.port(node));
            assertThat(balance(http, RICH)).isEqualTo(9_250);
            assertThat(balance(http, POOR)).isEqualTo(1_200);
            assertThat(balance(http, DOLLARS)).isEqualTo(500);
            // The full trail from sequence 0, past the snapshot the JPA engine took at sequence 4.
            JsonNode events =
                    http.get("/accounts/" + RICH + "/events?limit=1000").json();
            assertThat(events).hasSize(11);
            assertThat(events.get(10).get("type").stringValue()).isEqualTo("transfer.credited");

            var deposit = http.post("/accounts/" + RICH + "/deposit", "{\"amount_cents\":50}");
            assertThat(deposit.status()).as(deposit.toString()).isEqualTo(200);
            assertThat(deposit.json().get("balance_cents").longValue()).isEqualTo(9_300);
            var transfer = http.post(
                    "/transfers",
                    "{\"from_account_number\":\"" + RICH + "\",\"to_account_number\":\"" + POOR
                            + "\",\"amount_cents\":300}");
            assertThat(transfer.status()).as(transfer.toString()).isEqualTo(200);
            assertThat(transfer.json().get("to_balance_cents").longValue()).isEqualTo(1_500);
            var taken = http.post("/accounts", "{\"account_number\":\"" + POOR + "\"}");
            assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
            assertAuditClean(http);
        }
        // The new events took the next global indexes, from the sequence the JPA engine drew from.
        assertThat(database.queryLong("SELECT min(global_index) FROM domain_event_entry WHERE global_index > 19"))
                .isEqualTo(20);
        assertThat(database.queryLong("SELECT count(*) FROM domain_event_entry"))
                .isEqualTo(19 + 1 + 4);

        // Streaming processors pick up from the tokens Hibernate wrote (at 19) and catch up to the head.
        try (var node = Nodes.inProcess(database, "node-b", StreamingProcessors.args())) {
            var http = new Http(Nodes.port(node));
            long newHead = database.queryLong("SELECT max(global_index) FROM domain_event_entry");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Instant.now().isBefore(deadline)
                    && database.queryLong(
                                    "SELECT min(position) FROM (SELECT (convert_from(token, 'UTF8')::json->>'index')::bigint"
                                            + " AS position FROM token_entry WHERE processor_name IN ('accounts', 'transfers')) t")
                            < newHead) {
                Thread.sleep(100);
            }
            assertThat(
                            database.queryLong(
                                    "SELECT min(position) FROM (SELECT (convert_from(token, 'UTF8')::json->>'index')::bigint"
                                            + " AS position FROM token_entry WHERE processor_name IN ('accounts', 'transfers')) t"))
                    .isEqualTo(newHead);
            assertThat(balance(http, RICH)).isEqualTo(9_000);
            assertThat(balance(http, POOR)).isEqualTo(1_500);
            assertAuditClean(http);
        }
    }

    static long balance(Http http, String account) {
        var response = http.get("/accounts/" + account + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("balance_cents").longValue();
    }

    static void assertAuditClean(Http http) {
        JsonNode audit = http.get("/admin/audit").json();
        assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
        assertThat(audit.get("pending_transfers").intValue())
                .as(audit.toString())
                .isZero();
    }
}
