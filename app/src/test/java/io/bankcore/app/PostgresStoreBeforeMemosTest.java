package io.bankcore.app;

import static io.bankcore.app.PostgresJpaStoreCompatibilityTest.assertAuditClean;
import static io.bankcore.app.PostgresJpaStoreCompatibilityTest.balance;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.Replays;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A store written by bankcore 0.2, before descriptions and metadata existed ({@code
 * fixtures/v0.2-store.sql}, dumped from a running instance): migrated in place, its events read on with no
 * description and empty metadata everywhere (and no overdraft limit), and it grows on with writes that
 * carry them (and a limit that lets an account go below zero), a reversal of a transfer completed before
 * reversals existed and an atomic batch; a replay rebuilds the same tables and the audit stays clean.
 */
class PostgresStoreBeforeMemosTest {

    static final String A = "200001";
    static final String B = "200002";
    static final String FROZEN_USD = "200003";

    /** Each line as its id, description and metadata. */
    static java.util.List<String> memos(JsonNode lines) {
        var out = new java.util.ArrayList<String>();
        lines.forEach(
                l -> out.add(l.get("entry_id").stringValue() + " " + l.get("description") + " " + l.get("metadata")));
        return out;
    }

    @Test
    void events_written_before_memos_read_on_and_the_store_grows_with_them() throws Exception {
        var database = PostgresDatabase.create("v02_store");
        try (var fixture = getClass().getResourceAsStream("/fixtures/v0.2-store.sql");
                var connection = database.connect();
                var statement = connection.createStatement()) {
            statement.execute(new String(Objects.requireNonNull(fixture).readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(database.queryLong("SELECT count(*) FROM domain_event_entry"))
                .isEqualTo(23);

        try (var node = Nodes.inProcess(database, "node-a")) {
            var http = new Http(Nodes.port(node));
            assertThat(balance(http, A)).isEqualTo(9_380);
            assertThat(balance(http, B)).isEqualTo(1_620);
            assertThat(balance(http, FROZEN_USD)).isZero();
            assertAuditClean(http);

            JsonNode account = http.get("/accounts/" + A).json();
            assertThat(account.get("description").isNull()).isTrue();
            assertThat(account.get("metadata").isEmpty()).isTrue();
            JsonNode ledger = http.get("/accounts/" + A + "/transactions").json();
            assertThat(ledger).hasSize(5);
            for (JsonNode line : ledger) {
                assertThat(line.get("description").isNull()).as(line.toString()).isTrue();
                assertThat(line.get("metadata").isEmpty()).as(line.toString()).isTrue();
            }
            JsonNode events = http.get("/accounts/" + A + "/events?limit=1000").json();
            for (JsonNode event : events) {
                assertThat(event.get("data").get("metadata").isEmpty())
                        .as(event.toString())
                        .isTrue();
            }
            // Opened before overdraft limits: none, and the opening event says so like a new one would.
            assertThat(account.get("overdraft_limit_cents").longValue()).isZero();
            assertThat(account.get("available_balance_cents").longValue()).isEqualTo(9_380);
            assertThat(events.get(0).get("type").stringValue()).isEqualTo("account.opened");
            assertThat(events.get(0).get("data").get("overdraft_limit_cents").longValue())
                    .isZero();

            var deposit = http.post(
                    "/accounts/" + A + "/deposit",
                    "{\"amount_cents\":20,\"description\":\"after\",\"metadata\":{\"order_id\":\"A-1\"}}");
            assertThat(deposit.status()).as(deposit.toString()).isEqualTo(200);
            var patched = http.patch("/accounts/" + B, "{\"metadata\":{\"segment\":\"retail\"}}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            var limit = http.put("/accounts/" + B + "/overdraft-limit", "{\"overdraft_limit_cents\":500}");
            assertThat(limit.status()).as(limit.toString()).isEqualTo(200);
            var overdrawn = http.post("/accounts/" + B + "/withdraw", "{\"amount_cents\":2000}");
            assertThat(overdrawn.status()).as(overdrawn.toString()).isEqualTo(200);
            assertThat(overdrawn.json().get("balance_cents").longValue()).isEqualTo(-380);
            var transfer = http.post(
                    "/transfers",
                    "{\"from_account_number\":\"" + A + "\",\"to_account_number\":\"" + B
                            + "\",\"amount_cents\":100,\"metadata\":{\"order_id\":\"A-2\"}}");
            assertThat(transfer.status()).as(transfer.toString()).isEqualTo(200);
            assertThat(http.get("/accounts/" + B + "/transactions?metadata%5Border_id%5D=A-2")
                            .json())
                    .hasSize(1);
            assertThat(http.get("/accounts?metadata%5Bsegment%5D=retail").json().get("accounts"))
                    .hasSize(1);
            assertAuditClean(http);

            // A transfer completed before reversals existed is reversed, in part; and an atomic batch moves
            // money between the old accounts.
            String old = null;
            for (JsonNode line : ledger) {
                if (line.get("entry_type").stringValue().equals("TRANSFER_OUT")) {
                    old = line.get("correlation_id").stringValue();
                }
            }
            assertThat(old).as("a transfer of the old store").isNotNull();
            var reversal = http.post("/transfers/" + old + "/reverse", "{\"amount_cents\":1}");
            assertThat(reversal.status()).as(reversal.toString()).isEqualTo(200);
            assertThat(http.get("/transfers/" + old)
                            .json()
                            .get("reversed_amount_cents")
                            .longValue())
                    .isEqualTo(1);
            var batch = http.post(
                    "/transfers/batch",
                    "{\"transfers\":[{\"from_account_number\":\"" + A + "\",\"to_account_number\":\"" + B
                            + "\",\"amount_cents\":400},{\"from_account_number\":\"" + B
                            + "\",\"to_account_number\":\"" + A + "\",\"amount_cents\":10}]}");
            assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
            assertAuditClean(http);

            // (A replay reads timestamps from the store, which keeps milliseconds: compared without them.)
            var before = memos(http.get("/accounts/" + B + "/transactions").json());
            JsonNode replay = Replays.run(http);
            assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
            assertThat(memos(http.get("/accounts/" + B + "/transactions").json()))
                    .isEqualTo(before);
            assertThat(http.get("/accounts/" + B)
                            .json()
                            .get("metadata")
                            .get("segment")
                            .stringValue())
                    .isEqualTo("retail");
            assertAuditClean(http);
        }
    }
}
