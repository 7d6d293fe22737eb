package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.PoisonHandlers;
import io.bankcore.command.WritePipeline;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Requests that share one batch of the write pipeline (one database transaction) get the answers they
 * would get alone, in their order, and keep nothing of what was refused or failed. The writer is held
 * in a batch of the test's while the requests queue one by one, so that they are the next batch.
 * Subclasses run it on each database.
 */
abstract class PipelineBatchTests {

    @LocalServerPort
    int port;

    @Autowired
    WritePipeline pipeline;

    @Autowired
    MeterRegistry metrics;

    Http http;
    ExecutorService clients;
    CountDownLatch release;

    @BeforeEach
    void client() {
        http = new Http(port);
        clients = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void stop() {
        if (release != null) {
            release.countDown();
        }
        clients.shutdownNow();
    }

    /** Holds the writer in a batch of its own until {@link #release}. */
    void holdTheWriter() throws InterruptedException {
        release = new CountDownLatch(1);
        var running = new CountDownLatch(1);
        clients.submit(() -> pipeline.execute(List.of(), () -> {
            running.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Sends a request and waits until it is queued behind the held writer. */
    Future<Http.Response> queue(Supplier<Http.Response> request) throws InterruptedException {
        int before = pipeline.depth();
        var answer = clients.submit(request::get);
        for (int i = 0; i < 1000 && pipeline.depth() == before; i++) {
            Thread.sleep(5);
        }
        assertThat(pipeline.depth()).as("queued").isEqualTo(before + 1);
        return answer;
    }

    Future<Http.Response> post(String path, String body) throws InterruptedException {
        return queue(() -> http.post(path, body));
    }

    Future<Http.Response> keyed(String path, String body, String key) throws InterruptedException {
        return queue(() -> http.post(path, body, Map.of("Idempotency-Key", key)));
    }

    static String transfer(String from, String to, long amount) {
        return "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                + amount + "}";
    }

    static JsonNode answered(Future<Http.Response> answer, int status) throws Exception {
        var response = answer.get(20, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }

    long balance(String account) {
        return http.get("/accounts/" + account + "/balance")
                .json()
                .get("balance_cents")
                .longValue();
    }

    double largestBatch() {
        return metrics.get("bankcore.pipeline.batch.size").summary().max();
    }

    void assertAuditClean() {
        JsonNode audit = http.get("/admin/audit").json();
        assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
        assertThat(audit.get("pending_transfers").intValue())
                .as(audit.toString())
                .isZero();
    }

    @Test
    void refusals_in_a_batch_are_answered_as_alone_and_change_nothing_while_the_rest_commit() throws Exception {
        String a = http.openAccount(100);
        String b = http.openAccount(0);
        holdTheWriter();

        var deposit = post("/accounts/" + a + "/deposit", "{\"amount_cents\":10}");
        var tooMuch = post("/accounts/" + b + "/withdraw", "{\"amount_cents\":50}");
        var forth = post("/transfers", transfer(a, b, 20));
        var overdrawn = post("/accounts/" + a + "/withdraw", "{\"amount_cents\":1000}");
        var unknown = post("/accounts/0000000001/deposit", "{\"amount_cents\":1}");
        var wrongCurrency = post("/accounts/" + a + "/deposit", "{\"amount_cents\":1,\"currency\":\"USD\"}");
        // B holds 20 only thanks to the transfer before it in the same batch.
        var back = post("/transfers", transfer(b, a, 15));
        release.countDown();

        assertThat(answered(deposit, 200).get("balance_cents").longValue()).isEqualTo(110);
        assertThat(answered(tooMuch, 400).get("code").stringValue()).isEqualTo("INSUFFICIENT_FUNDS");
        var forthDone = answered(forth, 200);
        assertThat(forthDone.get("from_balance_cents").longValue()).isEqualTo(90);
        assertThat(forthDone.get("to_balance_cents").longValue()).isEqualTo(20);
        assertThat(answered(overdrawn, 400).get("code").stringValue()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(answered(unknown, 404).get("code").stringValue()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(answered(wrongCurrency, 400).get("code").stringValue()).isEqualTo("CURRENCY_MISMATCH");
        var backDone = answered(back, 200);
        assertThat(backDone.get("from_balance_cents").longValue()).isEqualTo(5);
        assertThat(backDone.get("to_balance_cents").longValue()).isEqualTo(105);

        assertThat(largestBatch()).isGreaterThanOrEqualTo(7);
        assertThat(balance(a)).isEqualTo(105);
        assertThat(balance(b)).isEqualTo(5);
        assertThat(http.get("/accounts/" + b + "/transactions").json()).hasSize(2);
        assertAuditClean();
    }

    @Test
    void a_request_whose_projection_fails_fails_alone_and_its_neighbours_commit_after_the_retry() throws Exception {
        String a = http.openAccount(1_000_000);
        String b = http.openAccount(0);
        holdTheWriter();

        var before = post("/accounts/" + a + "/deposit", "{\"amount_cents\":1}");
        var poisoned = post("/accounts/" + a + "/deposit", "{\"amount_cents\":" + PoisonHandlers.ACCOUNTS + "}");
        var moved = post("/transfers", transfer(a, b, 100));
        var poisonedTransfer = post("/transfers", transfer(a, b, PoisonHandlers.TRANSFERS));
        var after = post("/accounts/" + b + "/deposit", "{\"amount_cents\":2}");
        release.countDown();

        assertThat(answered(before, 200).get("balance_cents").longValue()).isEqualTo(1_000_001);
        assertThat(answered(poisoned, 500).get("code").stringValue()).isEqualTo("INTERNAL_ERROR");
        assertThat(answered(moved, 200).get("from_balance_cents").longValue()).isEqualTo(999_901);
        assertThat(answered(poisonedTransfer, 500).get("code").stringValue()).isEqualTo("INTERNAL_ERROR");
        assertThat(answered(after, 200).get("balance_cents").longValue()).isEqualTo(102);

        assertThat(largestBatch()).isGreaterThanOrEqualTo(5);
        assertThat(balance(a)).isEqualTo(999_901);
        assertThat(balance(b)).isEqualTo(102);
        assertAuditClean();
    }

    @Test
    void a_copy_of_a_keyed_request_later_in_the_same_batch_gets_the_first_answer_replayed() throws Exception {
        String a = http.openAccount(0);
        holdTheWriter();

        var first = keyed("/accounts/" + a + "/deposit", "{\"amount_cents\":7}", "batch-key-" + a);
        var copy = keyed("/accounts/" + a + "/deposit", "{\"amount_cents\":7}", "batch-key-" + a);
        var reused = keyed("/accounts/" + a + "/deposit", "{\"amount_cents\":8}", "batch-key-" + a);
        var other = keyed("/accounts/" + a + "/deposit", "{\"amount_cents\":3}", "batch-other-" + a);
        release.countDown();

        var firstAnswer = first.get(20, TimeUnit.SECONDS);
        var copyAnswer = copy.get(20, TimeUnit.SECONDS);
        assertThat(firstAnswer.status()).as(firstAnswer.toString()).isEqualTo(200);
        assertThat(firstAnswer.json().get("balance_cents").longValue()).isEqualTo(7);
        assertThat(firstAnswer.header("Idempotent-Replayed")).isNull();
        // Run after the first in the batch's transaction, the copy finds its stored answer, as it would
        // a moment after the first had committed; it is sent only once the batch has committed.
        assertThat(copyAnswer.status()).as(copyAnswer.toString()).isEqualTo(200);
        assertThat(copyAnswer.body()).isEqualTo(firstAnswer.body());
        assertThat(copyAnswer.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(answered(reused, 422).get("code").stringValue()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(answered(other, 200).get("balance_cents").longValue()).isEqualTo(10);
        assertThat(balance(a)).isEqualTo(10);
        assertAuditClean();
    }
}
