package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.PoisonHandlers;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A projection's or the saga's handler that fails fails the request that caused it, and nothing of that
 * request is kept: no event, no read-model row, no money moved. Axon's default would only log the
 * failure and commit the command without the handler's effect. Subclasses run it on each database.
 */
abstract class HandlerFailureTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void a_deposit_whose_projection_fails_is_answered_as_a_failure_and_changes_nothing() {
        String account = http.openAccount(1_000);

        var failed =
                http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":" + PoisonHandlers.ACCOUNTS + "}");

        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(balance(account)).isEqualTo(1_000);
        assertThat(events(account)).hasSize(1);
        assertThat(http.get("/accounts/" + account + "/transactions").json()).hasSize(1);
        // The aggregate was not left holding the refused deposit: the next one starts from 1000.
        var next = http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":5}");
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().get("balance_cents").longValue()).isEqualTo(1_005);
        assertThat(balance(account)).isEqualTo(1_005);
        assertAuditClean();
    }

    @Test
    void a_keyed_write_whose_handler_fails_stores_no_key_so_the_same_key_runs_it_again() {
        String from = http.openAccount(1_000_000);
        String to = http.openAccount(0);
        String key = "retry-after-failure-" + from;
        String poisoned = "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                + "\",\"amount_cents\":" + PoisonHandlers.SAGA + "}";

        var failed = keyed("/transfers", poisoned, key);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(count("idempotency_key")).isZero();
        assertThat(balance(from)).isEqualTo(1_000_000);
        assertThat(jdbc.queryForObject("select count(*) from transfer where from_account_number = ?", Long.class, from))
                .isZero();

        // Nothing was kept, the key included: the same key runs again (and fails again, as the handler still does).
        var again = keyed("/transfers", poisoned, key);
        assertThat(again.status()).as(again.toString()).isEqualTo(500);
        assertThat(again.header("Idempotent-Replayed")).isNull();

        String depositKey = "deposit-after-failure-" + from;
        var deposit = keyed(
                "/accounts/" + from + "/deposit", "{\"amount_cents\":" + PoisonHandlers.ACCOUNTS + "}", depositKey);
        assertThat(deposit.status()).as(deposit.toString()).isEqualTo(500);
        assertThat(count("idempotency_key")).isZero();
        assertThat(balance(from)).isEqualTo(1_000_000);
        assertAuditClean();
    }

    Http.Response keyed(String path, String body, String key) {
        return http.post(path, body, java.util.Map.of("Idempotency-Key", key));
    }

    @Test
    void a_transfer_whose_projection_fails_is_answered_as_a_failure_and_moves_nothing() {
        String from = http.openAccount(1_000_000);
        String to = http.openAccount(0);

        var failed = transfer(from, to, PoisonHandlers.TRANSFERS);

        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(balance(from)).isEqualTo(1_000_000);
        assertThat(balance(to)).isZero();
        assertThat(events(from)).hasSize(1);
        assertThat(events(to)).hasSize(1);
        var next = transfer(from, to, 10);
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(balance(from)).isEqualTo(999_990);
        assertThat(balance(to)).isEqualTo(10);
        assertAuditClean();
    }

    @Test
    void a_transfer_whose_saga_step_fails_is_answered_as_a_failure_and_moves_nothing() {
        String from = http.openAccount(1_000_000);
        String to = http.openAccount(0);

        var failed = transfer(from, to, PoisonHandlers.SAGA);

        // The debit was applied and handed to the saga, whose credit then failed: all of it rolled back.
        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(balance(from)).isEqualTo(1_000_000);
        assertThat(balance(to)).isZero();
        assertThat(events(from)).hasSize(1);
        assertThat(events(to)).hasSize(1);
        assertThat(count("transfer")).isZero();
        assertThat(count("transfer_leg")).isZero();
        var next = transfer(from, to, 10);
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(balance(to)).isEqualTo(10);
        assertAuditClean();
    }

    @Test
    void a_transfer_settles_in_its_own_transaction_and_leaves_no_saga_or_deadline_behind() {
        JsonNode processors = http.get("/admin/processors").json().get("processors");
        for (String name : List.of("accounts", "transfers", "TransferSagaProcessor")) {
            JsonNode processor = null;
            for (JsonNode p : processors) {
                if (p.get("name").stringValue().equals(name)) {
                    processor = p;
                }
            }
            assertThat(processor).as(name + " in " + processors).isNotNull();
            assertThat(processor.get("mode").stringValue()).as(name).isEqualTo("SUBSCRIBING");
        }
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);

        var done = transfer(from, to, 300);

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("from_balance_cents").longValue()).isEqualTo(700);
        assertThat(done.json().get("to_balance_cents").longValue()).isEqualTo(300);
        assertThat(count("saga_entry")).isZero();
        assertThat(count("association_value_entry")).isZero();
        assertThat(count("scheduled_tasks")).isZero();
        var status = http.get("/transfers/" + done.json().get("correlation_id").stringValue());
        assertThat(status.json().get("status").stringValue()).isEqualTo("COMPLETED");
    }

    long count(String table) {
        Long rows = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return rows == null ? -1 : rows;
    }

    Http.Response transfer(String from, String to, long amount) {
        return http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + "}");
    }

    long balance(String account) {
        var response = http.get("/accounts/" + account + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("balance_cents").longValue();
    }

    JsonNode events(String account) {
        var response = http.get("/accounts/" + account + "/events");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    void assertAuditClean() {
        JsonNode audit = http.get("/admin/audit").json();
        assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
        assertThat(audit.get("pending_transfers").intValue())
                .as(audit.toString())
                .isZero();
    }
}
