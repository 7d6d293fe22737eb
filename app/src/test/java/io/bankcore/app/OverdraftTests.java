package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import io.bankcore.app.support.ReadTableRows;
import io.bankcore.app.support.Replays;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Overdraft limits over HTTP: opening with one, changing it with {@code PUT /accounts/{n}/overdraft-limit},
 * debits down to minus the limit and not a cent further, a limit lowered under use, every refusal (and
 * that it changed nothing), the answers, the feed, idempotency keys, the audit and the replay.
 * Subclasses run it against each supported database.
 */
abstract class OverdraftTests {

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

    String open(long initialBalance, long limit) {
        String number = AccountNumbers.fresh();
        var created = http.post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + initialBalance
                        + ",\"overdraft_limit_cents\":" + limit + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return number;
    }

    static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    static void refused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().get("code").stringValue())
                .as(response.toString())
                .isEqualTo(code);
    }

    JsonNode balance(String number) {
        return ok(http.get("/accounts/" + number + "/balance")).json();
    }

    Response setLimit(String number, long limit) {
        return http.put("/accounts/" + number + "/overdraft-limit", "{\"overdraft_limit_cents\":" + limit + "}");
    }

    Response withdraw(String number, long amount) {
        return http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":" + amount + "}");
    }

    static void assertBalances(JsonNode answer, long balance, long limit, long reserved, long available) {
        assertThat(answer.get("balance_cents").longValue())
                .as(answer.toString())
                .isEqualTo(balance);
        assertThat(answer.get("overdraft_limit_cents").longValue())
                .as(answer.toString())
                .isEqualTo(limit);
        assertThat(answer.get("reserved_cents").longValue())
                .as(answer.toString())
                .isEqualTo(reserved);
        assertThat(answer.get("available_balance_cents").longValue())
                .as(answer.toString())
                .isEqualTo(available);
    }

    /** Everything a refusal must leave as it was: the account's events, its ledger and its balance row. */
    record Footprint(long events, long lines, JsonNode balance, JsonNode account) {}

    Footprint footprint(String number) {
        return new Footprint(
                jdbc.queryForObject(
                        "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, number),
                jdbc.queryForObject("select count(*) from ledger_entry where account_number = ?", Long.class, number),
                balance(number),
                ok(http.get("/accounts/" + number)).json());
    }

    @Test
    void an_account_opened_with_a_limit_shows_it_and_counts_it_as_available() {
        String number = open(1_000, 5_000);

        assertBalances(balance(number), 1_000, 5_000, 0, 6_000);
        assertBalances(ok(http.get("/accounts/" + number)).json(), 1_000, 5_000, 0, 6_000);
        String plain = open(300, 0);
        assertBalances(balance(plain), 300, 0, 0, 300);
        String defaulted = http.openAccount(0);
        assertBalances(balance(defaulted), 0, 0, 0, 0);
    }

    @Test
    void a_withdrawal_goes_down_to_minus_the_limit_and_one_cent_more_is_refused_changing_nothing() {
        String number = open(100, 500);

        var drawn = ok(withdraw(number, 600)).json();
        assertThat(drawn.get("balance_cents").longValue()).isEqualTo(-500);
        assertBalances(balance(number), -500, 500, 0, 0);

        var before = footprint(number);
        var refused = withdraw(number, 1);
        refused(refused, 400, "INSUFFICIENT_FUNDS");
        assertThat(refused.json().get("detail").stringValue())
                .startsWith("Insufficient funds")
                .contains("available balance is 0");
        assertThat(footprint(number)).isEqualTo(before);
        var ledger = ok(http.get("/accounts/" + number + "/transactions")).json();
        assertThat(ledger.get(0).get("entry_type").stringValue()).isEqualTo("WITHDRAWAL");
        assertThat(ledger.get(0).get("amount_cents").longValue()).isEqualTo(600);
    }

    @Test
    void transfers_and_reservations_take_the_limit_into_account_and_name_the_available_amount() {
        String from = open(0, 1_000);
        String to = open(0, 0);

        var reserved = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                        + "\",\"amount_cents\":400,\"pending\":true}");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertBalances(balance(from), 0, 1_000, 400, 600);

        var before = footprint(from);
        var tooMuch = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":601}");
        refused(tooMuch, 400, "INSUFFICIENT_FUNDS");
        assertThat(tooMuch.json().get("detail").stringValue()).contains("available balance is 600");
        assertThat(footprint(from)).isEqualTo(before);
        refused(
                http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":601,\"pending\":true}"),
                400,
                "INSUFFICIENT_FUNDS");
        assertThat(footprint(from)).isEqualTo(before);

        var sent = ok(http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":600}"))
                .json();
        assertThat(sent.get("from_balance_cents").longValue()).isEqualTo(-600);
        String id = reserved.json().get("correlation_id").stringValue();
        ok(http.post("/transfers/" + id + "/post", ""));
        assertBalances(balance(from), -1_000, 1_000, 0, 0);
        assertBalances(balance(to), 1_000, 0, 0, 1_000);
    }

    @Test
    void put_changes_the_limit_answers_the_balance_and_is_an_event_unless_it_is_the_same() {
        String number = open(200, 0);
        refused(withdraw(number, 201), 400, "INSUFFICIENT_FUNDS");

        var changed = ok(setLimit(number, 2_000)).json();
        assertBalances(changed, 200, 2_000, 0, 2_200);
        assertThat(changed.get("account_number").stringValue()).isEqualTo(number);
        assertThat(changed.get("status").stringValue()).isEqualTo("ACTIVE");
        assertBalances(balance(number), 200, 2_000, 0, 2_200);
        ok(withdraw(number, 201));

        long events = footprint(number).events();
        assertBalances(ok(setLimit(number, 2_000)).json(), -1, 2_000, 0, 1_999);
        assertThat(footprint(number).events()).isEqualTo(events);

        var trail = new ArrayList<JsonNode>();
        ok(http.get("/accounts/" + number + "/events")).json().forEach(trail::add);
        var change = trail.stream()
                .filter(e -> e.get("type").stringValue().equals("account.overdraft_limit_changed"))
                .toList();
        assertThat(change).hasSize(1);
        assertThat(change.get(0).get("data").get("overdraft_limit_cents").longValue())
                .isEqualTo(2_000);
        assertThat(change.get(0)
                        .get("data")
                        .get("previous_overdraft_limit_cents")
                        .longValue())
                .isZero();
        var feed = ok(http.get("/events?after=0&limit=1000&types=account.overdraft_limit_changed"))
                .json()
                .get("events");
        assertThat(feed.valueStream()
                        .filter(e -> e.get("account_number").stringValue().equals(number))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void a_limit_lowered_under_use_stops_further_debits_until_the_account_is_back_within_it() {
        String number = open(0, 1_000);
        ok(withdraw(number, 800));

        assertBalances(ok(setLimit(number, 300)).json(), -800, 300, 0, 0);
        var before = footprint(number);
        refused(withdraw(number, 1), 400, "INSUFFICIENT_FUNDS");
        String other = open(0, 0);
        refused(
                http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + number + "\",\"to_account_number\":\"" + other
                                + "\",\"amount_cents\":1,\"pending\":true}"),
                400,
                "INSUFFICIENT_FUNDS");
        assertThat(footprint(number)).isEqualTo(before);

        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":600}"));
        assertBalances(balance(number), -200, 300, 0, 100);
        refused(withdraw(number, 101), 400, "INSUFFICIENT_FUNDS");
        ok(withdraw(number, 100));
        assertBalances(balance(number), -300, 300, 0, 0);
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void bad_limits_are_refused_naming_the_field_and_change_nothing() {
        String number = open(100, 50);
        var before = footprint(number);
        for (String body : List.of(
                "{}",
                "{\"overdraft_limit_cents\":-1}",
                "{\"overdraft_limit_cents\":\"100\"}",
                "{\"overdraft_limit_cents\":1.5}",
                "{\"overdraft_limit_cents\":null}",
                "{\"overdraft_limit_cents\":true}",
                "{\"overdraft_limit_cents\":92233720368547758070}",
                "{\"overdraft_limit_cents\":10,\"metadata\":{\"Bad Key\":\"x\"}}",
                "[1]",
                "not json")) {
            var response = http.put("/accounts/" + number + "/overdraft-limit", body);
            assertThat(response.status()).as(body + " -> " + response).isIn(400, 422);
            assertThat(response.json().get("code").stringValue()).as(body).isEqualTo("INVALID_REQUEST");
            if (body.startsWith("{\"overdraft") || body.equals("{}")) {
                assertThat(response.json().get("detail").stringValue())
                        .as(body)
                        .contains(body.contains("metadata") ? "metadata" : "overdraft_limit_cents");
            }
        }
        refused(setLimit("12", 10), 400, "INVALID_ACCOUNT_NUMBER");
        refused(setLimit(AccountNumbers.fresh(), 10), 404, "ACCOUNT_NOT_FOUND");
        assertThat(footprint(number)).isEqualTo(before);

        String taken = AccountNumbers.fresh();
        var negative = http.post("/accounts", "{\"account_number\":\"" + taken + "\",\"overdraft_limit_cents\":-5}");
        refused(negative, 422, "INVALID_REQUEST");
        assertThat(negative.json().get("detail").stringValue()).contains("overdraft_limit_cents");
        refused(http.get("/accounts/" + taken), 404, "ACCOUNT_NOT_FOUND");
    }

    @Test
    void an_overdrawn_account_cannot_close_and_a_closed_one_takes_no_limit() {
        String number = open(0, 100);
        ok(withdraw(number, 60));
        var notEmpty = http.post("/accounts/" + number + "/close", "");
        refused(notEmpty, 409, "ACCOUNT_NOT_EMPTY");
        assertThat(notEmpty.json().get("detail").stringValue()).contains("-60");

        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":60}"));
        ok(http.post("/accounts/" + number + "/close", ""));
        var before = footprint(number);
        refused(setLimit(number, 10), 409, "ACCOUNT_CLOSED");
        assertThat(footprint(number)).isEqualTo(before);

        String frozen = open(0, 0);
        ok(http.post("/accounts/" + frozen + "/freeze", "{\"reason\":\"review\",\"direction\":\"DEBITS\"}"));
        assertBalances(ok(setLimit(frozen, 10)).json(), 0, 10, 0, 10);
        refused(withdraw(frozen, 1), 409, "ACCOUNT_FROZEN");
    }

    @Test
    void the_balance_as_of_an_instant_knows_the_limit_then() throws InterruptedException {
        String number = open(0, 100);
        Instant between = waitPastNow();
        ok(setLimit(number, 700));
        ok(withdraw(number, 650));

        var then = ok(http.get("/accounts/" + number + "/balance?as_of=" + between))
                .json();
        assertBalances(then, 0, 100, 0, 100);
        var now = ok(http.get("/accounts/" + number + "/balance?as_of=" + waitPastNow()))
                .json();
        assertBalances(now, -650, 700, 0, 50);
    }

    /** An instant strictly after every event so far and before any later one (the store keeps milliseconds). */
    private static Instant waitPastNow() throws InterruptedException {
        Instant at = Instant.now();
        Thread.sleep(5);
        return at.plusMillis(2);
    }

    @Test
    void an_idempotency_key_replays_a_limit_change_and_a_default_limit_counts_as_absent() {
        String number = open(0, 0);
        var key = Map.of("Idempotency-Key", "overdraft-" + number);
        var first = http.put("/accounts/" + number + "/overdraft-limit", "{\"overdraft_limit_cents\":300}", key);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        ok(withdraw(number, 100));
        var again = http.put("/accounts/" + number + "/overdraft-limit", "{ \"overdraft_limit_cents\": 300 }", key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        refused(
                http.put("/accounts/" + number + "/overdraft-limit", "{\"overdraft_limit_cents\":301}", key),
                422,
                "IDEMPOTENCY_KEY_REUSED");
        assertBalances(balance(number), -100, 300, 0, 200);

        String opened = AccountNumbers.fresh();
        var openKey = Map.of("Idempotency-Key", "open-" + opened);
        var created = http.post("/accounts", "{\"account_number\":\"" + opened + "\"}", openKey);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var same =
                http.post("/accounts", "{\"account_number\":\"" + opened + "\",\"overdraft_limit_cents\":0}", openKey);
        assertThat(same.status()).as(same.toString()).isEqualTo(201);
        assertThat(same.header("Idempotent-Replayed")).isEqualTo("true");
        refused(
                http.post("/accounts", "{\"account_number\":\"" + opened + "\",\"overdraft_limit_cents\":1}", openKey),
                422,
                "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void a_replay_rebuilds_limits_and_negative_balances_and_the_audit_checks_them() throws Exception {
        String overdrawn = open(0, 1_000);
        String other = open(0, 0);
        ok(http.post(
                "/transfers",
                "{\"from_account_number\":\"" + overdrawn + "\",\"to_account_number\":\"" + other
                        + "\",\"amount_cents\":900}"));
        ok(setLimit(overdrawn, 100));
        assertThat(mismatches()).isEmpty();

        java.util.Map<String, List<String>> live;
        try (Connection connection = dataSource.getConnection()) {
            live = ReadTableRows.read(connection);
        }
        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(ReadTableRows.read(connection)).isEqualTo(live);
        }
        assertBalances(balance(overdrawn), -900, 100, 0, 0);

        // A limit changed behind the projection's back is reported, and a replay puts it right.
        assertThat(jdbc.update(
                        "update account_balance set overdraft_limit_minor = 5 where account_number = ?", overdrawn))
                .isEqualTo(1);
        assertThat(mismatches())
                .anySatisfy(m -> assertThat(m.get("account_number").stringValue() + " "
                                + m.get("what").stringValue())
                        .isEqualTo(overdrawn + " overdraft_limit_minor"));
        assertThat(Replays.run(http).get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(mismatches()).isEmpty();
    }

    private List<JsonNode> mismatches() {
        var report = ok(http.get("/admin/audit")).json();
        var list = new ArrayList<JsonNode>();
        report.get("mismatches").forEach(list::add);
        return list;
    }
}
