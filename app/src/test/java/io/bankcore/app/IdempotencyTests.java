package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code Idempotency-Key} on every write route, over a real socket: one effect per key, the same answer
 * byte for byte on every replay, refusals replayed too, another request under a used key refused, and
 * a key in use refused at once. Subclasses run it against each supported database.
 */
abstract class IdempotencyTests {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(24);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    Response post(String path, String body, String key) {
        return http.post(path, body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    long balance(String number) {
        return http.get("/accounts/" + number + "/balance")
                .json()
                .get("balance_cents")
                .asLong();
    }

    int ledgerSize(String number) {
        return http.get("/accounts/" + number + "/transactions").json().size();
    }

    static String key() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    void a_deposit_sent_twice_with_one_key_happens_once_and_answers_the_same_bytes() {
        String number = http.openAccount(1_000);
        String key = key();
        var first = post("/accounts/" + number + "/deposit", "{\"amount_cents\": 250}", key);
        var again = post("/accounts/" + number + "/deposit", "{\"amount_cents\": 250}", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(first.json().get("balance_cents").asLong()).isEqualTo(1_250);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(balance(number)).isEqualTo(1_250);
        assertThat(ledgerSize(number)).isEqualTo(2);
    }

    @Test
    void the_same_meaning_in_other_whitespace_order_and_with_defaults_filled_in_is_the_same_request() {
        String number = http.openAccount(0);
        String key = key();
        var first = post("/accounts/" + number + "/deposit", "{\"amount_cents\":100}", key);
        var reordered =
                post("/accounts/" + number + "/deposit", "{ \"currency\" : \"BRL\",\n \"amount_cents\" : 100 }", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(reordered.body()).isEqualTo(first.body());
        assertThat(balance(number)).isEqualTo(100);
    }

    @Test
    void another_request_under_a_used_key_is_refused_and_changes_nothing() {
        String number = http.openAccount(500);
        String other = http.openAccount(0);
        String key = key();
        assertThat(post("/accounts/" + number + "/deposit", "{\"amount_cents\":100}", key)
                        .status())
                .isEqualTo(200);

        var otherAmount = post("/accounts/" + number + "/deposit", "{\"amount_cents\":101}", key);
        var otherRoute = post("/accounts/" + number + "/withdraw", "{\"amount_cents\":100}", key);
        var otherAccount = post("/accounts/" + other + "/deposit", "{\"amount_cents\":100}", key);

        for (var refused : List.of(otherAmount, otherRoute, otherAccount)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(refused.json().get("retryable").asBoolean()).isFalse();
            assertThat(refused.json().get("first_used_for").asString())
                    .isEqualTo("POST /accounts/" + number + "/deposit");
        }
        assertThat(balance(number)).isEqualTo(600);
        assertThat(balance(other)).isZero();
    }

    @Test
    void a_refusal_is_replayed_even_once_the_balance_would_allow_the_request() {
        String number = http.openAccount(100);
        String key = key();
        var refused = post("/accounts/" + number + "/withdraw", "{\"amount_cents\":300}", key);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("code").asString()).isEqualTo("INSUFFICIENT_FUNDS");

        assertThat(post("/accounts/" + number + "/deposit", "{\"amount_cents\":1000}", null)
                        .status())
                .isEqualTo(200);
        var again = post("/accounts/" + number + "/withdraw", "{\"amount_cents\":300}", key);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(refused.body());
        assertThat(balance(number)).isEqualTo(1_100);
    }

    @Test
    void a_request_refused_for_its_body_is_replayed_as_refused() {
        String number = http.openAccount(0);
        String key = key();
        var invalid = post("/accounts/" + number + "/deposit", "{\"amount_cents\":-5}", key);
        var again = post("/accounts/" + number + "/deposit", "{\"amount_cents\":-5}", key);
        var other = post("/accounts/" + number + "/deposit", "{\"amount_cents\":5}", key);

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(invalid.body());
        assertThat(other.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(balance(number)).isZero();
    }

    @Test
    void a_refusal_on_a_very_long_path_is_stored_and_replayed() {
        String path = "/accounts/" + "1".repeat(3_000) + "/deposit";
        String key = key();
        var refused = post(path, "{\"amount_cents\":1}", key);
        var again = post(path, "{\"amount_cents\":1}", key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("code").asString()).isEqualTo("INVALID_ACCOUNT_NUMBER");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(refused.body());
    }

    @Test
    void opening_an_account_with_a_key_is_replayed_and_a_taken_number_refusal_too() {
        String number = AccountNumbers.fresh();
        String body = "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":700}";
        String key = key();
        var created = post("/accounts", body, key);
        var again = post("/accounts", "{\"initial_balance_cents\":700,\"account_number\":\"" + number + "\"}", key);
        assertThat(created.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(created.body());

        String otherKey = key();
        var taken = post("/accounts", body, otherKey);
        var takenAgain = post("/accounts", body, otherKey);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("code").asString()).isEqualTo("ACCOUNT_ALREADY_EXISTS");
        assertThat(takenAgain.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(takenAgain.body()).isEqualTo(taken.body());
        assertThat(balance(number)).isEqualTo(700);
    }

    @Test
    void a_transfer_with_a_key_moves_the_money_once_and_a_failed_one_is_replayed_as_failed() {
        String from = http.openAccount(1_000);
        String to = http.openAccount(0);
        String body =
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":400}";
        String key = key();
        var done = post("/transfers", body, key);
        var again = post("/transfers", body, key);
        assertThat(done.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(done.body());
        assertThat(balance(from)).isEqualTo(600);
        assertThat(balance(to)).isEqualTo(400);
        assertThat(jdbc.queryForObject(
                        "select count(*) from transfer where from_account_number = ?", Integer.class, from))
                .isEqualTo(1);

        String tooMuch = key();
        String large = body.replace("400", "5000");
        var refused = post("/transfers", large, tooMuch);
        post("/accounts/" + from + "/deposit", "{\"amount_cents\":10000}", null);
        var refusedAgain = post("/transfers", large, tooMuch);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("code").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(refusedAgain.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(refusedAgain.body()).isEqualTo(refused.body());
        assertThat(balance(from)).isEqualTo(10_600);
        assertThat(balance(to)).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\tinside", "LONG"})
    void an_invalid_key_is_refused_before_anything_else_and_changes_nothing(String sample) {
        String key = sample.equals("LONG") ? "x".repeat(256) : sample;
        String number = http.openAccount(100);
        var refused = post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}", key);
        var refusedInvalidBody = post("/accounts/" + number + "/deposit", "{\"amount_cents\":\"x\"}", key);

        for (var answer : List.of(refused, refusedInvalidBody)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.json().get("code").asString()).isEqualTo("INVALID_IDEMPOTENCY_KEY");
        }
        assertThat(balance(number)).isEqualTo(100);
    }

    @Test
    void keys_of_255_printable_characters_are_accepted() {
        String number = http.openAccount(0);
        String key = "k".repeat(200) + " !~{}\"'`@#$%^&*()_+=-[]|\\;:,.<>/?" + "z".repeat(22);
        assertThat(key).hasSize(255);
        var first = post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}", key);
        var again = post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}", key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance(number)).isEqualTo(1);
    }

    @Test
    void many_concurrent_requests_with_one_key_have_one_effect_and_one_answer() throws Exception {
        String number = http.openAccount(0);
        String key = key();
        var go = new CountDownLatch(1);
        var answers = new ArrayList<Future<Response>>();
        for (int i = 0; i < 24; i++) {
            answers.add(POOL.submit(() -> {
                go.await();
                return untilDefinite(() -> post("/accounts/" + number + "/deposit", "{\"amount_cents\":7}", key));
            }));
        }
        go.countDown();
        var bodies = new java.util.HashSet<String>();
        int replayed = 0;
        for (var answer : answers) {
            var response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            bodies.add(response.body());
            if ("true".equals(response.header("Idempotent-Replayed"))) {
                replayed++;
            }
        }
        assertThat(bodies).hasSize(1);
        assertThat(replayed).isEqualTo(23);
        assertThat(balance(number)).isEqualTo(7);
        assertThat(ledgerSize(number)).isEqualTo(1);
    }

    /** Sends again while the key is in use (409 IDEMPOTENCY_KEY_IN_USE), as a client is told to. */
    static Response untilDefinite(java.util.function.Supplier<Response> send) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            var response = send.get();
            boolean inUse = response.status() == 409
                    && "IDEMPOTENCY_KEY_IN_USE"
                            .equals(response.json().get("code").asString());
            if (!inUse || attempt > 500) {
                if (inUse) {
                    assertThat(response.json().get("retryable").asBoolean()).isTrue();
                }
                return response;
            }
            Thread.sleep(10);
        }
    }

    @Autowired
    io.bankcore.app.idempotency.IdempotencyPurge purge;

    void insertExpired(String key, String route) {
        jdbc.update(
                "insert into idempotency_key (scope, idempotency_key, route, fingerprint, status, content_type,"
                        + " location, body, created_at, expires_at) values ('', ?, ?, 'f', 200, 'application/json',"
                        + " null, '{}', ?, ?)",
                key,
                route,
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(90_000)),
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(3_600)));
    }

    @Test
    void an_expired_key_sent_again_is_a_new_request() {
        String number = http.openAccount(0);
        String key = key();
        insertExpired(key, "POST /accounts/" + number + "/withdraw");

        var fresh = post("/accounts/" + number + "/deposit", "{\"amount_cents\":40}", key);
        var again = post("/accounts/" + number + "/deposit", "{\"amount_cents\":40}", key);

        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
        assertThat(fresh.header("Idempotent-Replayed")).isNull();
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance(number)).isEqualTo(40);
    }

    @Test
    void expired_keys_are_purged_in_batches_and_live_ones_kept() {
        String number = http.openAccount(0);
        String live = key();
        post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}", live);
        String prefix = "expired-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 1_205; i++) {
            insertExpired(prefix + i, "POST /accounts/" + number + "/deposit");
        }

        int purged = purge.purge();

        assertThat(purged).isGreaterThanOrEqualTo(1_205);
        assertThat(jdbc.queryForObject(
                        "select count(*) from idempotency_key where idempotency_key like ?", Long.class, prefix + "%"))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from idempotency_key where idempotency_key = ?", Long.class, live))
                .isEqualTo(1);
    }

    @Test
    void the_openapi_document_declares_the_header_on_every_write_route() {
        var paths = http.get("/openapi.json").json().get("paths");
        for (String path : List.of(
                "/accounts", "/accounts/{accountNumber}/deposit", "/accounts/{accountNumber}/withdraw", "/transfers")) {
            var parameters = paths.get(path).get("post").get("parameters");
            boolean declared = false;
            for (var parameter : parameters) {
                if (parameter.get("name").asString().equals("Idempotency-Key")
                        && parameter.get("in").asString().equals("header")) {
                    declared = !parameter.get("description").asString().isBlank();
                }
            }
            assertThat(declared).as(path + ": " + parameters).isTrue();
        }
    }

    @Test
    void stored_keys_are_counted_in_the_metrics() {
        String number = http.openAccount(0);
        String key = key();
        post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}", key);
        post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}", key);
        var prometheus = http.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("bankcore_idempotency_requests_total{outcome=\"replayed\"");
        assertThat(prometheus).contains("bankcore_idempotency_requests_total{outcome=\"executed\"");
        assertThat(prometheus).contains("bankcore_idempotency_keys");

        purge.purge();
        var stats = http.get("/admin/stats").json().get("idempotency");
        assertThat(stats.get("keys_stored").asLong()).isPositive();
        assertThat(stats.get("replayed").asLong()).isPositive();
        assertThat(stats.get("executed").asLong()).isPositive();
        assertThat(stats.has("reused")).isTrue();
        assertThat(stats.has("in_use")).isTrue();
    }
}
