package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import io.bankcore.app.support.ReadTableRows;
import io.bankcore.app.support.Replays;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Reversals over HTTP: {@code POST /transfers/{id}/reverse} in full and in parts up to the transferred
 * amount and not a cent more, a posted pending transfer for its posted amount, every refusal (and that it
 * changed nothing), concurrent reversals of one transfer, idempotency keys, the transfer's and the
 * ledger's view of them, the replay and the audit. Subclasses run it against each supported database.
 */
abstract class ReversalTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Http http;
    JdbcTemplate jdbc;

    @BeforeEach
    void client() {
        http = new Http(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    String open(long initialBalance) {
        return open(initialBalance, 0);
    }

    String open(long initialBalance, long limit) {
        String number = AccountNumbers.fresh();
        ok(
                http.post(
                        "/accounts",
                        "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + initialBalance
                                + ",\"overdraft_limit_cents\":" + limit + "}"),
                201);
        return number;
    }

    static Response ok(Response response) {
        return ok(response, 200);
    }

    static Response ok(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response;
    }

    static JsonNode refused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().get("code").stringValue())
                .as(response.toString())
                .isEqualTo(code);
        return response.json();
    }

    static String body(String from, String to, long amount) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + amount + "}";
    }

    /** A completed transfer of {@code amount}; its id. */
    String transfer(String from, String to, long amount) {
        return ok(http.post("/transfers", body(from, to, amount)))
                .json()
                .get("correlation_id")
                .stringValue();
    }

    Response reverse(String transferId, String body) {
        return http.post("/transfers/" + transferId + "/reverse", body);
    }

    Response reverse(String transferId, long amount) {
        return reverse(transferId, "{\"amount_cents\":" + amount + "}");
    }

    long balance(String number) {
        return ok(http.get("/accounts/" + number + "/balance"))
                .json()
                .get("balance_cents")
                .longValue();
    }

    JsonNode transferView(String transferId) {
        return ok(http.get("/transfers/" + transferId)).json();
    }

    List<JsonNode> ledger(String number) {
        var lines = new ArrayList<JsonNode>();
        ok(http.get("/accounts/" + number + "/transactions")).json().forEach(lines::add);
        return lines;
    }

    /** Everything a refusal must leave as it was: the streams, ledgers and balances of both accounts and the transfer. */
    record Footprint(long events, long lines, long reversals, String from, String to, JsonNode transfer) {}

    Footprint footprint(String transferId, String from, String to) {
        return new Footprint(
                jdbc.queryForObject(
                        "select count(*) from domain_event_entry where aggregate_identifier in (?, ?, ?)",
                        Long.class,
                        transferId,
                        from,
                        to),
                jdbc.queryForObject(
                        "select count(*) from ledger_entry where account_number in (?, ?)", Long.class, from, to),
                jdbc.queryForObject("select count(*) from transfer_reversal", Long.class),
                ok(http.get("/accounts/" + from + "/balance")).body(),
                ok(http.get("/accounts/" + to + "/balance")).body(),
                transferView(transferId));
    }

    void refusedChangingNothing(String transferId, String from, String to, Response response, int status, String code) {
        var before = footprint(transferId, from, to);
        refused(response, status, code);
        assertThat(footprint(transferId, from, to)).isEqualTo(before);
    }

    @Test
    void a_reversal_moves_the_amount_back_and_the_transfer_and_both_ledgers_show_it() {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 3_000);

        var answer = ok(reverse(
                        id,
                        "{\"amount_cents\":1000,\"description\":\"Order 17 returned\",\"metadata\":{\"rma\":\"R-9\"}}"))
                .json();

        String reversalId = answer.get("reversal_id").stringValue();
        assertThat(reversalId).isNotEqualTo(id).hasSize(36);
        assertThat(answer.get("transfer_id").stringValue()).isEqualTo(id);
        assertThat(answer.get("from_account_number").stringValue()).isEqualTo(from);
        assertThat(answer.get("to_account_number").stringValue()).isEqualTo(to);
        assertThat(answer.get("amount_cents").longValue()).isEqualTo(1_000);
        assertThat(answer.get("reversed_amount_cents").longValue()).isEqualTo(1_000);
        assertThat(answer.get("from_balance_cents").longValue()).isEqualTo(8_000);
        assertThat(answer.get("to_balance_cents").longValue()).isEqualTo(2_000);
        assertThat(answer.get("currency").stringValue()).isEqualTo("BRL");
        assertThat(balance(from)).isEqualTo(8_000);
        assertThat(balance(to)).isEqualTo(2_000);

        var out = ledger(to).get(0);
        assertThat(out.get("entry_type").stringValue()).isEqualTo("REVERSAL_OUT");
        assertThat(out.get("amount_cents").longValue()).isEqualTo(1_000);
        assertThat(out.get("correlation_id").stringValue()).isEqualTo(reversalId);
        assertThat(out.get("counterparty_account_number").stringValue()).isEqualTo(from);
        assertThat(out.get("description").stringValue()).isEqualTo("Order 17 returned");
        assertThat(out.get("metadata").get("rma").stringValue()).isEqualTo("R-9");
        var in = ledger(from).get(0);
        assertThat(in.get("entry_type").stringValue()).isEqualTo("REVERSAL_IN");
        assertThat(in.get("correlation_id").stringValue()).isEqualTo(reversalId);
        assertThat(in.get("counterparty_account_number").stringValue()).isEqualTo(to);
        assertThat(ok(http.get("/accounts/" + to + "/transactions?entry_type=REVERSAL_OUT"))
                        .json()
                        .size())
                .isEqualTo(1);

        var view = transferView(id);
        assertThat(view.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(view.get("reversed_amount_cents").longValue()).isEqualTo(1_000);
        assertThat(view.get("reversals").size()).isEqualTo(1);
        var reversal = view.get("reversals").get(0);
        assertThat(reversal.get("reversal_id").stringValue()).isEqualTo(reversalId);
        assertThat(reversal.get("amount_cents").longValue()).isEqualTo(1_000);
        assertThat(reversal.get("reversed_amount_cents").longValue()).isEqualTo(1_000);
        assertThat(reversal.get("from_balance_cents").longValue()).isEqualTo(8_000);
        assertThat(reversal.get("to_balance_cents").longValue()).isEqualTo(2_000);
        assertThat(reversal.get("description").stringValue()).isEqualTo("Order 17 returned");
        assertThat(reversal.get("metadata").get("rma").stringValue()).isEqualTo("R-9");
        assertThat(reversal.get("reversed_at").stringValue()).endsWith("Z");
        var listed = ok(http.get("/transfers?account_number=" + from)).json().get("transfers");
        assertThat(listed.get(0).get("reversed_amount_cents").longValue()).isEqualTo(1_000);
        assertThat(transferView(transfer(from, to, 1)).get("reversals").size()).isZero();
    }

    @Test
    void partial_reversals_reach_the_transferred_amount_exactly_and_one_cent_more_is_refused() {
        String from = open(10_000);
        String to = open(500);
        String id = transfer(from, to, 3_000);

        ok(reverse(id, 1_000));
        ok(reverse(id, 1_500));
        var last = ok(reverse(id, 500)).json();
        assertThat(last.get("reversed_amount_cents").longValue()).isEqualTo(3_000);
        assertThat(balance(from)).isEqualTo(10_000);
        assertThat(balance(to)).isEqualTo(500);

        var refusal = footprint(id, from, to);
        var detail = refused(reverse(id, 1), 409, "REVERSAL_EXCEEDS_TRANSFER");
        assertThat(detail.get("detail").stringValue()).contains("3000").contains("at most 0");
        refused(reverse(id, ""), 409, "REVERSAL_EXCEEDS_TRANSFER");
        assertThat(footprint(id, from, to)).isEqualTo(refusal);
        var view = transferView(id);
        assertThat(view.get("reversed_amount_cents").longValue()).isEqualTo(3_000);
        assertThat(view.get("reversals").findValues("amount_cents").stream()
                        .map(JsonNode::longValue)
                        .toList())
                .containsExactly(1_000L, 1_500L, 500L);
    }

    @Test
    void without_an_amount_a_reversal_takes_back_all_that_is_left() {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 3_000);
        ok(reverse(id, 700));

        var rest = ok(reverse(id, "")).json();

        assertThat(rest.get("amount_cents").longValue()).isEqualTo(2_300);
        assertThat(rest.get("reversed_amount_cents").longValue()).isEqualTo(3_000);
        refusedChangingNothing(id, from, to, reverse(id, "{}"), 409, "REVERSAL_EXCEEDS_TRANSFER");
    }

    @Test
    void a_posted_pending_transfer_is_reversed_up_to_its_posted_amount() {
        String from = open(10_000);
        String to = open(0);
        String id = ok(http.post("/transfers", body(from, to, 5_000).replace("}", ",\"pending\":true}")), 201)
                .json()
                .get("correlation_id")
                .stringValue();
        refusedChangingNothing(id, from, to, reverse(id, 1), 409, "TRANSFER_NOT_COMPLETED");
        ok(http.post("/transfers/" + id + "/post", "{\"amount_cents\":2000}"));

        refusedChangingNothing(id, from, to, reverse(id, 2_001), 409, "REVERSAL_EXCEEDS_TRANSFER");
        var all = ok(reverse(id, "")).json();
        assertThat(all.get("amount_cents").longValue()).isEqualTo(2_000);
        assertThat(balance(from)).isEqualTo(10_000);
        assertThat(balance(to)).isZero();
    }

    @Test
    void only_a_completed_transfer_is_reversed_and_an_unknown_one_is_not_found() {
        String from = open(10_000);
        String to = open(0);
        String voided = ok(http.post("/transfers", body(from, to, 100).replace("}", ",\"pending\":true}")), 201)
                .json()
                .get("correlation_id")
                .stringValue();
        ok(http.post("/transfers/" + voided + "/void", ""));
        var detail = refused(reverse(voided, 1), 409, "TRANSFER_NOT_COMPLETED");
        assertThat(detail.get("detail").stringValue()).contains("VOIDED");

        String frozen = open(0);
        ok(http.post("/accounts/" + frozen + "/freeze", "{\"reason\":\"review\",\"direction\":\"CREDITS\"}"));
        String failed = refused(http.post("/transfers", body(from, frozen, 100)), 409, "ACCOUNT_FROZEN")
                .get("correlation_id")
                .stringValue();
        ok(http.post("/accounts/" + frozen + "/unfreeze", ""));
        refusedChangingNothing(failed, from, frozen, reverse(failed, 1), 409, "TRANSFER_NOT_COMPLETED");

        refused(reverse("00000000-0000-4000-8000-000000000000", 1), 404, "TRANSFER_NOT_FOUND");
        refused(reverse(from, 1), 404, "TRANSFER_NOT_FOUND");
        refused(reverse("not-a-transfer", ""), 404, "TRANSFER_NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"amount_cents\":0}",
                "{\"amount_cents\":-5}",
                "{\"amount_cents\":\"5\"}",
                "{\"amount_cents\":1.5}",
                "{\"amount_cents\":null}",
                "{\"amount_cents\":true}",
                "{\"amount_cents\":99999999999999999999}"
            })
    void an_amount_that_is_no_positive_integer_is_a_422_naming_it(String body) {
        String from = open(1_000);
        String to = open(0);
        String id = transfer(from, to, 100);

        var before = footprint(id, from, to);
        var problem = refused(reverse(id, body), 422, "INVALID_REQUEST");
        assertThat(problem.get("detail").stringValue()).startsWith("amount_cents");
        refused(reverse("00000000-0000-4000-8000-000000000000", body), 422, "INVALID_REQUEST");
        refused(reverse(id, "[1]"), 422, "INVALID_REQUEST");
        refused(reverse(id, "{\"description\":7}"), 422, "INVALID_REQUEST");
        assertThat(footprint(id, from, to)).isEqualTo(before);
    }

    @Test
    void a_reversal_is_refused_for_the_destination_s_funds_as_a_transfer_back_would_be() {
        String from = open(10_000);
        String to = open(0, 300);
        String id = transfer(from, to, 1_000);
        ok(http.post("/accounts/" + to + "/withdraw", "{\"amount_cents\":900}"));

        // 100 left plus the overdraft limit of 300: at most 400 can go back.
        var problem = footprint(id, from, to);
        var refusal = refused(reverse(id, 401), 400, "INSUFFICIENT_FUNDS");
        assertThat(refusal.get("detail").stringValue()).contains("400");
        assertThat(footprint(id, from, to)).isEqualTo(problem);
        var into = ok(reverse(id, 400)).json();
        assertThat(into.get("to_balance_cents").longValue()).isEqualTo(-300);

        // A reservation on the destination holds part of what it may take: 300 + 300 - 550 = 50 are left.
        String back = transfer(from, to, 600);
        ok(http.post("/transfers", body(to, from, 550).replace("}", ",\"pending\":true}")), 201);
        refusedChangingNothing(back, from, to, reverse(back, 51), 400, "INSUFFICIENT_FUNDS");
        ok(reverse(back, 50));
    }

    @Test
    void a_reversal_is_refused_for_a_frozen_or_closed_account_changing_nothing() {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 1_000);

        freeze(to, "DEBITS");
        refusedChangingNothing(id, from, to, reverse(id, 1), 409, "ACCOUNT_FROZEN");
        freeze(to, "CREDITS");
        ok(reverse(id, 1)); // the destination gives back: a debit
        freeze(from, "CREDITS");
        refusedChangingNothing(id, from, to, reverse(id, 1), 409, "ACCOUNT_FROZEN");
        freeze(from, "DEBITS");
        ok(reverse(id, 1)); // the source takes back: a credit
        ok(http.post("/accounts/" + from + "/unfreeze", ""));
        ok(http.post("/accounts/" + to + "/unfreeze", ""));

        ok(http.post("/accounts/" + to + "/withdraw", "{\"amount_cents\":998}"));
        ok(http.post("/accounts/" + to + "/close", ""));
        refusedChangingNothing(id, from, to, reverse(id, 1), 409, "ACCOUNT_CLOSED");

        String other = open(0);
        String second = transfer(from, other, 50);
        ok(http.post("/accounts/" + from + "/withdraw", "{\"amount_cents\":" + balance(from) + "}"));
        ok(http.post("/accounts/" + from + "/close", ""));
        refusedChangingNothing(second, from, other, reverse(second, 1), 409, "ACCOUNT_CLOSED");
    }

    private void freeze(String number, String direction) {
        ok(http.post("/accounts/" + number + "/freeze", "{\"reason\":\"review\",\"direction\":\"" + direction + "\"}"));
    }

    @Test
    void concurrent_reversals_of_one_transfer_never_exceed_it() throws Exception {
        String from = open(10_000);
        String to = open(5_000);
        String id = transfer(from, to, 1_000);
        int threads = 12;
        int perThread = 8;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(threads);
        var results = new ArrayList<Future<List<Integer>>>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                var statuses = new ArrayList<Integer>();
                for (int i = 0; i < perThread; i++) {
                    var response = reverse(id, 13);
                    if (response.status() != 200) {
                        assertThat(response.json().get("code").stringValue())
                                .as(response.toString())
                                .isIn("REVERSAL_EXCEEDS_TRANSFER", "CONCURRENT_UPDATE");
                    }
                    statuses.add(response.status());
                }
                return statuses;
            }));
        }
        start.countDown();
        long accepted = 0;
        for (var result : results) {
            accepted += result.get().stream().filter(s -> s == 200).count();
        }
        pool.shutdown();

        assertThat(accepted).isEqualTo(1_000 / 13);
        var view = transferView(id);
        assertThat(view.get("reversed_amount_cents").longValue()).isEqualTo(accepted * 13);
        assertThat(view.get("reversals").size()).isEqualTo((int) accepted);
        assertThat(balance(from)).isEqualTo(9_000 + accepted * 13);
        assertThat(balance(to)).isEqualTo(6_000 - accepted * 13);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void an_idempotency_key_replays_a_reversal_and_refuses_another_body() {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 1_000);
        var key = Map.of("Idempotency-Key", "reverse-" + id);

        var first = http.post("/transfers/" + id + "/reverse", "{\"amount_cents\":300}", key);
        ok(first);
        var again = http.post("/transfers/" + id + "/reverse", "{ \"amount_cents\": 300 }", key);
        ok(again);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        refused(
                http.post("/transfers/" + id + "/reverse", "{\"amount_cents\":301}", key),
                422,
                "IDEMPOTENCY_KEY_REUSED");
        assertThat(transferView(id).get("reversed_amount_cents").longValue()).isEqualTo(300);

        // A refusal is stored and answered again, even once it would pass.
        var tooMuch = Map.of("Idempotency-Key", "too-much-" + id);
        var refusal = http.post("/transfers/" + id + "/reverse", "{\"amount_cents\":800}", tooMuch);
        refused(refusal, 409, "REVERSAL_EXCEEDS_TRANSFER");
        var all = ok(http.post("/transfers/" + id + "/reverse", "", Map.of("Idempotency-Key", "all-" + id)));
        assertThat(all.json().get("amount_cents").longValue()).isEqualTo(700);
        var replayed = http.post("/transfers/" + id + "/reverse", "{\"amount_cents\":800}", tooMuch);
        assertThat(replayed.body()).isEqualTo(refusal.body());
        assertThat(balance(from)).isEqualTo(10_000);
    }

    @Test
    void a_replay_rebuilds_the_reversals_and_the_audit_agrees() throws Exception {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 3_000);
        ok(reverse(id, "{\"amount_cents\":1000,\"metadata\":{\"rma\":\"R-1\"}}"));
        ok(reverse(id, 500));
        assertThat(mismatches()).isEmpty();

        Map<String, List<String>> live;
        try (Connection connection = dataSource.getConnection()) {
            live = ReadTableRows.read(connection);
        }
        assertThat(live.get("transfer_reversal")).isNotEmpty();
        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(ReadTableRows.read(connection)).isEqualTo(live);
        }
        assertThat(transferView(id).get("reversed_amount_cents").longValue()).isEqualTo(1_500);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void the_audit_catches_a_forged_or_altered_reversal_row() throws Exception {
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 3_000);
        String reversal = ok(reverse(id, 1_000)).json().get("reversal_id").stringValue();
        assertThat(mismatches()).isEmpty();

        jdbc.update(
                "insert into transfer_reversal (reversal_id, transfer_id, from_account_number, to_account_number,"
                        + " amount_minor, reversed_minor, currency, from_balance_minor, to_balance_minor,"
                        + " from_sequence, to_sequence, reversed_at)"
                        + " select '00000000-0000-4000-8000-00000000f00d', transfer_id, from_account_number,"
                        + " to_account_number, 2000, 3000, currency, from_balance_minor, to_balance_minor,"
                        + " from_sequence, to_sequence, reversed_at from transfer_reversal where reversal_id = ?",
                reversal);
        assertThat(jdbc.update("update transfer_reversal set amount_minor = 999 where reversal_id = ?", reversal))
                .isEqualTo(1);

        assertThat(mismatches())
                .extracting(m -> m.get("what").stringValue())
                .containsExactlyInAnyOrder(
                        "transfer_reversal 00000000-0000-4000-8000-00000000f00d: row without events",
                        "transfer_reversal " + reversal);
        assertThat(Replays.run(http).get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(mismatches()).isEmpty();
        assertThat(transferView(id).get("reversed_amount_cents").longValue()).isEqualTo(1_000);
    }

    @Test
    void the_feed_the_audit_trail_as_of_and_the_statement_know_reversals() throws Exception {
        java.time.Instant start = java.time.Instant.now().minusSeconds(1);
        long after = ok(http.get("/events?limit=1&after=999999999"))
                .json()
                .get("newest_position")
                .longValue();
        String from = open(10_000);
        String to = open(0);
        String id = transfer(from, to, 3_000);
        String reversal = ok(reverse(id, "{\"amount_cents\":1200,\"description\":\"refund\"}"))
                .json()
                .get("reversal_id")
                .stringValue();

        var events = new ArrayList<JsonNode>();
        ok(http.get("/events?types=transfer.reversed,reversal.*&after=" + after))
                .json()
                .get("events")
                .forEach(events::add);
        assertThat(events)
                .extracting(e -> e.get("type").stringValue())
                .containsExactlyInAnyOrder("reversal.debited", "reversal.credited", "transfer.reversed");
        for (JsonNode event : events) {
            assertThat(event.get("correlation_id").stringValue()).isEqualTo(reversal);
            var data = event.get("data");
            assertThat(data.get("transfer_id").stringValue()).isEqualTo(id);
            assertThat(data.get("amount_cents").longValue()).isEqualTo(1_200);
            assertThat(data.get("description").stringValue()).isEqualTo("refund");
        }
        var trail = ok(http.get("/accounts/" + to + "/events")).json();
        var last = trail.get(trail.size() - 1);
        assertThat(last.get("type").stringValue()).isEqualTo("reversal.debited");
        assertThat(last.get("data").get("balance_cents").longValue()).isEqualTo(1_800);

        Thread.sleep(5);
        var asOf = ok(http.get("/accounts/" + to + "/balance?as_of=" + java.time.Instant.now()))
                .json();
        assertThat(asOf.get("balance_cents").longValue()).isEqualTo(1_800);
        var statement = ok(http.get("/accounts/" + from + "/statement?from=" + start + "&to="
                        + java.time.Instant.now().plusSeconds(60)))
                .json();
        assertThat(statement.get("total_credits_cents").longValue()).isEqualTo(10_000 + 1_200);
        assertThat(statement.get("total_debits_cents").longValue()).isEqualTo(3_000);
        assertThat(statement.get("closing_balance_cents").longValue()).isEqualTo(8_200);
        var directions = new ArrayList<String>();
        statement
                .get("entries")
                .forEach(e -> directions.add(e.get("entry_type").stringValue() + " "
                        + e.get("direction").stringValue()));
        assertThat(directions).contains("REVERSAL_IN CREDIT");
    }

    List<JsonNode> mismatches() {
        var report = ok(http.get("/admin/audit")).json();
        var list = new ArrayList<JsonNode>();
        report.get("mismatches").forEach(list::add);
        return list;
    }
}
