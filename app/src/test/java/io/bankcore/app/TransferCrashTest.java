package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.HaltBeforeCreditHook;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A process killed between a transfer's debit and its credit. By default the whole transfer is one
 * transaction, so the kill leaves nothing of it and the client may simply send it again. With the
 * saga on a streaming processor (the axonserver profile's layout), each step commits on its own and
 * the transfer finishes after a restart: the saga's state, association, token and deadline are in
 * the database, nothing in memory.
 */
class TransferCrashTest {

    @Test
    void a_transfer_killed_between_debit_and_credit_leaves_nothing_and_can_be_sent_again() throws Exception {
        var database = PostgresDatabase.create("crash_tx");
        int port = Nodes.freePort();
        var http = new Http(port);
        String from = AccountNumbers.fresh();
        String to = AccountNumbers.fresh();
        String transfer =
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}";

        Process first = Nodes.child(database, "node-1", port, "--bankcore.test.halt-before-credit=true");
        Process second = null;
        try {
            Nodes.awaitUp(first, port, Duration.ofSeconds(90));
            openAccounts(http, from, to);

            // The process dies inside the transfer's transaction, after the debit was applied. The
            // request carries an idempotency key: its claim dies with the transaction.
            String key = "crash-" + from;
            assertThatThrownBy(() -> keyed(http, port, transfer, key)).isInstanceOf(IllegalStateException.class);
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(HaltBeforeCreditHook.EXIT_CODE);
            assertThat(countEvents(database, from, "TransferDebitedEvent")).isZero();
            assertThat(database.queryLong(
                            "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%Transfer%'"))
                    .isZero();
            assertThat(database.queryLong("SELECT count(*) FROM transfer")).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM transfer_leg")).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM saga_entry")).isZero();
            assertThat(database.queryLong("SELECT count(*) FROM idempotency_key"))
                    .isZero();

            second = Nodes.child(database, "node-1", port);
            Nodes.awaitUp(second, port, Duration.ofSeconds(90));
            assertThat(balance(http, from)).isEqualTo(1000);
            assertThat(balance(http, to)).isZero();

            // Sent again with its key: the key is free, so the transfer runs, once.
            var again = keyed(http, port, transfer, key);
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.header("Idempotent-Replayed")).isNull();
            var replayed = keyed(http, port, transfer, key);
            assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replayed.body()).isEqualTo(again.body());
            assertThat(balance(http, from)).isEqualTo(700);
            assertThat(balance(http, to)).isEqualTo(300);
            var audit = http.get("/admin/audit").json();
            assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
        } finally {
            stop(first, second);
        }
    }

    static Http.Response keyed(Http http, int port, String body, String key) {
        return http.post("/transfers", body, java.util.Map.of("Idempotency-Key", key));
    }

    @Test
    void with_a_streaming_saga_a_transfer_interrupted_between_debit_and_credit_completes_after_restart()
            throws Exception {
        var database = PostgresDatabase.create("crash");
        int port = Nodes.freePort();
        var http = new Http(port);
        String from = AccountNumbers.fresh();
        String to = AccountNumbers.fresh();

        Process first = Nodes.child(
                database, "node-1", port, StreamingProcessors.args("--bankcore.test.halt-before-credit=true"));
        Process second = null;
        try {
            Nodes.awaitUp(first, port, Duration.ofSeconds(90));
            openAccounts(http, from, to);

            // The process dies while this request waits for the saga: the client sees no answer.
            assertThatThrownBy(() -> http.post(
                            "/transfers",
                            "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                    + "\",\"amount_cents\":300}"))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(HaltBeforeCreditHook.EXIT_CODE);
            assertThat(countEvents(database, from, "TransferDebitedEvent")).isEqualTo(1);
            assertThat(countEvents(database, to, "TransferCreditedEvent")).isZero();

            // The same instance comes back (same node id, so it can take its claims back at once).
            second = Nodes.child(database, "node-1", port, StreamingProcessors.args());
            Nodes.awaitUp(second, port, Duration.ofSeconds(90));

            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline) && transferStatus(database) == null) {
                Thread.sleep(200);
            }
            assertThat(transferStatus(database)).isEqualTo("COMPLETED");
            assertThat(countEvents(database, to, "TransferCreditedEvent")).isEqualTo(1);
            assertThat(countEvents(database, from, "TransferDebitedEvent")).isEqualTo(1);
            long fromBalance = http.get("/accounts/" + from + "/balance")
                    .json()
                    .get("balance_cents")
                    .longValue();
            long toBalance = http.get("/accounts/" + to + "/balance")
                    .json()
                    .get("balance_cents")
                    .longValue();
            assertThat(fromBalance).isEqualTo(700);
            assertThat(toBalance).isEqualTo(300);
            assertThat(fromBalance + toBalance).isEqualTo(1000);
        } finally {
            stop(first, second);
        }
    }

    /** The source with 1000, the destination empty. */
    private static void openAccounts(Http http, String from, String to) {
        assertThat(http.post("/accounts", "{\"account_number\":\"" + from + "\",\"initial_balance_cents\":1000}")
                        .status())
                .isEqualTo(201);
        assertThat(http.post("/accounts", "{\"account_number\":\"" + to + "\"}").status())
                .isEqualTo(201);
    }

    /** The halted process is gone already; the restarted one is stopped gently, then forcibly. */
    private static void stop(Process first, Process second) throws InterruptedException {
        first.destroyForcibly();
        if (second != null) {
            second.destroy();
            if (!second.waitFor(20, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private static long balance(Http http, String account) {
        var response = http.get("/accounts/" + account + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("balance_cents").longValue();
    }

    private static long countEvents(PostgresDatabase database, String account, String type) throws SQLException {
        try (var c = database.connect();
                var statement = c.prepareStatement("SELECT count(*) FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND payload_type = ?")) {
            statement.setString(1, account);
            statement.setString(2, "io.bankcore.api." + type);
            var rs = statement.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The transfer's status once settled, or null while pending (or not yet projected). */
    private static String transferStatus(PostgresDatabase database) throws SQLException {
        try (var c = database.connect();
                var rs = c.createStatement().executeQuery("SELECT status FROM transfer WHERE status <> 'PENDING'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
