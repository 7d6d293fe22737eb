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
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A write's {@code description} and {@code metadata}: accepted by every write, refused (422 naming the
 * field, nothing changed) when malformed, shown on the account, the ledger lines (both sides of a
 * transfer), the transfer and the feed, part of the idempotency fingerprint, kept by a replay and checked
 * by the audit. Subclasses run it against each supported database.
 */
abstract class MemoTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    static final String MEMO =
            "\"description\":\"Invoice 17\",\"metadata\":{\"order_id\":\"A-17\",\"channel\":\"web\"}";

    String open(String memo) {
        String number = AccountNumbers.fresh();
        var created = http.post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":10000" + (memo.isEmpty() ? "" : ",")
                        + memo + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return number;
    }

    static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response;
    }

    static void assertMemo(JsonNode node, String description, Map<String, String> metadata) {
        assertThat(node.has("description")).as(node.toString()).isTrue();
        if (description == null) {
            assertThat(node.get("description").isNull()).as(node.toString()).isTrue();
        } else {
            assertThat(node.get("description").stringValue())
                    .as(node.toString())
                    .isEqualTo(description);
        }
        var actual = new TreeMap<String, String>();
        node.get("metadata")
                .properties()
                .forEach(e -> actual.put(e.getKey(), e.getValue().stringValue()));
        assertThat(actual).as(node.toString()).isEqualTo(new TreeMap<>(metadata));
    }

    static final Map<String, String> ORDER = Map.of("order_id", "A-17", "channel", "web");

    List<JsonNode> ledger(String number) {
        var list = new ArrayList<JsonNode>();
        ok(http.get("/accounts/" + number + "/transactions")).json().forEach(list::add);
        return list;
    }

    @Test
    void an_account_keeps_the_memo_it_was_opened_with_and_its_opening_line_shows_it() {
        String number = open(MEMO);
        assertMemo(ok(http.get("/accounts/" + number)).json(), "Invoice 17", ORDER);
        assertMemo(ledger(number).get(0), "Invoice 17", ORDER);

        String plain = open("");
        assertMemo(ok(http.get("/accounts/" + plain)).json(), null, Map.of());
        assertMemo(ledger(plain).get(0), null, Map.of());
    }

    @Test
    void deposits_and_withdrawals_label_their_own_lines() {
        String number = open("");
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":100," + MEMO + "}"));
        ok(http.post(
                "/accounts/" + number + "/withdraw",
                "{\"amount_cents\":30,\"description\":\"ATM\",\"metadata\":{\"atm\":\"7\"}}"));
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":5,\"metadata\":{},\"description\":null}"));
        var lines = ledger(number); // newest first
        assertMemo(lines.get(0), null, Map.of());
        assertMemo(lines.get(1), "ATM", Map.of("atm", "7"));
        assertMemo(lines.get(2), "Invoice 17", ORDER);
        assertMemo(lines.get(3), null, Map.of());
    }

    @Test
    void a_transfer_shows_its_memo_on_both_sides_and_on_itself() {
        String from = open("");
        String to = open("");
        var sent = ok(http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":250,"
                        + MEMO + "}"));
        String id = sent.json().get("correlation_id").stringValue();
        assertMemo(ledger(from).get(0), "Invoice 17", ORDER);
        assertMemo(ledger(to).get(0), "Invoice 17", ORDER);
        assertMemo(ok(http.get("/transfers/" + id)).json(), "Invoice 17", ORDER);
    }

    @Test
    void a_post_labels_its_lines_with_its_own_memo_or_else_the_transfers() {
        String from = open("");
        String to = open("");
        String labelled = reserve(from, to, MEMO);
        ok(http.post("/transfers/" + labelled + "/post", ""));
        assertMemo(ledger(from).get(0), "Invoice 17", ORDER);
        assertMemo(ledger(to).get(0), "Invoice 17", ORDER);
        assertMemo(ok(http.get("/transfers/" + labelled)).json(), "Invoice 17", ORDER);

        String relabelled = reserve(from, to, MEMO);
        ok(http.post(
                "/transfers/" + relabelled + "/post",
                "{\"amount_cents\":10,\"description\":\"partial\",\"metadata\":{\"batch\":\"9\"}}"));
        assertMemo(ledger(from).get(0), "partial", Map.of("batch", "9"));
        assertMemo(ledger(to).get(0), "partial", Map.of("batch", "9"));
        assertMemo(ok(http.get("/transfers/" + relabelled)).json(), "Invoice 17", ORDER);

        String voided = reserve(from, to, "");
        ok(http.post("/transfers/" + voided + "/void", "{\"description\":\"customer cancelled\"}"));
        assertMemo(ok(http.get("/transfers/" + voided)).json(), null, Map.of());
    }

    String reserve(String from, String to, String memo) {
        var reserved = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                        + "\",\"amount_cents\":40,\"pending\":true" + (memo.isEmpty() ? "" : ",") + memo + "}");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        return reserved.json().get("correlation_id").stringValue();
    }

    @Test
    void lifecycle_changes_accept_a_memo_and_the_feed_carries_it() {
        String number = open("");
        ok(http.post("/accounts/" + number + "/freeze", "{\"reason\":\"review\"," + MEMO + "}"));
        ok(http.post("/accounts/" + number + "/unfreeze", "{\"description\":\"cleared\"}"));
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":7,\"metadata\":{\"k\":\"v\"}}"));
        var events = new ArrayList<JsonNode>();
        ok(http.get("/accounts/" + number + "/events")).json().forEach(events::add);
        var byType = new TreeMap<String, JsonNode>();
        events.forEach(e -> byType.put(e.get("type").stringValue(), e.get("data")));
        assertMemo(byType.get("account.frozen"), "Invoice 17", ORDER);
        assertMemo(byType.get("account.unfrozen"), "cleared", Map.of());
        assertMemo(byType.get("money.deposited"), null, Map.of("k", "v"));
        assertMemo(byType.get("account.opened"), null, Map.of());

        var feed = new ArrayList<JsonNode>();
        ok(http.get("/events?limit=1000&after=0&types=money.deposited"))
                .json()
                .get("events")
                .forEach(feed::add);
        assertThat(feed.stream()
                        .filter(e -> number.equals(e.get("account_number").stringValue()))
                        .map(e -> e.get("data")))
                .singleElement()
                .satisfies(data -> assertMemo(data, null, Map.of("k", "v")));
    }

    static List<String> invalidMemos() {
        var manyKeys = new StringBuilder("{");
        for (int i = 0; i < 21; i++) {
            manyKeys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        manyKeys.append('}');
        String long501 = "x".repeat(501);
        return List.of(
                "metadata|\"metadata\":{\"n\":1}|metadata.n",
                "metadata|\"metadata\":" + manyKeys + "|metadata",
                "metadata|\"metadata\":{\"order id\":\"1\"}|metadata",
                "metadata|\"metadata\":{\"Order\":\"1\"}|metadata",
                "metadata|\"metadata\":{\"\":\"1\"}|metadata",
                "metadata|\"metadata\":{\"" + "k".repeat(41) + "\":\"1\"}|metadata",
                "metadata|\"metadata\":{\"k\":\"" + long501 + "\"}|metadata.k",
                "metadata|\"metadata\":[\"a\"]|metadata",
                "metadata|\"metadata\":\"a\"|metadata",
                "description|\"description\":\"" + long501 + "\"|description",
                "description|\"description\":\"a\\u0000b\"|description",
                "description|\"description\":5|description");
    }

    @ParameterizedTest
    @MethodSource("invalidMemos")
    void a_malformed_memo_is_refused_naming_its_field_and_changes_nothing(String spec) {
        String[] parts = spec.split("\\|", 3);
        String member = parts[1];
        String field = parts[2];
        String number = open("");
        String other = open("");
        var before = ok(http.get("/accounts/" + number)).json();
        List<Response> refused = List.of(
                http.post("/accounts", "{\"account_number\":\"" + AccountNumbers.fresh() + "\"," + member + "}"),
                http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":1," + member + "}"),
                http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":1," + member + "}"),
                http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + number + "\",\"to_account_number\":\"" + other
                                + "\",\"amount_cents\":1," + member + "}"),
                http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + number + "\",\"to_account_number\":\"" + other
                                + "\",\"amount_cents\":1,\"pending\":true," + member + "}"),
                http.post("/accounts/" + number + "/freeze", "{\"reason\":\"r\"," + member + "}"),
                http.post("/accounts/" + number + "/unfreeze", "{" + member + "}"),
                http.post("/accounts/" + number + "/close", "{" + member + "}"));
        for (Response response : refused) {
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            JsonNode body = response.json();
            assertThat(body.get("code").stringValue()).isEqualTo("INVALID_REQUEST");
            assertThat(body.get("detail").stringValue()).as(response.toString()).startsWith(field + ": ");
        }
        assertThat(ok(http.get("/accounts/" + number)).json()).isEqualTo(before);
        assertThat(ledger(number)).hasSize(1);
        assertThat(ledger(other)).hasSize(1);
    }

    @Test
    void the_memo_is_part_of_the_idempotency_fingerprint() {
        String number = open("");
        var headers = Map.of("Idempotency-Key", "memo-" + number);
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":100,\"metadata\":{\"a\":\"1\"}}", headers));
        var other = http.post(
                "/accounts/" + number + "/deposit", "{\"amount_cents\":100,\"metadata\":{\"a\":\"2\"}}", headers);
        assertThat(other.status()).as(other.toString()).isEqualTo(422);
        assertThat(other.json().get("code").stringValue()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        var same = http.post(
                "/accounts/" + number + "/deposit",
                "{\"metadata\":{\"a\":\"1\"},\"description\":null,\"amount_cents\":100}",
                headers);
        assertThat(same.status()).as(same.toString()).isEqualTo(200);

        var plainHeaders = Map.of("Idempotency-Key", "plain-" + number);
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":5}", plainHeaders));
        var emptyMemo =
                http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":5,\"metadata\":{}}", plainHeaders);
        assertThat(emptyMemo.status()).as(emptyMemo.toString()).isEqualTo(200);
        assertThat(ledger(number)).hasSize(3);
    }

    @Test
    void a_replay_rebuilds_the_memos_and_the_audit_checks_them() throws Exception {
        String from = open(MEMO);
        String to = open("");
        ok(http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":250,"
                        + MEMO + "}"));
        reserve(from, to, "\"metadata\":{\"hold\":\"1\"}");
        ok(http.post("/accounts/" + to + "/deposit", "{\"amount_cents\":100,\"description\":\"cash\"}"));
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

        // A ledger line whose memo was changed behind the projection's back is reported.
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "update ledger_entry set description = 'forged' where account_number = ?")) {
            statement.setString(1, to);
            assertThat(statement.executeUpdate()).isEqualTo(3);
        }
        assertThat(mismatches())
                .anySatisfy(
                        m -> assertThat(m.get("account_number").stringValue()).isEqualTo(to));
        assertThat(Replays.run(http).get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(mismatches()).isEmpty();
    }

    /** {@code metadata[KEY]=VALUE}, encoded as a URI must carry it. */
    static String filter(String key, String value) {
        return "metadata%5B" + key + "%5D="
                + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Follows the Link headers from {@code first}; answers every page's items. */
    List<JsonNode> walk(String first, java.util.function.Function<JsonNode, JsonNode> items) {
        var all = new ArrayList<JsonNode>();
        String next = first;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).isLessThan(1000);
            var page = ok(http.get(next));
            items.apply(page.json()).forEach(all::add);
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        return all;
    }

    @Test
    void ledgers_transfers_and_accounts_filter_by_metadata_across_pages() {
        String tag = AccountNumbers.fresh();
        String from = open("\"metadata\":{\"tag\":\"" + tag + "\",\"kind\":\"payer\"}");
        String to = open("\"metadata\":{\"tag\":\"" + tag + "\"}");
        var expectedLines = new ArrayList<String>();
        var expectedTransfers = new ArrayList<String>();
        for (int i = 0; i < 25; i++) {
            String order = "o-" + (i % 3);
            String memo =
                    "\"metadata\":{\"order\":\"" + order + "\",\"tag\":\"" + tag + "\",\"quote\":\"a\\\",\\\"b\"}";
            if (i % 2 == 0) {
                ok(http.post("/accounts/" + from + "/deposit", "{\"amount_cents\":" + (i + 1) + "," + memo + "}"));
            } else {
                var sent = ok(http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":" + (i + 1) + "," + memo + "}"));
                if (order.equals("o-1")) {
                    expectedTransfers.add(sent.json().get("correlation_id").stringValue());
                }
            }
            if (order.equals("o-1")) {
                expectedLines.add(String.valueOf(i + 1));
            }
        }
        // The source's ledger, filtered, paged by 2: every matching line exactly once, newest first.
        var lines = walk(
                "/accounts/" + from + "/transactions?limit=2&" + filter("order", "o-1") + "&" + filter("tag", tag) + "&"
                        + filter("quote", "a\",\"b"),
                page -> page);
        var amounts = lines.stream()
                .map(l -> String.valueOf(l.get("amount_cents").longValue()))
                .toList();
        var newestFirst = new ArrayList<>(expectedLines);
        java.util.Collections.reverse(newestFirst);
        assertThat(amounts).containsExactlyElementsOf(newestFirst);
        assertThat(lines)
                .allSatisfy(l ->
                        assertThat(l.get("metadata").get("order").stringValue()).isEqualTo("o-1"));
        // A value that is only a prefix, or another key's value, matches nothing.
        assertThat(ok(http.get("/accounts/" + from + "/transactions?" + filter("order", "o-")))
                        .json())
                .isEmpty();
        assertThat(ok(http.get("/accounts/" + from + "/transactions?" + filter("order", tag)))
                        .json())
                .isEmpty();
        // Combined with the other filters.
        var outs = walk(
                "/accounts/" + from + "/transactions?limit=1&entry_type=TRANSFER_OUT&" + filter("order", "o-1"),
                page -> page);
        assertThat(outs).hasSize(expectedTransfers.size());

        var transfers = walk(
                "/transfers?limit=2&account_number=" + to + "&" + filter("order", "o-1"),
                page -> page.get("transfers"));
        assertThat(transfers.stream().map(t -> t.get("correlation_id").stringValue()))
                .containsExactlyInAnyOrderElementsOf(expectedTransfers);

        var accounts = walk("/accounts?limit=1&" + filter("tag", tag), page -> page.get("accounts"));
        assertThat(accounts.stream().map(a -> a.get("account_number").stringValue()))
                .containsExactly(from, to);
        var payers =
                walk("/accounts?" + filter("tag", tag) + "&" + filter("kind", "payer"), page -> page.get("accounts"));
        assertThat(payers.stream().map(a -> a.get("account_number").stringValue()))
                .containsExactly(from);
    }

    @Test
    void a_malformed_metadata_filter_is_refused_naming_it() {
        String number = open("");
        for (String route : List.of("/accounts/" + number + "/transactions", "/transfers", "/accounts")) {
            for (String query : List.of("metadata%5BBad%5D=1", "metadata=1", "metadata%5Bk%5D=1&metadata%5Bk%5D=2")) {
                var refused = http.get(route + "?" + query);
                assertThat(refused.status())
                        .as(route + "?" + query + " " + refused)
                        .isEqualTo(422);
                assertThat(refused.json().get("detail").stringValue()).startsWith("metadata");
            }
        }
    }

    @Test
    void brackets_may_be_sent_unencoded_as_clients_type_them() throws Exception {
        String number = open("\"metadata\":{\"raw\":\"yes\"}");
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            var out = socket.getOutputStream();
            out.write(("GET /accounts?metadata[raw]=yes HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains(number);
        }
    }

    @Test
    void patch_replaces_the_description_and_merges_the_metadata() {
        String number = open(MEMO);
        var patched = ok(http.patch(
                "/accounts/" + number,
                "{\"description\":\"Savings\",\"metadata\":{\"channel\":null,\"branch\":\"042\"}}"));
        assertMemo(patched.json(), "Savings", Map.of("order_id", "A-17", "branch", "042"));
        assertMemo(ok(http.get("/accounts/" + number)).json(), "Savings", Map.of("order_id", "A-17", "branch", "042"));
        assertThat(ok(http.get("/accounts?" + filter("branch", "042")))
                        .json()
                        .get("accounts")
                        .size())
                .isEqualTo(1);

        // Absent members leave things as they are; a null description clears it.
        assertMemo(
                ok(http.patch("/accounts/" + number, "{}")).json(),
                "Savings",
                Map.of("order_id", "A-17", "branch", "042"));
        assertMemo(
                ok(http.patch("/accounts/" + number, "{\"description\":null}")).json(),
                null,
                Map.of("order_id", "A-17", "branch", "042"));

        var events = new ArrayList<JsonNode>();
        ok(http.get("/accounts/" + number + "/events")).json().forEach(events::add);
        var updates = events.stream()
                .filter(e -> e.get("type").stringValue().equals("account.updated"))
                .toList();
        assertThat(updates).hasSize(2); // the empty PATCH changed nothing and wrote nothing
        assertThat(updates.get(1).get("data").get("metadata").get("branch").stringValue())
                .isEqualTo("042");
        assertThat(updates.get(1).get("data").get("description").isNull()).isTrue();
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void patch_refuses_what_would_leave_the_account_outside_the_limits_and_changes_nothing() {
        var keys = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            keys.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":\"v\"");
        }
        String number = open("\"metadata\":{" + keys + "}");
        var before = ok(http.get("/accounts/" + number)).json();
        var more = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            more.append(i == 0 ? "" : ",").append("\"b").append(i).append("\":\"v\"");
        }
        var tooMany = http.patch("/accounts/" + number, "{\"metadata\":{" + more + "}}");
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(422);
        assertThat(tooMany.json().get("detail").stringValue()).startsWith("metadata: ");
        var badKey = http.patch("/accounts/" + number, "{\"metadata\":{\"Bad Key\":\"v\"}}");
        assertThat(badKey.status()).isEqualTo(422);
        var badValue = http.patch("/accounts/" + number, "{\"metadata\":{\"k\":5}}");
        assertThat(badValue.status()).isEqualTo(422);
        assertThat(badValue.json().get("detail").stringValue()).startsWith("metadata.k: ");
        assertThat(http.patch("/accounts/" + number, "[]").status()).isEqualTo(422);
        assertThat(ok(http.get("/accounts/" + number)).json()).isEqualTo(before);

        // Removing and adding in one change is fine when the result fits.
        var swapped = ok(http.patch(
                "/accounts/" + number, "{\"metadata\":{\"a0\":null,\"a1\":null,\"b0\":\"x\",\"b1\":\"y\"}}"));
        assertThat(swapped.json().get("metadata").size()).isEqualTo(15);

        ok(http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":10000}"));
        ok(http.post("/accounts/" + number + "/close", ""));
        var closed = http.patch("/accounts/" + number, "{\"description\":\"late\"}");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(409);
        assertThat(closed.json().get("code").stringValue()).isEqualTo("ACCOUNT_CLOSED");
        var unknown = http.patch("/accounts/" + AccountNumbers.fresh(), "{\"description\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
    }

    private List<JsonNode> mismatches() {
        var report = ok(http.get("/admin/audit")).json();
        var list = new ArrayList<JsonNode>();
        report.get("mismatches").forEach(list::add);
        return list;
    }
}
