package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL database with the default layout: each instance writes the read
 * models in the transaction of its own commands, and runs whole transfers in one transaction. The
 * instances have small connection pools and admission bounds, so that hundreds of concurrent writes
 * overload them: what is refused is refused before it starts (503 OVERLOADED, Retry-After), and what
 * was applied is answered as applied.
 */
class TwoNodeInTransactionTest {

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ExecutorService clients;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create("two_nodes_tx");
        String[] small = {
            "--spring.datasource.hikari.maximum-pool-size=3",
            "--spring.datasource.hikari.connection-timeout=250",
            "--bankcore.admission.max-in-flight=6",
            "--bankcore.admission.max-wait=100ms"
        };
        nodeA = Nodes.inProcess(database, "node-a", small);
        nodeB = Nodes.inProcess(database, "node-b", small);
        clients = Executors.newFixedThreadPool(64);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        for (var node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    static Http http(ConfigurableApplicationContext node) {
        return new Http(Nodes.port(node));
    }

    /** Sends every request at once (released by one latch), alternating between the two instances. */
    static List<Http.Response> storm(int count, java.util.function.IntFunction<String[]> request) throws Exception {
        var go = new CountDownLatch(1);
        var answers = new ArrayList<Future<Http.Response>>();
        for (int i = 0; i < count; i++) {
            int n = i;
            var client = http(n % 2 == 0 ? nodeA : nodeB);
            answers.add(clients.submit(() -> {
                go.await();
                String[] pathAndBody = request.apply(n);
                return client.post(pathAndBody[0], pathAndBody[1]);
            }));
        }
        go.countDown();
        var responses = new ArrayList<Http.Response>();
        for (var answer : answers) {
            responses.add(answer.get());
        }
        return responses;
    }

    static long balance(ConfigurableApplicationContext node, String account) {
        var response = http(node).get("/accounts/" + account + "/balance");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("balance_cents").longValue();
    }

    static void assertOverloadedOrOk(Http.Response response) {
        if (response.status() == 200) {
            return;
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        JsonNode body = response.json();
        assertThat(body.get("code").stringValue()).as(response.toString()).isEqualTo("OVERLOADED");
        assertThat(body.get("retryable").booleanValue()).isTrue();
        assertThat(response.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void hundreds_of_concurrent_deposits_on_one_account_are_applied_exactly_when_answered_200() throws Exception {
        String account = http(nodeA).openAccount(0);

        var responses = storm(400, n -> new String[] {"/accounts/" + account + "/deposit", "{\"amount_cents\":1}"});

        responses.forEach(TwoNodeInTransactionTest::assertOverloadedOrOk);
        long ok = responses.stream().filter(r -> r.status() == 200).count();
        assertThat(ok).isPositive();
        for (var node : List.of(nodeA, nodeB)) {
            assertThat(balance(node, account)).isEqualTo(ok);
            assertThat(http(node)
                            .get("/accounts/" + account + "/transactions?limit=1000")
                            .json()
                            .size())
                    .isEqualTo(ok);
        }
    }

    @Test
    void transfers_in_both_directions_through_both_instances_conserve_money_and_read_back_at_once() throws Exception {
        String first = http(nodeA).openAccount(100_000);
        String second = http(nodeB).openAccount(100_000);

        var responses = storm(120, n -> {
            boolean forth = (n / 2) % 2 == 0;
            return new String[] {
                "/transfers",
                "{\"from_account_number\":\"" + (forth ? first : second) + "\",\"to_account_number\":\""
                        + (forth ? second : first) + "\",\"amount_cents\":" + (1 + n % 7) + "}"
            };
        });

        long moved = 0;
        for (int n = 0; n < responses.size(); n++) {
            var response = responses.get(n);
            assertOverloadedOrOk(response);
            if (response.status() == 200) {
                boolean forth = (n / 2) % 2 == 0;
                moved += (forth ? 1 : -1) * (1 + n % 7);
                // The balances its legs left, taken from the transaction itself; both instances are read below.
                assertThat(response.json().get("from_balance_cents").longValue())
                        .isNotNegative();
            }
        }
        for (var node : List.of(nodeA, nodeB)) {
            assertThat(balance(node, first)).isEqualTo(100_000 - moved);
            assertThat(balance(node, second)).isEqualTo(100_000 + moved);
        }
        JsonNode audit = http(nodeB).get("/admin/audit").json();
        assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
        assertThat(audit.get("pending_transfers").intValue()).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM saga_entry")).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM scheduled_tasks")).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM transfer WHERE status <> 'COMPLETED'"))
                .isZero();
    }
}
