package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A pending transfer begun on one instance and ended on the other, whose cached copy of the source
 * account predates the reservation (it opened the account). Nothing races here: the other instance's
 * copy is simply behind the database, and must not decide anything until it has caught up. Only node
 * A polls for deadlines (node B's poll is an hour), so the expiry too is run by the instance whose
 * copy is behind.
 */
class TwoNodeReservationCacheTest {

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create("two_nodes_reservation_cache");
        nodeA = Nodes.inProcess(database, "node-a", "--bankcore.deadlines.polling-interval=100ms");
        nodeB = Nodes.inProcess(database, "node-b", "--bankcore.deadlines.polling-interval=1h");
    }

    @AfterAll
    static void stop() {
        for (var node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    static Http http(ConfigurableApplicationContext node) {
        return new Http(Nodes.port(node));
    }

    @Test
    void a_reservation_made_on_one_instance_is_posted_on_the_other() {
        String from = http(nodeA).openAccount(1000);
        String to = http(nodeA).openAccount(0);
        String id = reserve(http(nodeB), from, to, 300, 3600);

        var posted = http(nodeA).post("/transfers/" + id + "/post", "{}");

        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        assertThat(posted.json().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(posted.json().get("from_balance_cents").longValue()).isEqualTo(700);
        assertThat(posted.json().get("to_balance_cents").longValue()).isEqualTo(300);
        assertBalance(from, 700, 0);
        assertBalance(to, 300, 0);
    }

    @Test
    void a_reservation_made_on_one_instance_is_voided_on_the_other() {
        String from = http(nodeA).openAccount(1000);
        String to = http(nodeA).openAccount(0);
        String id = reserve(http(nodeB), from, to, 300, 3600);

        var voided = http(nodeA).post("/transfers/" + id + "/void", "{}");

        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        assertThat(voided.json().get("status").stringValue()).isEqualTo("VOIDED");
        assertThat(voided.json().get("available_balance_cents").longValue()).isEqualTo(1000);
        assertBalance(from, 1000, 0);
    }

    @Test
    void a_reservation_made_on_one_instance_is_expired_by_the_other() throws Exception {
        String from = http(nodeA).openAccount(1000);
        String to = http(nodeA).openAccount(0);
        String id = reserve(http(nodeB), from, to, 300, 1);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode transfer = http(nodeB).get("/transfers/" + id).json();
        while (!"EXPIRED".equals(transfer.get("status").stringValue())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            transfer = http(nodeB).get("/transfers/" + id).json();
        }

        assertThat(transfer.get("status").stringValue()).as(transfer.toString()).isEqualTo("EXPIRED");
        assertBalance(from, 1000, 0);
    }

    @Test
    void money_deposited_on_one_instance_can_be_reserved_on_the_other() {
        String from = http(nodeA).openAccount(0);
        String to = http(nodeA).openAccount(0);
        var deposited = http(nodeB).post("/accounts/" + from + "/deposit", "{\"amount_cents\":500}");
        assertThat(deposited.status()).as(deposited.toString()).isEqualTo(200);

        var reserved = http(nodeA)
                .post(
                        "/transfers",
                        "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                                + "\",\"amount_cents\":300,\"pending\":true}");

        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(reserved.json().get("available_balance_cents").longValue()).isEqualTo(200);
        assertBalance(from, 500, 300);
    }

    @Test
    void money_deposited_on_one_instance_can_be_withdrawn_on_the_other() {
        String account = http(nodeA).openAccount(0);
        var deposited = http(nodeB).post("/accounts/" + account + "/deposit", "{\"amount_cents\":500}");
        assertThat(deposited.status()).as(deposited.toString()).isEqualTo(200);

        var withdrawn = http(nodeA).post("/accounts/" + account + "/withdraw", "{\"amount_cents\":300}");

        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertBalance(account, 200, 0);
    }

    private static String reserve(Http http, String from, String to, long amountMinor, int timeoutSeconds) {
        var reserved = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amountMinor + ",\"pending\":true,\"timeout_seconds\":" + timeoutSeconds + "}");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        return reserved.json().get("correlation_id").stringValue();
    }

    /** The same on both instances. */
    private static void assertBalance(String account, long balanceMinor, long reservedMinor) {
        for (var node : new ConfigurableApplicationContext[] {nodeA, nodeB}) {
            JsonNode balance =
                    http(node).get("/accounts/" + account + "/balance").json();
            assertThat(balance.get("balance_cents").longValue())
                    .as("%s", balance)
                    .isEqualTo(balanceMinor);
            assertThat(balance.get("reserved_cents").longValue())
                    .as("%s", balance)
                    .isEqualTo(reservedMinor);
            assertThat(balance.get("available_balance_cents").longValue())
                    .as("%s", balance)
                    .isEqualTo(balanceMinor - reservedMinor);
        }
    }
}
