package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A reservation outlives the process that made it. The instance is killed (SIGKILL: no shutdown hook,
 * no last flush) while a reservation is open; nothing runs while its {@code expires_at} passes; the
 * instance started again on the same database finds the durable deadline due and expires it. A
 * reservation whose time has not come is left open.
 */
class ReservationExpiryRestartTest {

    /** A child JVM's start-up, generous: on a busy machine it has taken more than a minute. */
    private static final Duration STARTUP = Duration.ofSeconds(150);

    @Test
    void a_reservation_open_when_its_instance_is_killed_expires_after_the_restart() throws Exception {
        var database = PostgresDatabase.create("expiry_restart");
        int port = Nodes.freePort();
        var http = new Http(port);
        String from = AccountNumbers.fresh();
        String to = AccountNumbers.fresh();
        String lasting = AccountNumbers.fresh();

        Process first = Nodes.child(database, "node-1", port, "--bankcore.deadlines.polling-interval=250ms");
        Process second = null;
        try {
            Nodes.awaitUp(first, port, STARTUP);
            open(http, from, 1000);
            open(http, to, 0);
            open(http, lasting, 500);

            var reserved = reserve(http, from, to, 300, 4);
            String transferId = reserved.get("correlation_id").stringValue();
            Instant expiresAt = Instant.parse(reserved.get("expires_at").stringValue());
            // A second one far from its expiry: the restart must not end it.
            String lastingId =
                    reserve(http, lasting, to, 200, 3600).get("correlation_id").stringValue();
            assertThat(balance(http, from).get("reserved_cents").longValue()).isEqualTo(300);
            assertThat(database.queryLong("SELECT count(*) FROM scheduled_tasks"))
                    .as("one durable deadline per reservation")
                    .isEqualTo(2);

            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Instant.now()).as("killed before the expiry").isBefore(expiresAt);

            // Nothing is alive when the time comes: the reservation stays open in the database.
            sleepUntil(expiresAt.plusMillis(500));
            assertThat(status(database, transferId)).isEqualTo("RESERVED");
            assertThat(reservedMinor(database, from)).isEqualTo(300);

            second = Nodes.child(database, "node-2", port, "--bankcore.deadlines.polling-interval=250ms");
            Nodes.awaitUp(second, port, STARTUP);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            JsonNode transfer = http.get("/transfers/" + transferId).json();
            while (!"EXPIRED".equals(transfer.get("status").stringValue())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                transfer = http.get("/transfers/" + transferId).json();
            }
            assertThat(transfer.get("status").stringValue())
                    .as(transfer.toString())
                    .isEqualTo("EXPIRED");
            assertThat(transfer.get("pending").booleanValue()).isTrue();
            assertThat(transfer.get("posted_amount_cents").isNull()).isTrue();

            // Released, and no money moved.
            var source = balance(http, from);
            assertThat(source.get("balance_cents").longValue()).isEqualTo(1000);
            assertThat(source.get("reserved_cents").longValue()).isZero();
            assertThat(source.get("available_balance_cents").longValue()).isEqualTo(1000);
            assertThat(balance(http, to).get("balance_cents").longValue()).isZero();
            assertThat(http.get("/accounts/" + from + "/transactions").json().toString())
                    .doesNotContain("TRANSFER_OUT");
            assertThat(http.get("/accounts/" + to + "/transactions").json().size())
                    .isZero();
            assertThat(http.get("/accounts/" + from + "/reservations").json().size())
                    .isZero();

            // Ended: neither post nor void can take it back.
            for (String end : new String[] {"post", "void"}) {
                var refused = http.post("/transfers/" + transferId + "/" + end, "{}");
                assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
                assertThat(refused.json().get("code").stringValue()).isEqualTo("TRANSFER_NOT_PENDING");
                assertThat(refused.json().get("detail").stringValue()).contains("EXPIRED");
            }

            // The other reservation is untouched, its deadline still waiting.
            assertThat(http.get("/transfers/" + lastingId).json().get("status").stringValue())
                    .isEqualTo("RESERVED");
            var held = balance(http, lasting);
            assertThat(held.get("reserved_cents").longValue()).isEqualTo(200);
            assertThat(held.get("available_balance_cents").longValue()).isEqualTo(300);
            assertThat(database.queryLong("SELECT count(*) FROM scheduled_tasks"))
                    .isEqualTo(1);
            assertThat(database.queryLong("SELECT count(*) FROM saga_entry")).isEqualTo(1);

            assertThat(events(database, transferId, "TransferExpiredEvent")).isEqualTo(1);
            assertThat(events(database, from, "ReservationReleasedEvent")).isEqualTo(1);
            assertThat(database.queryLong("SELECT sum(balance_minor) FROM account_balance"))
                    .as("money unchanged")
                    .isEqualTo(1500);
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }
        }
    }

    private static void open(Http http, String number, long initialMinor) {
        var created = http.post(
                "/accounts", "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":" + initialMinor + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private static JsonNode reserve(Http http, String from, String to, long amountMinor, int timeoutSeconds) {
        var reserved = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amountMinor + ",\"pending\":true,\"timeout_seconds\":" + timeoutSeconds + "}");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(reserved.json().get("status").stringValue()).isEqualTo("RESERVED");
        return reserved.json();
    }

    private static JsonNode balance(Http http, String account) {
        var response = http.get("/accounts/" + account + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String status(PostgresDatabase database, String transferId) throws SQLException {
        try (var c = database.connect();
                var statement = c.prepareStatement("SELECT status FROM transfer WHERE transfer_id = ?")) {
            statement.setString(1, transferId);
            var rs = statement.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long reservedMinor(PostgresDatabase database, String account) throws SQLException {
        try (var c = database.connect();
                var statement =
                        c.prepareStatement("SELECT reserved_minor FROM account_balance WHERE account_number = ?")) {
            statement.setString(1, account);
            var rs = statement.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long events(PostgresDatabase database, String aggregateId, String type) throws SQLException {
        try (var c = database.connect();
                var statement = c.prepareStatement("SELECT count(*) FROM domain_event_entry"
                        + " WHERE aggregate_identifier = ? AND payload_type = ?")) {
            statement.setString(1, aggregateId);
            statement.setString(2, "io.bankcore.api." + type);
            var rs = statement.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }
}
