package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Two-phase transfers (reserve, post, void, expiry) and the account lifecycle (freeze, unfreeze, close)
 * over a real socket: every route, every state and every error code. Subclasses run them against
 * each supported database.
 */
abstract class TwoPhaseTransferTests {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    // ---- helpers -------------------------------------------------------------------------------

    Response reserve(String from, String to, long amount, String extra) {
        return http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + ",\"pending\":true" + extra + "}");
    }

    String reserved(String from, String to, long amount) {
        var response = reserve(from, to, amount, "");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("correlation_id").stringValue();
    }

    Response transfer(String from, String to, long amount) {
        return http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + "}");
    }

    Response post(String id, String body) {
        return http.post("/transfers/" + id + "/post", body);
    }

    Response voidIt(String id) {
        return http.post("/transfers/" + id + "/void", "");
    }

    Response freeze(String number, String body) {
        return http.post("/accounts/" + number + "/freeze", body);
    }

    JsonNode balance(String number) {
        var response = http.get("/accounts/" + number + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    JsonNode transfer(String id) {
        var response = http.get("/transfers/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    JsonNode ledger(String number) {
        var response = http.get("/accounts/" + number + "/transactions?limit=1000");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static long cents(JsonNode node, String field) {
        return node.get(field).longValue();
    }

    static void assertProblem(Response response, int status, String code, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").stringValue())
                .as(response.toString())
                .isEqualTo(code);
        assertThat(response.json().get("detail").stringValue()).contains(detailContains);
    }

    /** Balance, reservations and ledger of each account, to compare before and after a refused request. */
    List<String> state(String... numbers) {
        var state = new ArrayList<String>();
        for (String number : numbers) {
            state.add(balance(number).toString());
            state.add(ledger(number).toString());
            state.add(http.get("/accounts/" + number + "/reservations").body());
        }
        return state;
    }

    JsonNode awaitStatus(String id, String status, Duration timeout) throws InterruptedException {
        var deadline = Instant.now().plus(timeout);
        JsonNode found = transfer(id);
        while (!found.get("status").stringValue().equals(status)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            found = transfer(id);
        }
        return found;
    }

    // ---- reserve -------------------------------------------------------------------------------

    @Test
    void a_reservation_answers_201_and_holds_the_amount_on_the_source() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);

        var response = reserve(from, to, 3_000, ",\"timeout_seconds\":600");

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode body = response.json();
        String id = body.get("correlation_id").stringValue();
        assertThat(response.header("Location")).isEqualTo("/transfers/" + id);
        assertThat(body.get("status").stringValue()).isEqualTo("RESERVED");
        assertThat(cents(body, "amount_cents")).isEqualTo(3_000);
        assertThat(cents(body, "available_balance_cents")).isEqualTo(7_000);
        assertThat(cents(body, "from_balance_cents")).isEqualTo(10_000);
        assertThat(body.get("posted_amount_cents").isNull()).isTrue();
        Instant expiresAt = Instant.parse(body.get("expires_at").stringValue());
        assertThat(expiresAt)
                .isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(601));

        JsonNode source = balance(from);
        assertThat(cents(source, "balance_cents")).isEqualTo(10_000);
        assertThat(cents(source, "reserved_cents")).isEqualTo(3_000);
        assertThat(cents(source, "available_balance_cents")).isEqualTo(7_000);
        assertThat(source.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(cents(balance(to), "balance_cents")).isZero();
        assertThat(ledger(from)).hasSize(1); // the opening deposit only: a hold is not a ledger line

        JsonNode reservations = http.get("/accounts/" + from + "/reservations").json();
        assertThat(reservations).hasSize(1);
        assertThat(reservations.get(0).get("correlation_id").stringValue()).isEqualTo(id);
        assertThat(reservations.get(0).get("status").stringValue()).isEqualTo("RESERVED");
        JsonNode recorded = transfer(id);
        assertThat(recorded.get("status").stringValue()).isEqualTo("RESERVED");
        assertThat(recorded.get("pending").booleanValue()).isTrue();
        assertThat(Instant.parse(recorded.get("expires_at").stringValue())).isEqualTo(expiresAt);
    }

    @Test
    void the_default_lifetime_is_a_day() {
        String from = http.openAccount(100);
        var body = reserve(from, http.openAccount(0), 1, "").json();

        assertThat(Instant.parse(body.get("expires_at").stringValue()))
                .isBetween(
                        Instant.now().plus(Duration.ofHours(24)).minusSeconds(10),
                        Instant.now().plus(Duration.ofHours(24)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2592001", "-5", "1.5", "\"60\"", "null"})
    void a_lifetime_outside_one_second_to_thirty_days_is_refused(String timeout) {
        String from = http.openAccount(100);
        var before = state(from);

        var response = reserve(from, http.openAccount(0), 1, ",\"timeout_seconds\":" + timeout);

        assertProblem(response, 422, "INVALID_REQUEST", "timeout_seconds");
        assertThat(state(from)).isEqualTo(before);
    }

    @Test
    void a_lifetime_without_pending_is_refused() {
        String from = http.openAccount(100);
        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + http.openAccount(0)
                        + "\",\"amount_cents\":1,\"timeout_seconds\":60}");

        assertProblem(response, 422, "INVALID_REQUEST", "pending");
    }

    @Test
    void pending_must_be_a_boolean() {
        String from = http.openAccount(100);
        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + http.openAccount(0)
                        + "\",\"amount_cents\":1,\"pending\":\"yes\"}");

        assertProblem(response, 422, "INVALID_REQUEST", "pending");
    }

    @Test
    void reservations_are_refused_as_transfers_are_against_the_available_balance() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        reserved(from, to, 6_000);
        var before = state(from, to);

        assertProblem(reserve(from, to, 4_001, ""), 400, "INSUFFICIENT_FUNDS", "available balance is 4000");
        assertProblem(transfer(from, to, 4_001), 400, "INSUFFICIENT_FUNDS", "available balance is 4000");
        assertProblem(
                http.post("/accounts/" + from + "/withdraw", "{\"amount_cents\":4001}"),
                400,
                "INSUFFICIENT_FUNDS",
                "6000 reserved");
        assertProblem(reserve(from, from, 1, ""), 400, "SAME_ACCOUNT", "same account");
        assertProblem(reserve(from, AccountNumbers.fresh(), 1, ""), 404, "ACCOUNT_NOT_FOUND", "not found");
        assertProblem(reserve(AccountNumbers.fresh(), to, 1, ""), 404, "ACCOUNT_NOT_FOUND", "not found");
        assertProblem(
                http.post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":1,\"currency\":\"USD\",\"pending\":true}"),
                400,
                "CURRENCY_MISMATCH",
                "currency");
        assertProblem(reserve(from, to, 0, ""), 422, "INVALID_REQUEST", "amount_cents");
        assertThat(state(from, to)).isEqualTo(before);

        // What is available can still be taken.
        assertThat(http.post("/accounts/" + from + "/withdraw", "{\"amount_cents\":4000}")
                        .status())
                .isEqualTo(200);
        assertThat(cents(balance(from), "available_balance_cents")).isZero();
    }

    // ---- post ----------------------------------------------------------------------------------

    @Test
    void posting_all_moves_the_amount_with_transfer_ledger_lines() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(500);
        String id = reserved(from, to, 3_000);

        var response = post(id, "");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(cents(body, "posted_amount_cents")).isEqualTo(3_000);
        assertThat(cents(body, "from_balance_cents")).isEqualTo(7_000);
        assertThat(cents(body, "to_balance_cents")).isEqualTo(3_500);
        assertThat(cents(body, "available_balance_cents")).isEqualTo(7_000);
        assertThat(cents(balance(from), "reserved_cents")).isZero();
        assertThat(cents(balance(to), "balance_cents")).isEqualTo(3_500);

        JsonNode out = ledger(from).get(0);
        assertThat(out.get("entry_type").stringValue()).isEqualTo("TRANSFER_OUT");
        assertThat(cents(out, "amount_cents")).isEqualTo(3_000);
        assertThat(out.get("correlation_id").stringValue()).isEqualTo(id);
        assertThat(out.get("counterparty_account_number").stringValue()).isEqualTo(to);
        JsonNode in = ledger(to).get(0);
        assertThat(in.get("entry_type").stringValue()).isEqualTo("TRANSFER_IN");
        assertThat(cents(in, "amount_cents")).isEqualTo(3_000);
        assertThat(in.get("correlation_id").stringValue()).isEqualTo(id);

        JsonNode recorded = transfer(id);
        assertThat(recorded.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(cents(recorded, "posted_amount_cents")).isEqualTo(3_000);
        assertThat(cents(recorded, "from_balance_cents")).isEqualTo(7_000);
        assertThat(http.get("/accounts/" + from + "/reservations").json()).isEmpty();
    }

    @Test
    void a_partial_post_moves_that_amount_and_releases_the_rest() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 3_000);

        JsonNode body = post(id, "{\"amount_cents\":1200}").json();

        assertThat(cents(body, "posted_amount_cents")).isEqualTo(1_200);
        assertThat(cents(body, "amount_cents")).isEqualTo(3_000);
        JsonNode source = balance(from);
        assertThat(cents(source, "balance_cents")).isEqualTo(8_800);
        assertThat(cents(source, "reserved_cents")).isZero();
        assertThat(cents(source, "available_balance_cents")).isEqualTo(8_800);
        assertThat(cents(balance(to), "balance_cents")).isEqualTo(1_200);
        assertThat(cents(ledger(from).get(0), "amount_cents")).isEqualTo(1_200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount_cents\":0}", "{\"amount_cents\":3001}", "{\"amount_cents\":-1}"})
    void a_post_outside_one_to_the_reserved_amount_is_refused_and_keeps_the_reservation(String body) {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 3_000);
        var before = state(from, to);

        var response = post(id, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.json().get("code").stringValue()).isIn("INVALID_AMOUNT", "INVALID_REQUEST");
        assertThat(state(from, to)).isEqualTo(before);
        assertThat(transfer(id).get("status").stringValue()).isEqualTo("RESERVED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount_cents\":\"5\"}", "{\"amount_cents\":1.5}", "{\"amount_cents\":null}", "[]", "{"})
    void a_malformed_post_body_is_refused(String body) {
        String id = reserved(http.openAccount(100), http.openAccount(0), 10);

        assertProblem(post(id, body), 422, "INVALID_REQUEST", "");
        assertThat(transfer(id).get("status").stringValue()).isEqualTo("RESERVED");
    }

    @Test
    void a_credit_the_destination_refuses_fails_the_post_and_keeps_the_reservation() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 3_000);
        assertThat(freeze(to, "{\"reason\":\"compliance review\",\"direction\":\"credits\"}")
                        .status())
                .isEqualTo(200);
        var before = state(from, to);

        assertProblem(post(id, ""), 409, "ACCOUNT_FROZEN", "compliance review");
        assertThat(state(from, to)).isEqualTo(before);

        assertThat(http.post("/accounts/" + to + "/unfreeze", "").status()).isEqualTo(200);
        assertThat(post(id, "").status()).isEqualTo(200);
    }

    // ---- void and expiry -----------------------------------------------------------------------

    @Test
    void voiding_releases_the_hold_and_moves_nothing() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 3_000);

        var response = voidIt(id);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("VOIDED");
        assertThat(cents(response.json(), "available_balance_cents")).isEqualTo(10_000);
        assertThat(cents(balance(from), "reserved_cents")).isZero();
        assertThat(ledger(from)).hasSize(1);
        assertThat(ledger(to)).isEmpty();
        assertThat(transfer(id).get("status").stringValue()).isEqualTo("VOIDED");
    }

    @Test
    void after_its_end_a_transfer_answers_409_naming_its_status() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String posted = reserved(from, to, 100);
        String voided = reserved(from, to, 100);
        post(posted, "");
        voidIt(voided);
        var before = state(from, to);

        assertProblem(post(posted, ""), 409, "TRANSFER_NOT_PENDING", "COMPLETED");
        assertProblem(voidIt(posted), 409, "TRANSFER_NOT_PENDING", "COMPLETED");
        assertProblem(post(voided, ""), 409, "TRANSFER_NOT_PENDING", "VOIDED");
        assertProblem(voidIt(voided), 409, "TRANSFER_NOT_PENDING", "VOIDED");
        assertThat(state(from, to)).isEqualTo(before);
    }

    @Test
    void a_transfer_that_was_never_pending_cannot_be_posted_or_voided() {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        String id = transfer(from, to, 100).json().get("correlation_id").stringValue();

        assertProblem(post(id, ""), 409, "TRANSFER_NOT_PENDING", "COMPLETED");
        assertProblem(voidIt(id), 409, "TRANSFER_NOT_PENDING", "COMPLETED");
    }

    @Test
    void an_unknown_transfer_is_not_found() {
        String id = "8d0b2a6c-4c9a-4a7e-9d55-0f8a1b2c3d4e";

        assertProblem(post(id, ""), 404, "TRANSFER_NOT_FOUND", id);
        assertProblem(voidIt(id), 404, "TRANSFER_NOT_FOUND", id);
        // An account's number names a stream of events, but not a transfer's.
        String account = http.openAccount(100);
        var before = state(account);
        assertProblem(post(account, ""), 404, "TRANSFER_NOT_FOUND", account);
        assertProblem(voidIt(account), 404, "TRANSFER_NOT_FOUND", account);
        assertProblem(post("not-a-transfer", ""), 404, "TRANSFER_NOT_FOUND", "not-a-transfer");
        assertThat(state(account)).isEqualTo(before);
    }

    @Test
    void at_its_expiry_a_reservation_is_released_by_itself() throws InterruptedException {
        String from = http.openAccount(10_000);
        String to = http.openAccount(0);
        var response = reserve(from, to, 3_000, ",\"timeout_seconds\":1");
        String id = response.json().get("correlation_id").stringValue();

        JsonNode expired = awaitStatus(id, "EXPIRED", Duration.ofSeconds(15));

        assertThat(expired.get("status").stringValue()).isEqualTo("EXPIRED");
        assertThat(cents(balance(from), "reserved_cents")).isZero();
        assertThat(cents(balance(from), "available_balance_cents")).isEqualTo(10_000);
        assertThat(http.get("/accounts/" + from + "/reservations").json()).isEmpty();
        assertProblem(post(id, ""), 409, "TRANSFER_NOT_PENDING", "EXPIRED");
        assertProblem(voidIt(id), 409, "TRANSFER_NOT_PENDING", "EXPIRED");
        assertThat(ledger(to)).isEmpty();
    }

    // ---- freeze and unfreeze -------------------------------------------------------------------

    @Test
    void a_freeze_stops_the_frozen_direction_and_says_why() {
        String number = http.openAccount(1_000);
        String other = http.openAccount(1_000);

        var frozen = freeze(number, "{\"reason\":\"fraud check\",\"direction\":\"DEBITS\"}");

        assertThat(frozen.status()).as(frozen.toString()).isEqualTo(200);
        assertThat(frozen.json().get("status").stringValue()).isEqualTo("FROZEN");
        assertThat(frozen.json().get("frozen_direction").stringValue()).isEqualTo("DEBITS");
        assertThat(frozen.json().get("freeze_reason").stringValue()).isEqualTo("fraud check");
        assertThat(balance(number).get("status").stringValue()).isEqualTo("FROZEN");
        var before = state(number, other);
        assertProblem(
                http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":1}"),
                409,
                "ACCOUNT_FROZEN",
                "fraud check");
        assertProblem(transfer(number, other, 1), 409, "ACCOUNT_FROZEN", "fraud check");
        assertProblem(reserve(number, other, 1, ""), 409, "ACCOUNT_FROZEN", "fraud check");
        assertThat(state(number, other)).isEqualTo(before);
        // Money may still come in.
        assertThat(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}")
                        .status())
                .isEqualTo(200);
        assertThat(transfer(other, number, 1).status()).isEqualTo(200);
    }

    @Test
    void a_transfer_to_an_account_frozen_for_credits_is_refunded() {
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        freeze(to, "{\"reason\":\"dormant\",\"direction\":\"credits\"}");

        var response = transfer(from, to, 300);

        assertProblem(response, 409, "ACCOUNT_FROZEN", "dormant");
        assertThat(response.json().get("refunded").booleanValue()).isTrue();
        String id = response.json().get("correlation_id").stringValue();
        assertThat(transfer(id).get("status").stringValue()).isEqualTo("FAILED");
        assertThat(cents(balance(from), "balance_cents")).isEqualTo(1_000);
        assertThat(cents(balance(to), "balance_cents")).isZero();
        List<String> types = new ArrayList<>();
        ledger(from).forEach(line -> types.add(line.get("entry_type").stringValue()));
        assertThat(types).containsExactly("TRANSFER_REFUND", "TRANSFER_OUT", "DEPOSIT");
        assertProblem(
                http.post("/accounts/" + to + "/deposit", "{\"amount_cents\":1}"), 409, "ACCOUNT_FROZEN", "dormant");
    }

    @Test
    void a_frozen_account_still_releases_its_reservations() {
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 400);
        freeze(from, "{\"reason\":\"court order\"}");

        assertProblem(post(id, ""), 409, "ACCOUNT_FROZEN", "court order");
        assertThat(voidIt(id).status()).isEqualTo(200);
        assertThat(cents(balance(from), "available_balance_cents")).isEqualTo(1_000);
    }

    @Test
    void freezing_again_replaces_the_direction_and_reason_and_unfreezing_restores_everything() {
        String number = http.openAccount(1_000);
        freeze(number, "{\"reason\":\"first\"}");
        assertThat(balance(number).get("frozen_direction").stringValue()).isEqualTo("ALL");
        // The lower-case spelling is accepted too; the answer is upper case like every enumeration.
        var again = freeze(number, "{\"reason\":\"second\",\"direction\":\"credits\"}")
                .json();
        assertThat(again.get("frozen_direction").stringValue()).isEqualTo("CREDITS");
        assertThat(again.get("freeze_reason").stringValue()).isEqualTo("second");

        var unfrozen = http.post("/accounts/" + number + "/unfreeze", "");

        assertThat(unfrozen.status()).isEqualTo(200);
        assertThat(unfrozen.json().get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(unfrozen.json().get("frozen_direction").isNull()).isTrue();
        assertThat(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}")
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":1}")
                        .status())
                .isEqualTo(200);
        // Unfreezing an active account answers it as it is.
        assertThat(http.post("/accounts/" + number + "/unfreeze", "")
                        .json()
                        .get("status")
                        .stringValue())
                .isEqualTo("ACTIVE");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"reason\":\"\"}",
                "{\"reason\":\"   \"}",
                "{\"reason\":5}",
                "{\"reason\":\"x\",\"direction\":\"up\"}",
                "{\"reason\":\"x\",\"direction\":\"All\"}",
                "{\"reason\":\"x\",\"direction\":\" ALL\"}",
                "{\"reason\":\"a\\u0000b\"}",
                "{\"reason\":\"a\\ud800b\"}",
                ""
            })
    void a_freeze_needs_a_reason_and_a_known_direction(String body) {
        String number = http.openAccount(1_000);

        assertProblem(freeze(number, body), 422, "INVALID_REQUEST", "");
        assertThat(balance(number).get("status").stringValue()).isEqualTo("ACTIVE");
    }

    @Test
    void a_reason_longer_than_500_characters_is_refused() {
        String number = http.openAccount(0);

        assertProblem(freeze(number, "{\"reason\":\"" + "x".repeat(501) + "\"}"), 422, "INVALID_REQUEST", "500");
        assertThat(freeze(number, "{\"reason\":\"" + "x".repeat(500) + "\"}").status())
                .isEqualTo(200);
    }

    @Test
    void lifecycle_routes_answer_an_unknown_account_as_not_found() {
        String missing = AccountNumbers.fresh();

        assertProblem(freeze(missing, "{\"reason\":\"x\"}"), 404, "ACCOUNT_NOT_FOUND", missing);
        assertProblem(http.post("/accounts/" + missing + "/unfreeze", ""), 404, "ACCOUNT_NOT_FOUND", missing);
        assertProblem(http.post("/accounts/" + missing + "/close", ""), 404, "ACCOUNT_NOT_FOUND", missing);
        assertProblem(http.get("/accounts/" + missing + "/reservations"), 404, "ACCOUNT_NOT_FOUND", missing);
        assertProblem(http.post("/accounts/12ab/close", ""), 400, "INVALID_ACCOUNT_NUMBER", "");
    }

    // ---- close ---------------------------------------------------------------------------------

    @Test
    void closing_needs_an_empty_account_and_says_what_is_left() {
        String number = http.openAccount(500);
        String other = http.openAccount(0);
        String id = reserved(number, other, 500);

        assertProblem(http.post("/accounts/" + number + "/close", ""), 409, "ACCOUNT_NOT_EMPTY", "reserved");
        voidIt(id);
        assertProblem(http.post("/accounts/" + number + "/close", ""), 409, "ACCOUNT_NOT_EMPTY", "balance of 500");
        http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":500}");

        var closed = http.post("/accounts/" + number + "/close", "");

        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().get("status").stringValue()).isEqualTo("CLOSED");
        assertThat(balance(number).get("status").stringValue()).isEqualTo("CLOSED");
    }

    @Test
    void a_closed_account_is_final_and_stays_readable() {
        String number = http.openAccount(0);
        String other = http.openAccount(1_000);
        http.post("/accounts/" + number + "/close", "");
        var before = state(number, other);

        assertProblem(
                http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}"), 409, "ACCOUNT_CLOSED", "closed");
        assertProblem(
                http.post("/accounts/" + number + "/withdraw", "{\"amount_cents\":1}"),
                409,
                "ACCOUNT_CLOSED",
                "closed");
        assertProblem(transfer(number, other, 1), 409, "ACCOUNT_CLOSED", "closed");
        assertProblem(reserve(other, number, 1, ""), 409, "ACCOUNT_CLOSED", "closed");
        assertProblem(freeze(number, "{\"reason\":\"x\"}"), 409, "ACCOUNT_CLOSED", "closed");
        assertProblem(http.post("/accounts/" + number + "/unfreeze", ""), 409, "ACCOUNT_CLOSED", "closed");
        assertProblem(http.post("/accounts/" + number + "/close", ""), 409, "ACCOUNT_CLOSED", "closed");
        assertProblem(
                http.post("/accounts", "{\"account_number\":\"" + number + "\"}"),
                409,
                "ACCOUNT_ALREADY_EXISTS",
                number);
        assertThat(state(number, other)).isEqualTo(before);
        assertThat(http.get("/accounts/" + number + "/events").status()).isEqualTo(200);

        // A transfer to it goes out and comes back.
        var refused = transfer(other, number, 1);
        assertProblem(refused, 409, "ACCOUNT_CLOSED", "closed");
        assertThat(refused.json().get("refunded").booleanValue()).isTrue();
        assertThat(cents(balance(other), "balance_cents")).isEqualTo(1_000);
    }

    // ---- balances at an instant ----------------------------------------------------------------

    @Test
    void a_balance_as_of_an_instant_knows_the_reservations_and_status_then() throws InterruptedException {
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 400);
        Thread.sleep(5);
        Instant whileReserved = Instant.now();
        Thread.sleep(5);
        voidIt(id);
        freeze(from, "{\"reason\":\"x\"}");

        JsonNode then = http.get("/accounts/" + from + "/balance?as_of=" + whileReserved)
                .json();
        JsonNode now = http.get(
                        "/accounts/" + from + "/balance?as_of=" + Instant.now().plusSeconds(1))
                .json();

        assertThat(cents(then, "reserved_cents")).isEqualTo(400);
        assertThat(cents(then, "available_balance_cents")).isEqualTo(600);
        assertThat(then.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(cents(now, "reserved_cents")).isZero();
        assertThat(now.get("status").stringValue()).isEqualTo("FROZEN");
    }

    @Test
    void reservations_are_listed_soonest_expiry_first_and_limited() {
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        String late = reserve(from, to, 1, ",\"timeout_seconds\":600")
                .json()
                .get("correlation_id")
                .stringValue();
        String soon = reserve(from, to, 1, ",\"timeout_seconds\":300")
                .json()
                .get("correlation_id")
                .stringValue();

        JsonNode all = http.get("/accounts/" + from + "/reservations").json();
        JsonNode first = http.get("/accounts/" + from + "/reservations?limit=1").json();

        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("correlation_id").stringValue()).isEqualTo(soon);
        assertThat(all.get(1).get("correlation_id").stringValue()).isEqualTo(late);
        assertThat(first).hasSize(1);
        assertProblem(http.get("/accounts/" + from + "/reservations?limit=0"), 422, "INVALID_REQUEST", "limit");
        assertThat(http.get("/accounts/" + to + "/reservations").json()).isEmpty();
    }

    @Test
    void a_keyed_post_is_answered_again_without_moving_money_twice() {
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        String id = reserved(from, to, 400);
        var key = java.util.Map.of("Idempotency-Key", "post-" + id);

        var first = http.post("/transfers/" + id + "/post", "", key);
        var again = http.post("/transfers/" + id + "/post", "", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(cents(balance(to), "balance_cents")).isEqualTo(400);
    }
}
