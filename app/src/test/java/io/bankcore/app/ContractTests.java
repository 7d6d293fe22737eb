package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP contract (shared/CONTRACT.md), route by route and error row by error row, exercised over
 * a real socket. Subclasses run it against each supported database.
 */
abstract class ContractTests {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String UTC_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";
    private static final ExecutorService POOL = Executors.newFixedThreadPool(32);

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = client(port);
    }

    /** The client every request goes through; a subclass adds a credential. */
    Http client(int port) {
        return new Http(port);
    }

    // ---- helpers -------------------------------------------------------------------------------

    String open(long initialBalance) {
        return http.openAccount(initialBalance);
    }

    Response deposit(String number, Object amount) {
        return http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":" + amount + "}");
    }

    Response withdraw(String number, Object amount) {
        return http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":" + amount + "}");
    }

    long balance(String number) {
        var response = http.get("/accounts/" + number + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("balance_cents").longValue();
    }

    JsonNode transactions(String number) {
        var response = http.get("/accounts/" + number + "/transactions?limit=1000");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static void assertProblem(Response response, int status, String code, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("detail").isString()).as(response.toString()).isTrue();
        assertThat(body.get("detail").stringValue()).contains(detailContains);
        assertThat(body.get("code").stringValue()).isEqualTo(code);
        assertThat(body.get("status").intValue()).isEqualTo(status);
        assertThat(body.get("title").isString()).isTrue();
        assertThat(body.get("type").isString()).isTrue();
    }

    /** Asserts that a failed request left the account exactly as it was. */
    void assertUnchanged(String number, long balanceBefore, int entriesBefore) {
        assertThat(balance(number)).isEqualTo(balanceBefore);
        assertThat(transactions(number).size()).isEqualTo(entriesBefore);
    }

    // ---- POST /accounts ------------------------------------------------------------------------

    @Test
    void opening_an_account_answers_201_with_the_original_fields() {
        String number = AccountNumbers.fresh();
        var response = http.post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":10000,\"currency\":\"BRL\"}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.propertyNames())
                .containsExactlyInAnyOrder("account_id", "account_number", "balance_cents", "currency");
        assertThat(body.get("account_id").stringValue()).matches(UUID_PATTERN);
        assertThat(body.get("account_number").stringValue()).isEqualTo(number);
        assertThat(body.get("balance_cents").longValue()).isEqualTo(10000);
        assertThat(body.get("currency").stringValue()).isEqualTo("BRL");
    }

    @Test
    void opening_defaults_to_zero_brl_and_writes_no_ledger_entry() {
        String number = AccountNumbers.fresh();
        var response = http.post("/accounts", "{\"account_number\":\"" + number + "\"}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("balance_cents").longValue()).isZero();
        assertThat(response.json().get("currency").stringValue()).isEqualTo("BRL");
        assertThat(transactions(number).size()).isZero();
        assertThat(balance(number)).isZero();
    }

    @Test
    void an_initial_balance_appears_as_a_deposit_entry() {
        String number = open(2500);

        JsonNode entries = transactions(number);
        assertThat(entries.size()).isEqualTo(1);
        assertThat(entries.get(0).get("entry_type").stringValue()).isEqualTo("DEPOSIT");
        assertThat(entries.get(0).get("amount_cents").longValue()).isEqualTo(2500);
    }

    @Test
    void account_numbers_are_trimmed_and_keep_leading_zeros() {
        String number = "00" + AccountNumbers.fresh().substring(2);
        var response = http.post("/accounts", "{\"account_number\":\"  " + number + "\\t\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("account_number").stringValue()).isEqualTo(number);
        assertThat(http.get("/accounts/" + number + "/balance").status()).isEqualTo(200);
    }

    @Test
    void an_account_in_another_currency_keeps_it() {
        String number = AccountNumbers.fresh();
        var response = http.post(
                "/accounts",
                "{\"account_number\":\"" + number + "\",\"currency\":\"USD\",\"initial_balance_cents\":7}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(http.get("/accounts/" + number + "/balance")
                        .json()
                        .get("currency")
                        .stringValue())
                .isEqualTo("USD");
        var deposit = http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":3,\"currency\":\"USD\"}");
        assertThat(deposit.status()).isEqualTo(200);
        assertThat(deposit.json().get("balance_cents").longValue()).isEqualTo(10);
    }

    @Test
    void a_duplicate_account_number_is_409_and_changes_nothing() {
        String number = open(100);

        var again = http.post("/accounts", "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":5000}");

        assertProblem(again, 409, "ACCOUNT_ALREADY_EXISTS", "Account with number " + number + " already exists.");
        assertUnchanged(number, 100, 1);
    }

    @Test
    void concurrent_creates_of_one_number_give_exactly_one_201_and_the_rest_409() throws Exception {
        String number = AccountNumbers.fresh();
        int clients = 16;
        var start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            results.add(POOL.submit(() -> {
                start.await();
                return http.post("/accounts", "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":1}");
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var result : results) {
            statuses.add(result.get().status());
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(clients - 1);
        assertThat(balance(number)).isEqualTo(1);
        assertThat(transactions(number).size()).isEqualTo(1);
    }

    // ---- deposit / withdraw --------------------------------------------------------------------

    @Test
    void deposit_and_withdraw_answer_the_new_balance_and_a_following_get_reflects_it() {
        String number = open(10000);

        var deposited = deposit(number, 500);
        assertThat(deposited.status()).isEqualTo(200);
        assertThat(deposited.json().propertyNames())
                .containsExactlyInAnyOrder("account_number", "balance_cents", "currency");
        assertThat(deposited.json().get("balance_cents").longValue()).isEqualTo(10500);
        assertThat(balance(number)).isEqualTo(10500);

        var withdrawn = withdraw(number, 200);
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.json().get("balance_cents").longValue()).isEqualTo(10300);
        assertThat(balance(number)).isEqualTo(10300);
        assertThat(transactions(number).size()).isEqualTo(3);
    }

    @Test
    void withdrawing_the_whole_balance_leaves_zero() {
        String number = open(300);

        assertThat(withdraw(number, 300).json().get("balance_cents").longValue())
                .isZero();
        assertThat(balance(number)).isZero();
    }

    @Test
    void concurrent_deposits_on_one_account_lose_nothing() throws Exception {
        String number = open(0);
        int deposits = 100;
        var start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < deposits; i++) {
            results.add(POOL.submit(() -> {
                start.await();
                return deposit(number, 1);
            }));
        }
        start.countDown();
        var balancesSeen = new HashSet<Long>();
        for (var result : results) {
            Response response = result.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            balancesSeen.add(response.json().get("balance_cents").longValue());
        }

        assertThat(balance(number)).isEqualTo(deposits);
        assertThat(transactions(number).size()).isEqualTo(deposits);
        // every deposit saw its own resulting balance: they were applied one after another
        assertThat(balancesSeen).hasSize(deposits);
    }

    // ---- GET balance / transactions ------------------------------------------------------------

    @Test
    void the_ledger_is_newest_first_with_the_original_fields() {
        String number = open(10000);
        deposit(number, 500);
        withdraw(number, 200);

        JsonNode entries = transactions(number);

        assertThat(entries.size()).isEqualTo(3);
        assertThat(List.of(
                        entries.get(0).get("entry_type").stringValue(),
                        entries.get(1).get("entry_type").stringValue(),
                        entries.get(2).get("entry_type").stringValue()))
                .containsExactly("WITHDRAWAL", "DEPOSIT", "DEPOSIT");
        assertThat(List.of(
                        entries.get(0).get("amount_cents").longValue(),
                        entries.get(1).get("amount_cents").longValue(),
                        entries.get(2).get("amount_cents").longValue()))
                .containsExactly(200L, 500L, 10000L);
        for (JsonNode entry : entries) {
            assertThat(entry.propertyNames())
                    .containsExactlyInAnyOrder(
                            "entry_id",
                            "entry_type",
                            "amount_cents",
                            "currency",
                            "correlation_id",
                            "occurred_at",
                            "counterparty_account_number",
                            "description",
                            "metadata");
            assertThat(entry.get("entry_id").stringValue()).matches(UUID_PATTERN);
            assertThat(entry.get("currency").stringValue()).isEqualTo("BRL");
            assertThat(entry.get("correlation_id").isNull()).isTrue();
            assertThat(entry.get("counterparty_account_number").isNull()).isTrue();
            assertThat(entry.get("occurred_at").stringValue()).matches(UTC_TIMESTAMP);
        }
        assertThat(entries.get(0).get("occurred_at").stringValue())
                .isGreaterThanOrEqualTo(entries.get(2).get("occurred_at").stringValue());
    }

    @Test
    void the_ledger_pages_through_a_link_header_without_gaps_or_overlap() {
        String number = open(1);
        for (int i = 2; i <= 7; i++) {
            deposit(number, i);
        }

        List<Long> amounts = new ArrayList<>();
        String next = "/accounts/" + number + "/transactions?limit=3";
        int pages = 0;
        while (next != null) {
            var page = http.get(next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(3);
            page.json().forEach(e -> amounts.add(e.get("amount_cents").longValue()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            if (link != null) {
                assertThat(link).endsWith("rel=\"next\"");
            }
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(amounts).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void the_ledger_defaults_to_100_entries_and_a_full_last_page_has_no_link() {
        String number = open(0);
        for (int i = 1; i <= 3; i++) {
            deposit(number, i);
        }

        var page = http.get("/accounts/" + number + "/transactions");
        assertThat(page.json().size()).isEqualTo(3);
        assertThat(page.header("Link")).isNull();
        var exact = http.get("/accounts/" + number + "/transactions?limit=3");
        assertThat(exact.json().size()).isEqualTo(3);
        assertThat(exact.header("Link")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=abc", "limit=-5", "cursor=abc", "cursor=-1"})
    void bad_paging_parameters_are_422(String query) {
        String number = open(0);

        assertProblem(
                http.get("/accounts/" + number + "/transactions?" + query),
                422,
                "INVALID_REQUEST",
                query.substring(0, query.indexOf('=')));
    }

    // ---- error rows, in the contract's order ---------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[1,2]",
                "\"text\"",
                "{\"amount_cents\":\"100\"}",
                "{\"amount_cents\":1.5}",
                "{\"amount_cents\":1.0}",
                "{\"amount_cents\":true}",
                "{\"amount_cents\":null}",
                "{\"amount_cents\":0}",
                "{\"amount_cents\":-1}",
                "{\"amount_cents\":9223372036854775808}",
                "{\"amount_cents\":1e3}",
                "{}",
                "{\"currency\":\"BRL\"}",
                "{\"amount_cents\":1,\"currency\":\"brl\"}",
                "{\"amount_cents\":1,\"currency\":\"BR\"}",
                "{\"amount_cents\":1,\"currency\":\"QQQ\"}",
                "{\"amount_cents\":1,\"currency\":5}",
                "{\"amount_cents\":1,\"currency\":null}"
            })
    void malformed_deposit_and_withdraw_bodies_are_422_and_change_nothing(String body) {
        String number = open(1000);

        for (String operation : List.of("deposit", "withdraw")) {
            var response = http.post("/accounts/" + number + "/" + operation, body);
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(422);
            assertThat(response.json().get("detail").isString()).isTrue();
        }
        assertUnchanged(number, 1000, 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"account_number\":123456}",
                "{\"account_number\":null}",
                "{\"account_number\":\"%s\",\"initial_balance_cents\":-1}",
                "{\"account_number\":\"%s\",\"initial_balance_cents\":\"5\"}",
                "{\"account_number\":\"%s\",\"initial_balance_cents\":2.5}",
                "{\"account_number\":\"%s\",\"currency\":\"EURO\"}",
                "{\"account_number\":\"%s\",\"currency\":\"\"}"
            })
    void malformed_create_bodies_are_422_and_create_nothing(String template) {
        String number = AccountNumbers.fresh();

        var response = http.post("/accounts", template.formatted(number));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("detail").isString()).isTrue();
        assertThat(http.get("/accounts/" + number + "/balance").status()).isEqualTo(404);
    }

    @Test
    void a_422_names_the_failing_field() {
        String number = open(0);

        var response = http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":0}");

        assertProblem(response, 422, "INVALID_REQUEST", "amount_cents");
        assertThat(response.json().get("errors").get(0).get("field").stringValue())
                .isEqualTo("amount_cents");
    }

    @Test
    void a_body_that_is_not_json_content_is_422() {
        String number = open(0);
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts/" + number + "/deposit"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"amount_cents\":1}")));

        assertProblem(response, 422, "INVALID_REQUEST", "Content-Type");
        assertUnchanged(number, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "1234567890123", "", "   "})
    void account_numbers_of_the_wrong_length_are_400(String raw) {
        var response = http.post("/accounts", "{\"account_number\":\"" + raw + "\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").stringValue()).isEqualTo("INVALID_ACCOUNT_NUMBER");
        assertThat(response.json().get("detail").stringValue()).containsAnyOf("between 6 and 12 digits", "only digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12a456", "123 456", "١٢٣٤٥٦", "１２３４５６", "+123456", "-123456", "12345.6"})
    void account_numbers_with_anything_but_ascii_digits_are_400(String raw) {
        var response = http.post("/accounts", "{\"account_number\":\"" + raw + "\"}");

        assertProblem(response, 400, "INVALID_ACCOUNT_NUMBER", "AccountNumber must contain only digits");
    }

    @Test
    void an_invalid_account_number_in_the_path_is_400_on_every_route() {
        assertProblem(deposit("12a456", 1), 400, "INVALID_ACCOUNT_NUMBER", "only digits");
        assertProblem(withdraw("12345", 1), 400, "INVALID_ACCOUNT_NUMBER", "between 6 and 12 digits");
        assertProblem(http.get("/accounts/1/balance"), 400, "INVALID_ACCOUNT_NUMBER", "between 6 and 12 digits");
        assertProblem(http.get("/accounts/abcdefg/transactions"), 400, "INVALID_ACCOUNT_NUMBER", "only digits");
    }

    @Test
    void a_malformed_body_is_reported_before_a_malformed_path() {
        assertThat(deposit("12a456", 0).status()).isEqualTo(422);
    }

    @Test
    void an_unknown_account_is_404_on_every_route() {
        String number = AccountNumbers.fresh();
        String detail = "Account with number " + number + " not found.";

        assertProblem(deposit(number, 1), 404, "ACCOUNT_NOT_FOUND", detail);
        assertProblem(withdraw(number, 1), 404, "ACCOUNT_NOT_FOUND", detail);
        assertProblem(http.get("/accounts/" + number + "/balance"), 404, "ACCOUNT_NOT_FOUND", detail);
        assertProblem(http.get("/accounts/" + number + "/transactions"), 404, "ACCOUNT_NOT_FOUND", detail);
        // and nothing came into existence by asking
        assertThat(http.get("/accounts/" + number + "/balance").status()).isEqualTo(404);
    }

    @Test
    void an_unknown_account_is_reported_before_a_currency_mismatch() {
        String number = AccountNumbers.fresh();

        var response = http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":1,\"currency\":\"USD\"}");

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void a_currency_other_than_the_accounts_is_400_and_changes_nothing() {
        String number = open(1000);

        for (String operation : List.of("deposit", "withdraw")) {
            var response =
                    http.post("/accounts/" + number + "/" + operation, "{\"amount_cents\":1,\"currency\":\"USD\"}");
            assertProblem(response, 400, "CURRENCY_MISMATCH", "Money currency mismatch");
        }
        assertUnchanged(number, 1000, 1);
    }

    @Test
    void a_currency_mismatch_is_reported_before_insufficient_funds() {
        String number = open(10);

        var response = http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":1000,\"currency\":\"EUR\"}");

        assertThat(response.json().get("code").stringValue()).isEqualTo("CURRENCY_MISMATCH");
    }

    @Test
    void withdrawing_beyond_the_balance_is_400_and_changes_nothing() {
        String number = open(100);

        assertProblem(withdraw(number, 101), 400, "INSUFFICIENT_FUNDS", "Insufficient funds");
        assertUnchanged(number, 100, 1);
    }

    @Test
    void a_balance_beyond_64_bits_is_refused_with_a_4xx_and_changes_nothing() {
        String number = open(Long.MAX_VALUE - 10);

        var response = deposit(number, 11);

        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(response.json().get("code").stringValue()).isEqualTo("BALANCE_OVERFLOW");
        assertUnchanged(number, Long.MAX_VALUE - 10, 1);
        assertThat(deposit(number, 10).json().get("balance_cents").longValue()).isEqualTo(Long.MAX_VALUE);
    }

    // ---- transfers -----------------------------------------------------------------------------

    Response transfer(String from, String to, Object amount) {
        return http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + "}");
    }

    @Test
    void a_transfer_answers_200_with_both_balances_in_the_original_shape() {
        String from = open(10000);
        String to = open(0);

        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                        + "\",\"amount_cents\":500,\"currency\":\"BRL\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.propertyNames())
                .containsExactlyInAnyOrder(
                        "correlation_id",
                        "from_account_number",
                        "to_account_number",
                        "from_balance_cents",
                        "to_balance_cents",
                        "currency");
        assertThat(body.get("correlation_id").stringValue()).matches(UUID_PATTERN);
        assertThat(body.get("from_account_number").stringValue()).isEqualTo(from);
        assertThat(body.get("to_account_number").stringValue()).isEqualTo(to);
        assertThat(body.get("from_balance_cents").longValue()).isEqualTo(9500);
        assertThat(body.get("to_balance_cents").longValue()).isEqualTo(500);
        assertThat(body.get("currency").stringValue()).isEqualTo("BRL");
        // read-after-write on both sides
        assertThat(balance(from)).isEqualTo(9500);
        assertThat(balance(to)).isEqualTo(500);
    }

    @Test
    void both_ledgers_show_the_transfer_under_its_correlation_id_naming_the_other_account() {
        String from = open(1000);
        String to = open(0);

        String correlationId =
                transfer(from, to, 300).json().get("correlation_id").stringValue();

        JsonNode out = transactions(from).get(0);
        assertThat(out.get("entry_type").stringValue()).isEqualTo("TRANSFER_OUT");
        assertThat(out.get("amount_cents").longValue()).isEqualTo(300);
        assertThat(out.get("correlation_id").stringValue()).isEqualTo(correlationId);
        assertThat(out.get("counterparty_account_number").stringValue()).isEqualTo(to);
        JsonNode in = transactions(to).get(0);
        assertThat(in.get("entry_type").stringValue()).isEqualTo("TRANSFER_IN");
        assertThat(in.get("amount_cents").longValue()).isEqualTo(300);
        assertThat(in.get("correlation_id").stringValue()).isEqualTo(correlationId);
        assertThat(in.get("counterparty_account_number").stringValue()).isEqualTo(from);
        assertThat(transactions(to).size()).isEqualTo(1);
    }

    @Test
    void a_transfer_can_be_read_back_by_its_correlation_id() {
        String from = open(1000);
        String to = open(0);
        String correlationId =
                transfer(from, to, 250).json().get("correlation_id").stringValue();

        var response = http.get("/transfers/" + correlationId);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("correlation_id").stringValue()).isEqualTo(correlationId);
        assertThat(body.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(body.get("from_account_number").stringValue()).isEqualTo(from);
        assertThat(body.get("to_account_number").stringValue()).isEqualTo(to);
        assertThat(body.get("amount_cents").longValue()).isEqualTo(250);
        assertThat(body.get("currency").stringValue()).isEqualTo("BRL");
        assertThat(body.get("from_balance_cents").longValue()).isEqualTo(750);
        assertThat(body.get("to_balance_cents").longValue()).isEqualTo(250);
        assertThat(body.get("failure_code").isNull()).isTrue();
        assertThat(body.get("refunded").booleanValue()).isFalse();
        assertThat(body.get("requested_at").stringValue()).matches(UTC_TIMESTAMP);
        assertThat(body.get("finished_at").stringValue()).matches(UTC_TIMESTAMP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "not-a-uuid"})
    void an_unknown_transfer_is_404(String id) {
        assertProblem(http.get("/transfers/" + id), 404, "TRANSFER_NOT_FOUND", "not found");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"from_account_number\":\"%s\",\"to_account_number\":\"%s\"}",
                "{\"from_account_number\":\"%s\",\"to_account_number\":\"%s\",\"amount_cents\":0}",
                "{\"from_account_number\":\"%s\",\"to_account_number\":\"%s\",\"amount_cents\":-5}",
                "{\"from_account_number\":\"%s\",\"to_account_number\":\"%s\",\"amount_cents\":\"5\"}",
                "{\"from_account_number\":\"%s\",\"to_account_number\":\"%s\",\"amount_cents\":5.5}",
                "{\"from_account_number\":\"%s\",\"to_account_number\":\"%s\",\"amount_cents\":5,\"currency\":\"R$\"}",
                "{\"from_account_number\":1,\"to_account_number\":\"%s\",\"amount_cents\":5}",
                "{\"to_account_number\":\"%s\",\"amount_cents\":5}"
            })
    void malformed_transfer_bodies_are_422_and_move_nothing(String template) {
        String from = open(1000);
        String to = open(0);

        var response = http.post("/transfers", template.formatted(from, to));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertUnchanged(from, 1000, 1);
        assertUnchanged(to, 0, 0);
    }

    @Test
    void transfer_account_numbers_are_checked_on_both_sides() {
        String account = open(1000);

        assertProblem(transfer("12a456", account, 1), 400, "INVALID_ACCOUNT_NUMBER", "only digits");
        assertProblem(transfer(account, "123", 1), 400, "INVALID_ACCOUNT_NUMBER", "between 6 and 12 digits");
        assertUnchanged(account, 1000, 1);
    }

    @Test
    void a_transfer_to_the_same_account_is_400_even_when_spelled_with_whitespace() {
        String account = open(1000);

        assertProblem(transfer(account, account, 1), 400, "SAME_ACCOUNT", "Cannot transfer to the same account.");
        assertProblem(
                transfer(" " + account, account + " ", 1), 400, "SAME_ACCOUNT", "Cannot transfer to the same account.");
        // reported before an unknown account is looked up
        String unknown = AccountNumbers.fresh();
        assertThat(transfer(unknown, unknown, 1).status()).isEqualTo(400);
        assertUnchanged(account, 1000, 1);
    }

    @Test
    void a_transfer_from_or_to_an_unknown_account_is_404_and_moves_nothing() {
        String account = open(1000);
        String unknown = AccountNumbers.fresh();

        assertProblem(
                transfer(unknown, account, 1),
                404,
                "ACCOUNT_NOT_FOUND",
                "Account with number " + unknown + " not found.");
        assertProblem(
                transfer(account, unknown, 1),
                404,
                "ACCOUNT_NOT_FOUND",
                "Account with number " + unknown + " not found.");
        assertUnchanged(account, 1000, 1);
    }

    @Test
    void a_transfer_in_another_currency_than_either_account_is_400_and_moves_nothing() {
        String brl = open(1000);
        String brl2 = open(0);
        String usd = AccountNumbers.fresh();
        assertThat(http.post("/accounts", "{\"account_number\":\"" + usd + "\",\"currency\":\"USD\"}")
                        .status())
                .isEqualTo(201);

        assertProblem(
                http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + brl + "\",\"to_account_number\":\"" + brl2
                                + "\",\"amount_cents\":1,\"currency\":\"USD\"}"),
                400,
                "CURRENCY_MISMATCH",
                "Money currency mismatch");
        assertProblem(transfer(brl, usd, 1), 400, "CURRENCY_MISMATCH", "Money currency mismatch");
        assertUnchanged(brl, 1000, 1);
        assertUnchanged(brl2, 0, 0);
        assertUnchanged(usd, 0, 0);
    }

    @Test
    void a_transfer_beyond_the_balance_is_400_and_moves_nothing() {
        String from = open(100);
        String to = open(0);

        assertProblem(transfer(from, to, 101), 400, "INSUFFICIENT_FUNDS", "Insufficient funds");
        assertUnchanged(from, 100, 1);
        assertUnchanged(to, 0, 0);
    }

    @Test
    void the_checks_run_in_the_contracts_order() {
        String from = open(10);
        String unknown = AccountNumbers.fresh();
        // 422 before 400: bad amount and bad account number
        assertThat(transfer("12a456", from, 0).status()).isEqualTo(422);
        // 404 before currency mismatch and insufficient funds
        assertThat(http.post(
                                "/transfers",
                                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + unknown
                                        + "\",\"amount_cents\":1000,\"currency\":\"USD\"}")
                        .status())
                .isEqualTo(404);
        // currency mismatch before insufficient funds
        String to = open(0);
        assertThat(http.post(
                                "/transfers",
                                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                        + "\",\"amount_cents\":1000,\"currency\":\"USD\"}")
                        .json()
                        .get("code")
                        .stringValue())
                .isEqualTo("CURRENCY_MISMATCH");
    }

    @Test
    void concurrent_transfers_between_accounts_conserve_money() throws Exception {
        List<String> accounts = List.of(open(1000), open(1000), open(1000));
        int transfers = 30;
        var start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            String from = accounts.get(i % 3);
            String to = accounts.get((i + 1) % 3);
            int amount = 1 + (i % 7) * 50;
            results.add(POOL.submit(() -> {
                start.await();
                return transfer(from, to, amount);
            }));
        }
        start.countDown();
        for (var result : results) {
            Response response = result.get();
            assertThat(response.status()).as(response.toString()).isIn(200, 400);
            if (response.status() == 400) {
                assertThat(response.json().get("code").stringValue()).isEqualTo("INSUFFICIENT_FUNDS");
            }
        }

        long total = 0;
        for (String account : accounts) {
            long balance = balance(account);
            assertThat(balance).isNotNegative();
            long ledgerSum = 0;
            for (JsonNode entry : transactions(account)) {
                long amount = entry.get("amount_cents").longValue();
                String type = entry.get("entry_type").stringValue();
                ledgerSum += type.equals("TRANSFER_OUT") || type.equals("WITHDRAWAL") ? -amount : amount;
            }
            assertThat(ledgerSum).as("ledger of " + account).isEqualTo(balance);
            total += balance;
        }
        assertThat(total).isEqualTo(3000);
    }

    // ---- protocol-level failures ---------------------------------------------------------------

    @Test
    void unknown_routes_and_methods_answer_json_problems() {
        var missing = http.get("/no/such/route");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").isString()).isTrue();

        var wrongMethod = http.delete("/accounts");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("detail").isString()).isTrue();
    }

    @Test
    void errors_are_json_even_when_the_client_accepts_only_html() {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts/12/balance"))
                .header("Accept", "text/html")
                .GET());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").isString()).isTrue();
    }

    // ---- documentation -------------------------------------------------------------------------

    @Test
    void swagger_ui_and_the_openapi_document_are_served() {
        var redirect = http.get("/docs");
        assertThat(redirect.status()).isEqualTo(302);
        var docs = http.get(redirect.header("Location"));
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Content-Type")).startsWith("text/html");
        assertThat(docs.body()).containsIgnoringCase("swagger");

        JsonNode openapi = http.get("/openapi.json").json();
        assertThat(openapi.get("openapi").stringValue()).startsWith("3.");
        assertThat(openapi.get("paths").propertyNames())
                .contains(
                        "/accounts",
                        "/accounts/{accountNumber}/deposit",
                        "/accounts/{accountNumber}/withdraw",
                        "/accounts/{accountNumber}/balance",
                        "/accounts/{accountNumber}/transactions",
                        "/transfers",
                        "/transfers/{transferId}");
        JsonNode schemas = openapi.get("components").get("schemas");
        assertThat(schemas.get("CreateAccountRequest").get("properties").propertyNames())
                .contains("account_number", "initial_balance_cents", "currency");
        assertThat(schemas.get("Transaction").get("properties").propertyNames())
                .contains("entry_id", "counterparty_account_number", "occurred_at");
    }
}
