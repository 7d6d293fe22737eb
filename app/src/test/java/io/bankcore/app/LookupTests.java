package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The look-up routes: one account, lists of accounts, filtered ledgers, lists of transfers and
 * statements, over a real socket with API keys on. Each test works inside tenants of its own (an
 * account-number prefix no other test uses), which also keeps the lists of one test apart from the
 * others' accounts. Subclasses run it against each supported database.
 */
abstract class LookupTests {

    @LocalServerPort
    int port;

    /** Every scope, every account. */
    Http admin;

    @BeforeEach
    void clients() {
        admin = new Http(
                port, Map.of("X-API-Key", ApiKeyAuthTest.createKey(port, "lookup", ApiKeyAuthTest.ALL_SCOPES)));
    }

    /** A tenant of its own: a prefix no other test uses, and a key bound to it. */
    record Tenant(String prefix, Http http) {

        private static final java.util.concurrent.atomic.AtomicInteger SERIAL =
                new java.util.concurrent.atomic.AtomicInteger();

        /** A number under the prefix, 10 digits. */
        String number(int i) {
            return prefix + String.format("%03d", i);
        }

        /** Opens an account under the prefix; fails the test unless 201. */
        String open(int i, long initialBalance, String currency) {
            var created = http.post(
                    "/accounts",
                    "{\"account_number\":\"" + number(i) + "\",\"initial_balance_cents\":" + initialBalance
                            + ",\"currency\":\"" + currency + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return number(i);
        }
    }

    Tenant tenant() {
        String prefix = "8" + AccountNumbers.fresh().substring(4);
        var created = admin.post(
                "/admin/api-keys",
                "{\"name\":\"tenant " + prefix + "\",\"scopes\":[\"accounts:read\",\"accounts:write\","
                        + "\"transfers:write\"],\"tenant\":\"" + prefix + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Tenant(
                prefix,
                new Http(port, Map.of("X-API-Key", created.json().get("key").stringValue())));
    }

    static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    /** Follows the {@code Link} headers from {@code first}; answers every page's items, in order. */
    static List<JsonNode> walk(Http http, String first, Function<JsonNode, JsonNode> items) {
        var all = new ArrayList<JsonNode>();
        String next = first;
        int pages = 0;
        while (next != null) {
            var page = ok(http.get(next));
            items.apply(page.json()).forEach(all::add);
            String link = page.header("Link");
            if (link != null) {
                assertThat(link).endsWith("; rel=\"next\"");
            }
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            assertThat(++pages).as("pages").isLessThan(1000);
        }
        return all;
    }

    static List<String> field(List<JsonNode> items, String name) {
        return items.stream().map(i -> i.get(name).asString()).toList();
    }

    /** A pending transfer: the amount held on {@code from} until posted, voided or expired. */
    static String reserve(Http http, String from, String to, long amount) {
        var reserved = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + ",\"pending\":true}");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        return reserved.json().get("correlation_id").stringValue();
    }

    static void assertInvalid(Response response, String parameter) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("code").stringValue()).isEqualTo("INVALID_REQUEST");
        assertThat(body.get("detail").stringValue()).as(response.toString()).startsWith(parameter + ": ");
    }

    // ---- GET /accounts/{n} ---------------------------------------------------------------------

    @Test
    void an_account_answers_its_identity_and_the_balance_route_s_balances() {
        var t = tenant();
        String a = t.open(1, 5_000, "BRL");
        String b = t.open(2, 0, "BRL");
        reserve(t.http(), a, b, 1_200);

        JsonNode account = ok(t.http().get("/accounts/" + a)).json();
        JsonNode balance = ok(t.http().get("/accounts/" + a + "/balance")).json();

        assertThat(account.propertyNames())
                .containsExactlyInAnyOrder(
                        "account_id",
                        "account_number",
                        "currency",
                        "status",
                        "frozen_direction",
                        "freeze_reason",
                        "balance_cents",
                        "available_balance_cents",
                        "reserved_cents",
                        "overdraft_limit_cents",
                        "created_at",
                        "description",
                        "metadata");
        for (String name : balance.propertyNames()) {
            assertThat(account.get(name)).as(name).isEqualTo(balance.get(name));
        }
        assertThat(account.get("balance_cents").longValue()).isEqualTo(5_000);
        assertThat(account.get("reserved_cents").longValue()).isEqualTo(1_200);
        assertThat(account.get("available_balance_cents").longValue()).isEqualTo(3_800);
        assertThat(account.get("account_id").stringValue()).matches("[0-9a-f-]{36}");
        assertThat(account.get("created_at").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        assertThat(account.get("description").isNull()).isTrue();
        assertThat(account.get("metadata").isObject()).isTrue();
        assertThat(account.get("metadata").size()).isZero();
    }

    @Test
    void an_unknown_account_and_another_tenant_s_account_answer_as_the_balance_route_does() {
        var t = tenant();
        var other = tenant();
        String theirs = other.open(1, 0, "BRL");
        String missing = t.number(9);

        for (String number : List.of(missing, theirs)) {
            var account = t.http().get("/accounts/" + number);
            var balance = t.http().get("/accounts/" + number + "/balance");
            assertThat(account.status()).as(account.toString()).isEqualTo(404);
            assertThat(account.json().get("code")).isEqualTo(balance.json().get("code"));
            assertThat(account.json().get("detail")).isEqualTo(balance.json().get("detail"));
        }
        var bad = t.http().get("/accounts/12ab56");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("code").stringValue()).isEqualTo("INVALID_ACCOUNT_NUMBER");
    }

    // ---- GET /accounts -------------------------------------------------------------------------

    @Test
    void accounts_are_listed_in_number_order_page_by_page_each_exactly_once_with_filters_kept() {
        var t = tenant();
        var frozen = new ArrayList<String>();
        var all = new ArrayList<String>();
        for (int i = 1; i <= 9; i++) {
            String number = t.open(i, 100, i % 3 == 0 ? "USD" : "BRL");
            all.add(number);
            if (i % 2 == 0) {
                ok(admin.post("/accounts/" + number + "/freeze", "{\"reason\":\"review\"}"));
                frozen.add(number);
            }
        }

        assertThat(field(walk(t.http(), "/accounts?limit=2", j -> j.get("accounts")), "account_number"))
                .containsExactlyElementsOf(all);
        assertThat(field(walk(t.http(), "/accounts?limit=1&status=FROZEN", j -> j.get("accounts")), "account_number"))
                .containsExactlyElementsOf(frozen);
        var usdActive = walk(t.http(), "/accounts?limit=1&status=ACTIVE&currency=USD", j -> j.get("accounts"));
        assertThat(field(usdActive, "account_number")).containsExactly(t.number(3), t.number(9));
        assertThat(field(usdActive, "currency")).containsOnly("USD");
        assertThat(field(walk(t.http(), "/accounts?status=ACTIVE,FROZEN&limit=4", j -> j.get("accounts")), "status"))
                .hasSize(9);
        // every item is the single account's answer
        JsonNode first =
                ok(t.http().get("/accounts?limit=1")).json().get("accounts").get(0);
        assertThat(first).isEqualTo(ok(t.http().get("/accounts/" + all.get(0))).json());
    }

    @Test
    void created_from_is_inclusive_and_created_to_exclusive() {
        var t = tenant();
        for (int i = 1; i <= 4; i++) {
            t.open(i, 0, "BRL");
        }
        String second = ok(t.http().get("/accounts/" + t.number(2)))
                .json()
                .get("created_at")
                .stringValue();
        String fourth = ok(t.http().get("/accounts/" + t.number(4)))
                .json()
                .get("created_at")
                .stringValue();

        var between = walk(
                t.http(), "/accounts?limit=1&created_from=" + second + "&created_to=" + fourth, j -> j.get("accounts"));
        assertThat(field(between, "account_number")).containsExactly(t.number(2), t.number(3));
        assertThat(field(walk(t.http(), "/accounts?created_to=" + second, j -> j.get("accounts")), "account_number"))
                .containsExactly(t.number(1));
    }

    @Test
    void a_tenant_lists_only_its_own_accounts_and_the_admin_sees_both_tenants() {
        var one = tenant();
        var two = tenant();
        one.open(1, 0, "BRL");
        one.open(2, 0, "BRL");
        two.open(1, 0, "BRL");

        assertThat(field(walk(one.http(), "/accounts?limit=1", j -> j.get("accounts")), "account_number"))
                .containsExactly(one.number(1), one.number(2));
        assertThat(field(walk(two.http(), "/accounts", j -> j.get("accounts")), "account_number"))
                .containsExactly(two.number(1));
        var everyone = field(walk(admin, "/accounts?limit=1000", j -> j.get("accounts")), "account_number");
        assertThat(everyone).contains(one.number(1), one.number(2), two.number(1));
        // a cursor from another tenant's range does not reach past the tenant's own accounts
        assertThat(ok(one.http().get("/accounts?cursor=0"))
                        .json()
                        .get("accounts")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void a_tenant_reverses_only_transfers_between_its_own_accounts() {
        var one = tenant();
        var two = tenant();
        String a = one.open(1, 1_000, "BRL");
        String b = one.open(2, 0, "BRL");
        String x = two.open(1, 1_000, "BRL");
        String mine = ok(one.http().post("/transfers", transfer(a, b, 10)))
                .json()
                .get("correlation_id")
                .stringValue();
        String across = ok(admin.post("/transfers", transfer(a, x, 30)))
                .json()
                .get("correlation_id")
                .stringValue();

        for (var refused : List.of(
                two.http().post("/transfers/" + mine + "/reverse", ""),
                one.http().post("/transfers/" + across + "/reverse", ""),
                two.http().post("/transfers/" + across + "/reverse", "{\"amount_cents\":1}"))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
            assertThat(refused.json().get("code").stringValue()).isEqualTo("TRANSFER_NOT_FOUND");
        }
        assertThat(ok(admin.get("/transfers/" + across))
                        .json()
                        .get("reversed_amount_cents")
                        .longValue())
                .isZero();
        ok(one.http().post("/transfers/" + mine + "/reverse", "{\"amount_cents\":4}"));
        ok(admin.post("/transfers/" + across + "/reverse", ""));
        assertThat(ok(one.http().get("/transfers/" + mine))
                        .json()
                        .get("reversed_amount_cents")
                        .longValue())
                .isEqualTo(4);
        assertThat(ok(one.http().get("/accounts/" + a + "/balance"))
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(1_000 - 10 + 4);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "limit=0|limit",
                "limit=1001|limit",
                "cursor=abc|cursor",
                "status=OPEN|status",
                "status=active|status",
                "status=ACTIVE,|status",
                "currency=XX1|currency",
                "currency=|currency",
                "created_from=yesterday|created_from",
                "created_from=2026-01-01|created_from",
                "created_to=2026-01-01T00:00:00|created_to",
                "created_from=2026-02-01T00:00:00Z&created_to=2026-01-01T00:00:00Z|created_to",
                "metadata%5BKind%5D=x|metadata[Kind]",
                "metadata=x|metadata"
            })
    void a_bad_list_filter_is_a_422_naming_it(String query, String parameter) {
        assertInvalid(tenant().http().get("/accounts?" + query), parameter);
    }

    // ---- GET /accounts/{n}/transactions with filters --------------------------------------------

    /** An account with every kind of line: deposits, withdrawals, transfers both ways, a refund. */
    List<JsonNode> busyLedger(Tenant t, String a) {
        String b = t.open(2, 10_000, "BRL");
        String frozen = t.open(3, 0, "BRL");
        ok(admin.post("/accounts/" + frozen + "/freeze", "{\"reason\":\"review\",\"direction\":\"CREDITS\"}"));
        for (int i = 1; i <= 3; i++) {
            ok(t.http().post("/accounts/" + a + "/deposit", "{\"amount_cents\":" + (100 * i) + "}"));
            ok(t.http().post("/accounts/" + a + "/withdraw", "{\"amount_cents\":" + (10 * i) + "}"));
            ok(t.http().post("/transfers", transfer(a, b, 7 * i)));
            ok(t.http().post("/transfers", transfer(b, a, 11 * i)));
            var refused = t.http().post("/transfers", transfer(a, frozen, 3 * i));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        }
        var all = walk(t.http(), "/accounts/" + a + "/transactions?limit=1000", j -> j);
        assertThat(field(all, "entry_type"))
                .contains("DEPOSIT", "WITHDRAWAL", "TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND");
        return all;
    }

    static String transfer(String from, String to, long amount) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + amount + "}";
    }

    @Test
    void a_filtered_ledger_walked_page_by_page_is_exactly_the_matching_entries_newest_first() {
        var t = tenant();
        String a = t.open(1, 1_000, "BRL");
        List<JsonNode> all = busyLedger(t, a);
        String early = all.get(all.size() - 4).get("occurred_at").stringValue();
        String late = all.get(5).get("occurred_at").stringValue();
        String correlation = all.stream()
                .filter(e -> e.get("entry_type").stringValue().equals("TRANSFER_REFUND"))
                .findFirst()
                .orElseThrow()
                .get("correlation_id")
                .stringValue();

        record Case(String query, java.util.function.Predicate<JsonNode> matches) {}
        var cases = List.of(
                new Case("entry_type=DEPOSIT", e -> type(e).equals("DEPOSIT")),
                new Case(
                        "entry_type=TRANSFER_OUT,TRANSFER_REFUND",
                        e -> List.of("TRANSFER_OUT", "TRANSFER_REFUND").contains(type(e))),
                new Case(
                        "entry_type=TRANSFER_IN&entry_type=WITHDRAWAL",
                        e -> List.of("TRANSFER_IN", "WITHDRAWAL").contains(type(e))),
                new Case("from=" + early, e -> at(e).compareTo(java.time.Instant.parse(early)) >= 0),
                new Case("to=" + late, e -> at(e).compareTo(java.time.Instant.parse(late)) < 0),
                new Case(
                        "from=" + early + "&to=" + late + "&entry_type=DEPOSIT,TRANSFER_IN",
                        e -> at(e).compareTo(java.time.Instant.parse(early)) >= 0
                                && at(e).compareTo(java.time.Instant.parse(late)) < 0
                                && List.of("DEPOSIT", "TRANSFER_IN").contains(type(e))),
                new Case(
                        "correlation_id=" + correlation,
                        e -> correlation.equals(e.get("correlation_id").asString())),
                new Case(
                        "correlation_id=" + correlation.toUpperCase(java.util.Locale.ROOT) + "&entry_type=TRANSFER_OUT",
                        e -> correlation.equals(e.get("correlation_id").asString()) && type(e).equals("TRANSFER_OUT")));
        for (var c : cases) {
            var expected = all.stream().filter(c.matches()).toList();
            assertThat(expected).as(c.query()).isNotEmpty();
            for (int limit : List.of(1, 2, 5, 1000)) {
                var walked =
                        walk(t.http(), "/accounts/" + a + "/transactions?" + c.query() + "&limit=" + limit, j -> j);
                assertThat(walked).as(c.query() + " limit " + limit).containsExactlyElementsOf(expected);
            }
        }
        var none =
                ok(t.http().get("/accounts/" + a + "/transactions?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z"));
        assertThat(none.json().size()).isZero();
        assertThat(none.header("Link")).isNull();
        var unknown = t.http().get("/accounts/" + t.number(99) + "/transactions?entry_type=DEPOSIT");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    }

    private static String type(JsonNode entry) {
        return entry.get("entry_type").stringValue();
    }

    private static java.time.Instant at(JsonNode entry) {
        return java.time.Instant.parse(entry.get("occurred_at").stringValue());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "entry_type=FOO|entry_type",
                "entry_type=deposit|entry_type",
                "entry_type=DEPOSIT,,WITHDRAWAL|entry_type",
                "entry_type=|entry_type",
                "from=2026-13-01T00:00:00Z|from",
                "from=1700000000|from",
                "to=soon|to",
                "from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z|to",
                "correlation_id=abc|correlation_id",
                "correlation_id=' OR 1=1 --|correlation_id"
            })
    void a_bad_ledger_filter_is_a_422_naming_it(String query, String parameter) {
        var t = tenant();
        String a = t.open(1, 100, "BRL");
        assertInvalid(t.http().get("/accounts/" + a + "/transactions?" + query.replace(" ", "%20")), parameter);
    }

    // ---- GET /transfers ------------------------------------------------------------------------

    @Test
    void transfers_are_listed_newest_first_page_by_page_each_exactly_once_as_the_single_route_answers_them() {
        var t = tenant();
        String a = t.open(1, 10_000, "BRL");
        String b = t.open(2, 10_000, "BRL");
        String c = t.open(3, 10_000, "BRL");
        String frozen = t.open(4, 0, "BRL");
        ok(admin.post("/accounts/" + frozen + "/freeze", "{\"reason\":\"review\"}"));
        var ids = new ArrayList<String>();
        for (int i = 1; i <= 3; i++) {
            ids.add(ok(t.http().post("/transfers", transfer(a, b, i)))
                    .json()
                    .get("correlation_id")
                    .stringValue());
            ids.add(ok(t.http().post("/transfers", transfer(b, a, i)))
                    .json()
                    .get("correlation_id")
                    .stringValue());
            ids.add(ok(t.http().post("/transfers", transfer(b, c, i)))
                    .json()
                    .get("correlation_id")
                    .stringValue());
            var failed = t.http().post("/transfers", transfer(a, frozen, i));
            assertThat(failed.status()).as(failed.toString()).isEqualTo(409);
            ids.add(failed.json().get("correlation_id").stringValue());
        }
        String held = reserve(t.http(), a, c, 5);
        String voided = reserve(t.http(), c, a, 6);
        ok(t.http().post("/transfers/" + voided + "/void", ""));
        ids.add(held);
        ids.add(voided);
        var singles = new ArrayList<JsonNode>();
        for (String id : ids) {
            singles.add(ok(t.http().get("/transfers/" + id)).json());
        }
        // newest request first: the order they were made in, reversed (ties broken by id, newest first)
        java.util.Comparator<JsonNode> newestFirst = java.util.Comparator.<JsonNode, String>comparing(
                        j -> j.get("requested_at").stringValue())
                .thenComparing(j -> j.get("correlation_id").stringValue())
                .reversed();
        singles.sort(newestFirst);

        record Case(String query, java.util.function.Predicate<JsonNode> matches) {}
        String middle = singles.get(singles.size() / 2).get("requested_at").stringValue();
        var cases = List.of(
                new Case("", j -> true),
                new Case("account_number=" + a, j -> involves(j, a)),
                new Case("account_number=%20" + c + "%20", j -> involves(j, c)),
                new Case("status=FAILED", j -> status(j).equals("FAILED")),
                new Case(
                        "status=RESERVED,VOIDED&account_number=" + c,
                        j -> List.of("RESERVED", "VOIDED").contains(status(j)) && involves(j, c)),
                new Case("from=" + middle, j -> requested(j).compareTo(java.time.Instant.parse(middle)) >= 0),
                new Case(
                        "to=" + middle + "&account_number=" + b + "&status=COMPLETED",
                        j -> requested(j).compareTo(java.time.Instant.parse(middle)) < 0
                                && involves(j, b)
                                && status(j).equals("COMPLETED")));
        for (var c2 : cases) {
            var expected = singles.stream().filter(c2.matches()).toList();
            assertThat(expected).as(c2.query()).isNotEmpty();
            for (int limit : List.of(1, 3, 1000)) {
                var walked = walk(t.http(), "/transfers?" + c2.query() + "&limit=" + limit, j -> j.get("transfers"));
                assertThat(walked).as(c2.query() + " limit " + limit).containsExactlyElementsOf(expected);
            }
        }
    }

    private static boolean involves(JsonNode transfer, String account) {
        return transfer.get("from_account_number").stringValue().equals(account)
                || transfer.get("to_account_number").stringValue().equals(account);
    }

    private static String status(JsonNode transfer) {
        return transfer.get("status").stringValue();
    }

    private static java.time.Instant requested(JsonNode transfer) {
        return java.time.Instant.parse(transfer.get("requested_at").stringValue());
    }

    @Test
    void a_tenant_lists_only_transfers_between_its_own_accounts() {
        var one = tenant();
        var two = tenant();
        String a = one.open(1, 1_000, "BRL");
        String b = one.open(2, 0, "BRL");
        String x = two.open(1, 1_000, "BRL");
        String y = two.open(2, 0, "BRL");
        String mine = ok(one.http().post("/transfers", transfer(a, b, 10)))
                .json()
                .get("correlation_id")
                .stringValue();
        String theirs = ok(two.http().post("/transfers", transfer(x, y, 20)))
                .json()
                .get("correlation_id")
                .stringValue();
        String across = ok(admin.post("/transfers", transfer(a, x, 30)))
                .json()
                .get("correlation_id")
                .stringValue();

        assertThat(field(walk(one.http(), "/transfers?limit=1", j -> j.get("transfers")), "correlation_id"))
                .containsExactly(mine);
        assertThat(field(walk(two.http(), "/transfers", j -> j.get("transfers")), "correlation_id"))
                .containsExactly(theirs);
        assertThat(ok(one.http().get("/transfers?account_number=" + x))
                        .json()
                        .get("transfers")
                        .size())
                .isZero();
        assertThat(field(walk(admin, "/transfers?account_number=" + a, j -> j.get("transfers")), "correlation_id"))
                .containsExactly(across, mine);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "limit=0|limit",
                "cursor=abc|cursor",
                "cursor=123|cursor",
                "cursor=1_x%20y|cursor",
                "account_number=12ab56|account_number",
                "account_number=1|account_number",
                "status=DONE|status",
                "status=completed|status",
                "from=2026-01-01|from",
                "to=tomorrow|to",
                "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z|to"
            })
    void a_bad_transfer_filter_is_a_422_naming_it(String query, String parameter) {
        assertInvalid(tenant().http().get("/transfers?" + query), parameter);
    }

    // ---- GET /accounts/{n}/statement -----------------------------------------------------------

    /** The seed of the random history the statement test builds; fixed, so that a failure replays. */
    static final long STATEMENT_SEED = 20_261_207L;

    @Test
    void a_statement_adds_up_on_a_random_history_and_its_csv_reads_back_to_the_same_numbers() {
        var r = new java.util.SplittableRandom(STATEMENT_SEED);
        var t = tenant();
        java.time.Instant start = java.time.Instant.now();
        String a = t.open(1, 5_000, "BRL");
        String b = t.open(2, 5_000, "BRL");
        String refusing = t.open(3, 0, "BRL");
        ok(admin.post("/accounts/" + refusing + "/freeze", "{\"reason\":\"review\",\"direction\":\"CREDITS\"}"));
        for (int i = 0; i < 60; i++) {
            long amount = 1 + r.nextInt(900);
            Response answer = switch (r.nextInt(7)) {
                case 0 -> t.http().post("/accounts/" + a + "/deposit", "{\"amount_cents\":" + amount + "}");
                case 1 -> t.http().post("/accounts/" + a + "/withdraw", "{\"amount_cents\":" + amount + "}");
                case 2 -> t.http().post("/transfers", transfer(a, b, amount));
                case 3 -> t.http().post("/transfers", transfer(b, a, amount));
                case 4 -> {
                    var held =
                            t.http().post("/transfers", transfer(a, b, amount).replace("}", ",\"pending\":true}"));
                    yield held.status() != 201
                            ? held
                            : t.http()
                                    .post(
                                            "/transfers/"
                                                    + held.json()
                                                            .get("correlation_id")
                                                            .stringValue() + "/post",
                                            "{\"amount_cents\":" + (1 + r.nextLong(amount)) + "}");
                }
                case 5 -> {
                    var held =
                            t.http().post("/transfers", transfer(a, b, amount).replace("}", ",\"pending\":true}"));
                    yield held.status() != 201
                            ? held
                            : t.http()
                                    .post(
                                            "/transfers/"
                                                    + held.json()
                                                            .get("correlation_id")
                                                            .stringValue() + "/void",
                                            "");
                }
                default -> t.http().post("/transfers", transfer(a, refusing, amount));
            };
            assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        }
        reserve(t.http(), a, b, 1); // a hold still open: no line, and not in the statement's balances
        java.time.Instant end = java.time.Instant.now();

        var entries = new ArrayList<>(walk(t.http(), "/accounts/" + a + "/transactions?limit=1000", j -> j));
        java.util.Collections.reverse(entries); // oldest first
        assertThat(field(entries, "entry_type"))
                .contains("DEPOSIT", "WITHDRAWAL", "TRANSFER_OUT", "TRANSFER_IN", "TRANSFER_REFUND");
        JsonNode balance = ok(t.http().get("/accounts/" + a + "/balance")).json();
        assertThat(balance.get("reserved_cents").longValue()).isPositive();

        var windows = new ArrayList<java.time.Instant[]>();
        windows.add(new java.time.Instant[] {start.minusSeconds(86_400), end.plusSeconds(86_400)});
        windows.add(new java.time.Instant[] {start.minusSeconds(2 * 86_400), start.minusSeconds(86_400)});
        for (int k = 0; k < 8; k++) {
            int i = r.nextInt(entries.size());
            int j = r.nextInt(entries.size());
            var from = at(entries.get(Math.min(i, j)));
            // The event store keeps event times to the millisecond, the ledger to the microsecond: an end
            // on a millisecond lets the balance folded from the events (as_of) check the closing balance.
            var to = k % 4 == 0
                    ? end.plusSeconds(1)
                    : at(entries.get(Math.max(i, j))).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            if (to.isAfter(from)) {
                windows.add(new java.time.Instant[] {from, to});
            }
        }
        for (var window : windows) {
            var from = window[0];
            var to = window[1];
            String query = "/accounts/" + a + "/statement?from=" + from + "&to=" + to;
            var expected = entries.stream()
                    .filter(e -> !at(e).isBefore(from) && at(e).isBefore(to))
                    .toList();
            long opening = entries.stream()
                    .filter(e -> at(e).isBefore(from))
                    .mapToLong(LookupTests::signed)
                    .sum();
            long credits = expected.stream()
                    .mapToLong(LookupTests::signed)
                    .filter(v -> v > 0)
                    .sum();
            long debits = -expected.stream()
                    .mapToLong(LookupTests::signed)
                    .filter(v -> v < 0)
                    .sum();

            JsonNode statement = ok(t.http().get(query)).json();
            String what = query + " (seed " + STATEMENT_SEED + ")";
            assertThat(statement.get("opening_balance_cents").longValue())
                    .as(what)
                    .isEqualTo(opening);
            assertThat(statement.get("total_credits_cents").longValue())
                    .as(what)
                    .isEqualTo(credits);
            assertThat(statement.get("total_debits_cents").longValue()).as(what).isEqualTo(debits);
            long closing = statement.get("closing_balance_cents").longValue();
            assertThat(closing).as(what).isEqualTo(opening + credits - debits);
            assertThat(statement.get("entry_count").longValue()).as(what).isEqualTo(expected.size());
            assertThat(statement.get("currency").stringValue()).isEqualTo("BRL");
            var lines = new ArrayList<JsonNode>();
            statement.get("entries").forEach(lines::add);
            assertThat(field(lines, "entry_id")).as(what).containsExactlyElementsOf(field(expected, "entry_id"));
            long running = opening;
            for (JsonNode line : lines) {
                running += signed(line);
                assertThat(line.get("balance_after_cents").longValue()).as(what).isEqualTo(running);
                assertThat(line.get("direction").stringValue()).isEqualTo(signed(line) > 0 ? "CREDIT" : "DEBIT");
            }
            assertThat(running).as(what).isEqualTo(closing);
            if (to.isAfter(end)) {
                assertThat(closing)
                        .as(what)
                        .isEqualTo(balance.get("balance_cents").longValue());
            } else if (!to.isAfter(at(entries.get(0)))) {
                assertThat(closing)
                        .as(what + ": before the account's first line")
                        .isZero();
            } else {
                // the balance folded from the events at the last instant before `to`: an independent oracle
                var asOf = ok(t.http().get("/accounts/" + a + "/balance?as_of=" + to.minusNanos(1)));
                assertThat(closing)
                        .as(what)
                        .isEqualTo(asOf.json().get("balance_cents").longValue());
            }

            var csv = ok(t.http()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + query))
                            .header("Accept", "text/csv")
                            .GET()));
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.body().replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
            var rows = Csv.parse(csv.body());
            assertThat(String.join(",", rows.get(0))).isEqualTo(StatementCsv.HEADER);
            assertThat(rows.get(1).get(0)).isEqualTo("OPENING_BALANCE");
            assertThat(Long.parseLong(rows.get(1).get(6))).isEqualTo(opening);
            var entryRows = rows.subList(2, rows.size() - 3);
            assertThat(entryRows).hasSize(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                var row = entryRows.get(i);
                var line = lines.get(i);
                assertThat(row.get(0)).isEqualTo("ENTRY");
                assertThat(row.get(1)).isEqualTo(line.get("entry_id").stringValue());
                assertThat(row.get(2)).isEqualTo(line.get("occurred_at").stringValue());
                assertThat(row.get(3)).isEqualTo(line.get("entry_type").stringValue());
                assertThat(row.get(4)).isEqualTo(line.get("direction").stringValue());
                assertThat(Long.parseLong(row.get(5)))
                        .isEqualTo(line.get("amount_cents").longValue());
                assertThat(Long.parseLong(row.get(6)))
                        .isEqualTo(line.get("balance_after_cents").longValue());
            }
            var trailer = rows.subList(rows.size() - 3, rows.size());
            assertThat(trailer.get(0).get(0)).isEqualTo("CLOSING_BALANCE");
            assertThat(Long.parseLong(trailer.get(0).get(6))).isEqualTo(closing);
            assertThat(trailer.get(1).get(0)).isEqualTo("TOTAL_CREDITS");
            assertThat(Long.parseLong(trailer.get(1).get(5))).isEqualTo(credits);
            assertThat(trailer.get(2).get(0)).isEqualTo("TOTAL_DEBITS");
            assertThat(Long.parseLong(trailer.get(2).get(5))).isEqualTo(debits);
            assertThat(ok(t.http().get(query + "&format=csv")).body()).isEqualTo(csv.body());
        }
    }

    /** An entry's amount with its sign: credits add, debits take. */
    private static long signed(JsonNode entry) {
        long amount = entry.get("amount_cents").longValue();
        return List.of("DEPOSIT", "TRANSFER_IN", "TRANSFER_REFUND").contains(type(entry)) ? amount : -amount;
    }

    /** The statement's CSV header, as the README documents it. */
    static final class StatementCsv {
        static final String HEADER = "row_type,entry_id,occurred_at,entry_type,direction,amount_cents,"
                + "balance_after_cents,currency,correlation_id,counterparty_account_number,description,metadata";
    }

    /** A small RFC 4180 reader: quoted fields (with doubled quotes, commas and line breaks), CRLF records. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            var rows = new ArrayList<List<String>>();
            var row = new ArrayList<String>();
            var field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            assertThat(quoted).as("an unterminated quoted field").isFalse();
            assertThat(field.length() + row.size())
                    .as("a last record without CRLF")
                    .isZero();
            return rows;
        }
    }

    @Test
    void the_csv_reader_of_these_tests_reads_quotes_commas_and_line_breaks() {
        assertThat(Csv.parse("a,\"b,c\",\"d\"\"e\"\r\n\"x\r\ny\",,z\r\n"))
                .containsExactly(List.of("a", "b,c", "d\"e"), List.of("x\r\ny", "", "z"));
    }

    @Test
    void a_statement_of_an_unknown_account_or_another_tenant_s_is_404_and_a_bad_number_400() {
        var t = tenant();
        var other = tenant();
        String theirs = other.open(1, 100, "BRL");
        String interval = "?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z";
        for (String number : List.of(t.number(7), theirs)) {
            var statement = t.http().get("/accounts/" + number + "/statement" + interval);
            assertThat(statement.status()).as(statement.toString()).isEqualTo(404);
            assertThat(statement.json().get("code").stringValue()).isEqualTo("ACCOUNT_NOT_FOUND");
        }
        var bad = t.http().get("/accounts/12ab56/statement" + interval);
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "to=2026-02-01T00:00:00Z|from",
                "from=2026-01-01T00:00:00Z|to",
                "from=yesterday&to=2026-02-01T00:00:00Z|from",
                "from=2026-01-01T00:00:00Z&to=2026-02-30T00:00:00Z|to",
                "from=2026-02-01T00:00:00Z&to=2026-02-01T00:00:00Z|to",
                "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z|to",
                "from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:01Z|to",
                "from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&format=xml|format"
            })
    void a_bad_statement_request_is_a_422_naming_the_parameter_even_to_a_csv_client(String query, String parameter) {
        var t = tenant();
        String a = t.open(1, 100, "BRL");
        assertInvalid(t.http().get("/accounts/" + a + "/statement?" + query), parameter);
        var csv = t.http()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://127.0.0.1:" + port + "/accounts/" + a + "/statement?" + query))
                        .header("Accept", "text/csv")
                        .GET());
        assertInvalid(csv, parameter);
    }

    @Test
    void a_statement_of_exactly_366_days_is_allowed() {
        var t = tenant();
        String a = t.open(1, 100, "BRL");
        var statement =
                ok(t.http().get("/accounts/" + a + "/statement?from=2025-12-01T00:00:00Z&to=2026-12-02T00:00:00Z"));
        assertThat(statement.json().get("entry_count").longValue()).isZero();
        assertThat(statement.json().get("entries").size()).isZero();
    }
}
