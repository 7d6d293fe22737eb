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
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Atomic batches over HTTP: {@code POST /transfers/batch} applies its transfers in order (a later one may
 * spend what an earlier one brought) or none of them, answers each refusal with the batch's results, names
 * body errors by item, covers the batch with one idempotency key, and leaves transfers, ledger lines and
 * feed events that carry the batch's id, which the replay rebuilds and the audit checks. Subclasses run it
 * against each supported database.
 */
abstract class TransferBatchTests {

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
        return open(initialBalance, 0, "BRL");
    }

    String open(long initialBalance, long limit, String currency) {
        String number = AccountNumbers.fresh();
        ok(
                http.post(
                        "/accounts",
                        "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + initialBalance
                                + ",\"overdraft_limit_cents\":" + limit + ",\"currency\":\"" + currency + "\"}"),
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

    static String item(String from, String to, long amount) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + amount + "}";
    }

    static String batch(List<String> items) {
        return "{\"transfers\":[" + String.join(",", items) + "]}";
    }

    Response send(String... items) {
        return http.post("/transfers/batch", batch(List.of(items)));
    }

    long balance(String number) {
        return ok(http.get("/accounts/" + number + "/balance"))
                .json()
                .get("balance_cents")
                .longValue();
    }

    List<JsonNode> ledger(String number) {
        var lines = new ArrayList<JsonNode>();
        ok(http.get("/accounts/" + number + "/transactions")).json().forEach(lines::add);
        return lines;
    }

    List<JsonNode> mismatches() {
        var report = ok(http.get("/admin/audit")).json();
        var list = new ArrayList<JsonNode>();
        report.get("mismatches").forEach(list::add);
        return list;
    }

    /** What a refused batch must leave as it was: every event, ledger line, transfer and these balances. */
    record Footprint(long events, long lines, long transfers, List<Long> balances) {}

    Footprint footprint(String... accounts) {
        var balances = new ArrayList<Long>();
        for (String number : accounts) {
            balances.add(balance(number));
        }
        return new Footprint(
                jdbc.queryForObject("select count(*) from domain_event_entry", Long.class),
                jdbc.queryForObject("select count(*) from ledger_entry", Long.class),
                jdbc.queryForObject("select count(*) from transfer", Long.class),
                balances);
    }

    /** Sends the batch, expects it refused as a whole, and checks that it changed nothing. */
    JsonNode refusedChangingNothing(
            List<String> items, int status, int failedIndex, List<String> results, String... accounts) {
        var before = footprint(accounts);
        var response = http.post("/transfers/batch", batch(items));
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        var body = response.json();
        assertThat(body.get("code").stringValue()).isEqualTo("BATCH_REFUSED");
        assertThat(body.get("status").intValue()).isEqualTo(status);
        assertThat(body.get("failed_index").intValue()).isEqualTo(failedIndex);
        var got = new ArrayList<String>();
        body.get("results").forEach(r -> got.add(r.stringValue()));
        assertThat(got).isEqualTo(results);
        assertThat(footprint(accounts)).isEqualTo(before);
        return body;
    }

    @Test
    void a_batch_applies_in_order_so_a_later_transfer_spends_what_an_earlier_one_brought() {
        String a = open(1_000);
        String b = open(0);
        String c = open(0);
        long after = ok(http.get("/events?limit=1&after=999999999"))
                .json()
                .get("newest_position")
                .longValue();

        var answer = ok(send(
                        item(a, b, 1_000),
                        item(b, c, 600),
                        "{\"from_account_number\":\"" + c + "\",\"to_account_number\":\"" + a
                                + "\",\"amount_cents\":100,\"description\":\"back\",\"metadata\":{\"order\":\"O-1\"}}"))
                .json();

        String batchId = answer.get("batch_id").stringValue();
        assertThat(batchId).isNotBlank();
        var transfers = answer.get("transfers");
        assertThat(transfers.size()).isEqualTo(3);
        assertThat(transfers.get(0).get("from_balance_cents").longValue()).isEqualTo(0);
        assertThat(transfers.get(0).get("to_balance_cents").longValue()).isEqualTo(1_000);
        assertThat(transfers.get(1).get("from_balance_cents").longValue()).isEqualTo(400);
        assertThat(transfers.get(1).get("to_balance_cents").longValue()).isEqualTo(600);
        assertThat(transfers.get(2).get("from_balance_cents").longValue()).isEqualTo(500);
        assertThat(transfers.get(2).get("to_balance_cents").longValue()).isEqualTo(100);
        assertThat(balance(a)).isEqualTo(100);
        assertThat(balance(b)).isEqualTo(400);
        assertThat(balance(c)).isEqualTo(500);

        // Each item is a transfer of its own, completed, naming the batch; its ledger lines too.
        var ids = new ArrayList<String>();
        transfers.forEach(t -> ids.add(t.get("correlation_id").stringValue()));
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(batchId);
        for (String id : ids) {
            var view = ok(http.get("/transfers/" + id)).json();
            assertThat(view.get("status").stringValue()).isEqualTo("COMPLETED");
            assertThat(view.get("batch_id").stringValue()).isEqualTo(batchId);
        }
        var last = ok(http.get("/transfers/" + ids.get(2))).json();
        assertThat(last.get("description").stringValue()).isEqualTo("back");
        assertThat(last.get("metadata").get("order").stringValue()).isEqualTo("O-1");
        var lines = ledger(c);
        assertThat(lines).hasSize(2);
        for (var line : lines) {
            assertThat(line.get("batch_id").stringValue()).isEqualTo(batchId);
        }
        assertThat(lines.get(0).get("entry_type").stringValue()).isEqualTo("TRANSFER_OUT");
        assertThat(lines.get(0).get("correlation_id").stringValue()).isEqualTo(ids.get(2));
        var linesOfA = ledger(a);
        var opening = linesOfA.get(linesOfA.size() - 1);
        assertThat(opening.get("entry_type").stringValue()).isEqualTo("DEPOSIT");
        assertThat(opening.has("batch_id")).isFalse();

        // The feed shows the batch's events one after the other, each naming the batch.
        var feed = ok(http.get("/events?limit=100&after=" + after)).json().get("events");
        var types = new ArrayList<String>();
        long previous = -1;
        for (var event : feed) {
            if (event.get("data").has("batch_id")
                    && event.get("data").get("batch_id").stringValue().equals(batchId)) {
                long at = event.get("position").longValue();
                if (previous >= 0) {
                    assertThat(at).isEqualTo(previous + 1);
                }
                previous = at;
                types.add(event.get("type").stringValue());
            }
        }
        assertThat(types)
                .containsExactly(
                        "transfer.requested",
                        "transfer.debited",
                        "transfer.credited",
                        "transfer.completed",
                        "transfer.requested",
                        "transfer.debited",
                        "transfer.credited",
                        "transfer.completed",
                        "transfer.requested",
                        "transfer.debited",
                        "transfer.credited",
                        "transfer.completed");
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void a_refused_batch_changes_nothing_and_names_each_transfer_s_result() {
        String a = open(1_000);
        String b = open(0);
        String missing = AccountNumbers.fresh();

        refusedChangingNothing(
                List.of(item(a, b, 700), item(a, b, 400), item(b, missing, 1), item(a, a, 1), item(b, a, 700)),
                400,
                1,
                List.of(
                        "APPLIED_NOTHING",
                        "INSUFFICIENT_FUNDS",
                        "ACCOUNT_NOT_FOUND",
                        "SAME_ACCOUNT",
                        "APPLIED_NOTHING"),
                a,
                b);
        // The status is the one the first refusal would get alone.
        refusedChangingNothing(
                List.of(item(a, b, 1), item(missing, b, 1)),
                404,
                1,
                List.of("APPLIED_NOTHING", "ACCOUNT_NOT_FOUND"),
                a,
                b);
        refusedChangingNothing(List.of(item(a, "12ab", 1)), 400, 0, List.of("INVALID_ACCOUNT_NUMBER"), a, b);
        assertThat(balance(a)).isEqualTo(1_000);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void a_batch_is_refused_for_a_frozen_closed_or_foreign_currency_account_as_a_transfer_would_be() {
        String a = open(1_000);
        String b = open(0);
        String dollars = open(1_000, 0, "USD");
        ok(http.post("/accounts/" + b + "/freeze", "{\"reason\":\"review\",\"direction\":\"CREDITS\"}"));
        refusedChangingNothing(List.of(item(a, b, 1)), 409, 0, List.of("ACCOUNT_FROZEN"), a, b);
        ok(http.post("/accounts/" + b + "/unfreeze", "{}"));
        refusedChangingNothing(
                List.of(item(a, b, 1), item(a, dollars, 1)),
                400,
                1,
                List.of("APPLIED_NOTHING", "CURRENCY_MISMATCH"),
                a,
                b);
        String closed = open(0);
        ok(http.post("/accounts/" + closed + "/close", "{}"));
        refusedChangingNothing(
                List.of(item(a, b, 5), item(b, closed, 5)), 409, 1, List.of("APPLIED_NOTHING", "ACCOUNT_CLOSED"), a, b);
        ok(send(item(a, b, 5), item(b, a, 5)));
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void a_batch_whose_500th_transfer_is_refused_changes_nothing() {
        String a = open(100_000);
        String b = open(0);
        String c = open(0);
        var items = new ArrayList<String>();
        var results = new ArrayList<String>();
        for (int i = 0; i < 499; i++) {
            items.add(i % 2 == 0 ? item(a, b, 100) : item(b, c, 50));
            results.add("APPLIED_NOTHING");
        }
        items.add(item(c, a, 1_000_000));
        results.add("INSUFFICIENT_FUNDS");
        items.add(item(c, a, 1));
        results.add("APPLIED_NOTHING");
        refusedChangingNothing(items, 400, 499, results, a, b, c);

        // The same batch without the refused transfer applies whole.
        items.remove(499);
        var answer = ok(http.post("/transfers/batch", batch(items))).json();
        assertThat(answer.get("transfers").size()).isEqualTo(500);
        assertThat(balance(a) + balance(b) + balance(c)).isEqualTo(100_000);
        assertThat(balance(c)).isEqualTo(249 * 50 - 1);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void an_overdraft_limit_lets_a_batch_go_below_zero_and_no_further() {
        String a = open(100, 500, "BRL");
        String b = open(0);
        refusedChangingNothing(
                List.of(item(a, b, 300), item(a, b, 301)),
                400,
                1,
                List.of("APPLIED_NOTHING", "INSUFFICIENT_FUNDS"),
                a,
                b);
        ok(send(item(a, b, 300), item(a, b, 300)));
        assertThat(balance(a)).isEqualTo(-500);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void body_errors_name_the_transfer_and_the_field() {
        String a = open(100);
        var response = http.post(
                "/transfers/batch",
                "{\"transfers\":[" + item(a, a, 1) + ",{\"from_account_number\":\"" + a
                        + "\",\"amount_cents\":1.5},7,{\"from_account_number\":1,\"to_account_number\":\"" + a
                        + "\",\"amount_cents\":0,\"currency\":\"brl!\",\"metadata\":{\"K\":\"v\"}}]}");
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        var fields = new ArrayList<String>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
        assertThat(fields)
                .containsExactly(
                        "transfers[1].to_account_number",
                        "transfers[1].amount_cents",
                        "transfers[2]",
                        "transfers[3].from_account_number",
                        "transfers[3].amount_cents",
                        "transfers[3].currency",
                        "transfers[3].metadata");
        for (String body : List.of("{}", "{\"transfers\":[]}", "{\"transfers\":{}}", "[]")) {
            assertThat(http.post("/transfers/batch", body).status()).as(body).isEqualTo(422);
        }
        var tooMany = new ArrayList<String>();
        for (int i = 0; i < 1_001; i++) {
            tooMany.add(item(a, a, 1));
        }
        var refused = http.post("/transfers/batch", batch(tooMany));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").stringValue())
                .isEqualTo("transfers");
        assertThat(balance(a)).isEqualTo(100);
    }

    @Test
    void an_idempotency_key_covers_the_whole_batch() {
        String a = open(1_000);
        String b = open(0);
        var key = Map.of("Idempotency-Key", "batch-" + a);
        String body = batch(List.of(item(a, b, 100), item(b, a, 50)));

        var first = ok(http.post("/transfers/batch", body, key));
        var again = ok(http.post("/transfers/batch", body, key));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(http.post("/transfers/batch", batch(List.of(item(a, b, 101))), key)
                        .status())
                .isEqualTo(422);
        assertThat(balance(a)).isEqualTo(950);

        // A refusal is stored and answered again, even once the batch would pass.
        var tooMuch = Map.of("Idempotency-Key", "too-much-" + a);
        String refusedBody = batch(List.of(item(b, a, 60)));
        var refusal = http.post("/transfers/batch", refusedBody, tooMuch);
        assertThat(refusal.status()).isEqualTo(400);
        ok(send(item(a, b, 100)));
        assertThat(http.post("/transfers/batch", refusedBody, tooMuch).body()).isEqualTo(refusal.body());
        assertThat(balance(b)).isEqualTo(150);
    }

    @Test
    void batches_crossing_each_other_never_deadlock_and_conserve_money() throws Exception {
        int accounts = 6;
        var numbers = new ArrayList<String>();
        for (int i = 0; i < accounts; i++) {
            numbers.add(open(10_000));
        }
        int applied = race(List.of(http), 8, 15, 42, random -> {
            var items = new ArrayList<String>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                int from = random.nextInt(accounts);
                int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                items.add(item(numbers.get(from), numbers.get(to), 1 + random.nextInt(3_000)));
            }
            return items;
        });
        assertThat(applied).isPositive();
        assertConserved(numbers, 10_000);
    }

    /**
     * {@code threads} clients (the first seed {@code seed}, then one more each), spread over {@code nodes},
     * each sending {@code rounds} batches that {@code batch} draws, all released at once: every batch is
     * applied, refused whole, or CONCURRENT_UPDATE after its retries. The batches applied.
     */
    static int race(
            List<Http> nodes,
            int threads,
            int rounds,
            long seed,
            java.util.function.Function<Random, List<String>> batch)
            throws Exception {
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(threads);
        var outcomes = new ArrayList<Future<Integer>>();
        for (int t = 0; t < threads; t++) {
            var node = nodes.get(t % nodes.size());
            var random = new Random(seed + t);
            outcomes.add(pool.submit(() -> {
                start.await();
                int applied = 0;
                for (int round = 0; round < rounds; round++) {
                    var response = node.post("/transfers/batch", batch(batch.apply(random)));
                    if (response.status() == 200) {
                        applied++;
                    } else {
                        assertThat(response.json().get("code").stringValue())
                                .as(response.toString())
                                .isIn("BATCH_REFUSED", "CONCURRENT_UPDATE");
                    }
                }
                return applied;
            }));
        }
        start.countDown();
        int applied = 0;
        try {
            for (var outcome : outcomes) {
                applied += outcome.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return applied;
    }

    /** No account below zero, every account's opening balance still there in all, and a clean audit. */
    void assertConserved(List<String> numbers, long openingBalance) {
        long total = 0;
        for (String number : numbers) {
            long balance = balance(number);
            assertThat(balance).isNotNegative();
            total += balance;
        }
        assertThat(total).isEqualTo(numbers.size() * openingBalance);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void a_replay_rebuilds_the_batch_s_rows_and_the_audit_agrees() throws Exception {
        String a = open(1_000);
        String b = open(0);
        ok(send(item(a, b, 300), item(b, a, 100)));
        assertThat(mismatches()).isEmpty();

        Map<String, List<String>> live;
        try (Connection connection = dataSource.getConnection()) {
            live = ReadTableRows.read(connection);
        }
        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(ReadTableRows.read(connection)).isEqualTo(live);
        }
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void the_audit_catches_a_ledger_line_whose_batch_was_altered() throws Exception {
        String a = open(1_000);
        String b = open(0);
        ok(send(item(a, b, 300)));
        assertThat(mismatches()).isEmpty();
        assertThat(jdbc.update(
                        "update ledger_entry set batch_id = null where account_number = ? and batch_id is not null", b))
                .isEqualTo(1);
        try {
            assertThat(mismatches()).isNotEmpty();
        } finally {
            Replays.run(http);
        }
    }
}
