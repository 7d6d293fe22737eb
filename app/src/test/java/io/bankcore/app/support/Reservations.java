package io.bankcore.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Two-phase transfers and the account lifecycle over HTTP, for tests that need such traffic: each call
 * fails the test unless the route answers as it should.
 */
public final class Reservations {

    private final Http http;

    public Reservations(Http http) {
        this.http = http;
    }

    /** A pending transfer of {@code amount} for {@code timeoutSeconds}; answers its id. */
    public String reserve(String from, String to, long amount, long timeoutSeconds) {
        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + ",\"pending\":true,\"timeout_seconds\":" + timeoutSeconds + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("status").stringValue()).isEqualTo("RESERVED");
        return response.json().get("correlation_id").stringValue();
    }

    /** A pending transfer that stays open for a day. */
    public String reserve(String from, String to, long amount) {
        return reserve(from, to, amount, 86_400);
    }

    public JsonNode post(String transferId, long amount) {
        var response = http.post("/transfers/" + transferId + "/post", "{\"amount_cents\":" + amount + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("COMPLETED");
        return response.json();
    }

    public JsonNode voidTransfer(String transferId) {
        var response = http.post("/transfers/" + transferId + "/void", "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("VOIDED");
        return response.json();
    }

    /** Waits until {@code GET /transfers/{id}} shows {@code status} (an expiry is driven by a deadline). */
    public void await(String transferId, String status, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            var response = http.get("/transfers/" + transferId);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            if (status.equals(response.json().get("status").stringValue())) {
                return;
            }
            assertThat(Instant.now())
                    .as("transfer %s %s within %s: %s", transferId, status, timeout, response)
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }

    public void freeze(String number, String direction, String reason) {
        lifecycle(number, "freeze", "{\"direction\":\"" + direction + "\",\"reason\":\"" + reason + "\"}", "FROZEN");
    }

    public void unfreeze(String number) {
        lifecycle(number, "unfreeze", "", "ACTIVE");
    }

    public void close(String number) {
        lifecycle(number, "close", "", "CLOSED");
    }

    private void lifecycle(String number, String action, String body, String status) {
        var response = http.post("/accounts/" + number + "/" + action, body);
        assertThat(response.status())
                .as(action + " " + number + ": " + response)
                .isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo(status);
    }

    /**
     * Accounts {@code a} (source of every reservation), {@code b} and {@code c} (destinations), and
     * {@code d} (frozen, unfrozen, closed); transfers {@code posted} (part of it), {@code voided},
     * {@code expired} and {@code open}. {@code b} is left frozen for credits.
     */
    public record Books(
            String a, String b, String c, String d, String posted, String voided, String expired, String open) {

        /**
         * Account events: 4 openings, 2 + 3 + 2 + 1 of the expired, posted, voided and open reservations, 3 of
         * d's lifecycle and b's freeze; the transfers' own: 2 + 2 + 2 + 1.
         */
        public static final int EVENTS = 4 + 2 + 3 + 2 + 1 + 3 + 1 + 7;

        public static final long A_BALANCE = 10_000 - 1_200;
        public static final long A_RESERVED = 400;
        public static final long B_BALANCE = 1_200;
    }

    /**
     * The traffic of {@link Books}: a reservation of 3000 posted at 1200, one of 500 voided, one of 700
     * expired (a one-second timeout, waited for), one of 400 left open; d frozen, unfrozen and closed;
     * b frozen for credits (after its credit).
     */
    public Books books() throws InterruptedException {
        String a = http.openAccount(10_000);
        String b = http.openAccount(0);
        String c = http.openAccount(0);
        String d = http.openAccount(0);
        String expired = reserve(a, c, 700, 1);
        String posted = reserve(a, b, 3_000);
        post(posted, 1_200);
        String voided = reserve(a, b, 500);
        voidTransfer(voided);
        String open = reserve(a, c, 400);
        freeze(d, "all", "compliance review");
        unfreeze(d);
        close(d);
        freeze(b, "credits", "court order");
        await(expired, "EXPIRED", Duration.ofSeconds(30));
        return new Books(a, b, c, d, posted, voided, expired, open);
    }
}
