package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Idempotency keys across two instances on one PostgreSQL database: the same request with one key,
 * sent many times at once through both instances, has one effect and one answer. Clients do what a
 * client is told to: send again while the key is in use (409, retryable) or the instance is overloaded
 * (503, retryable), until the answer is definite.
 */
class TwoNodeIdempotencyTest {

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ExecutorService clients;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create("two_nodes_keys");
        String[] small = {"--spring.datasource.hikari.maximum-pool-size=4"};
        nodeA = Nodes.inProcess(database, "node-a", small);
        nodeB = Nodes.inProcess(database, "node-b", small);
        clients = Executors.newFixedThreadPool(48);
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

    static Http.Response send(ConfigurableApplicationContext node, String path, String body, String key)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            var response = http(node).post(path, body, Map.of("Idempotency-Key", key));
            boolean retryable = response.status() == 503
                    || (response.status() == 409
                            && response.json().get("retryable").booleanValue());
            if (!retryable || attempt >= 1_000) {
                return response;
            }
            Thread.sleep(5 + attempt % 20);
        }
    }

    static long balance(ConfigurableApplicationContext node, String account) {
        return http(node)
                .get("/accounts/" + account + "/balance")
                .json()
                .get("balance_cents")
                .longValue();
    }

    @Test
    void one_key_sent_sixty_times_at_once_through_both_instances_deposits_once() throws Exception {
        String account = http(nodeA).openAccount(0);
        var go = new CountDownLatch(1);
        var answers = new ArrayList<Future<Http.Response>>();
        for (int i = 0; i < 60; i++) {
            var node = i % 2 == 0 ? nodeA : nodeB;
            answers.add(clients.submit(() -> {
                go.await();
                return send(node, "/accounts/" + account + "/deposit", "{\"amount_cents\":9}", "one-key-" + account);
            }));
        }
        go.countDown();
        Set<String> bodies = new HashSet<>();
        int first = 0;
        for (var answer : answers) {
            var response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            bodies.add(response.body());
            if (response.header("Idempotent-Replayed") == null) {
                first++;
            }
        }
        assertThat(bodies).hasSize(1);
        assertThat(first).isEqualTo(1);
        assertThat(balance(nodeA, account)).isEqualTo(9);
        assertThat(balance(nodeB, account)).isEqualTo(9);
    }

    @Test
    void transfers_each_sent_three_times_at_once_with_its_key_move_the_money_once_each() throws Exception {
        String first = http(nodeA).openAccount(100_000);
        String second = http(nodeB).openAccount(100_000);
        int transfers = 40;
        var go = new CountDownLatch(1);
        Map<Integer, List<Future<Http.Response>>> answers = new HashMap<>();
        for (int n = 0; n < transfers; n++) {
            boolean forth = n % 2 == 0;
            String body = "{\"from_account_number\":\"" + (forth ? first : second) + "\",\"to_account_number\":\""
                    + (forth ? second : first) + "\",\"amount_cents\":" + (1 + n % 5) + "}";
            String key = "transfer-" + first + "-" + n;
            var copies = new ArrayList<Future<Http.Response>>();
            for (int copy = 0; copy < 3; copy++) {
                var node = (n + copy) % 2 == 0 ? nodeA : nodeB;
                copies.add(clients.submit(() -> {
                    go.await();
                    return send(node, "/transfers", body, key);
                }));
            }
            answers.put(n, copies);
        }
        go.countDown();
        long moved = 0;
        var correlationIds = new HashSet<String>();
        for (int n = 0; n < transfers; n++) {
            Set<String> bodies = new HashSet<>();
            for (var answer : answers.get(n)) {
                var response = answer.get();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                bodies.add(response.body());
            }
            assertThat(bodies).as("transfer " + n).hasSize(1);
            JsonNode done =
                    http(nodeA).get("/transfers/" + correlationId(bodies)).json();
            assertThat(done.get("status").stringValue()).isEqualTo("COMPLETED");
            correlationIds.add(correlationId(bodies));
            moved += (n % 2 == 0 ? 1 : -1) * (1 + n % 5);
        }
        assertThat(correlationIds).hasSize(transfers);
        assertThat(database.queryLong("SELECT count(*) FROM transfer WHERE from_account_number IN ('" + first + "','"
                        + second + "')"))
                .isEqualTo(transfers);
        for (var node : List.of(nodeA, nodeB)) {
            assertThat(balance(node, first)).isEqualTo(100_000 - moved);
            assertThat(balance(node, second)).isEqualTo(100_000 + moved);
        }
        JsonNode audit = http(nodeB).get("/admin/audit").json();
        assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
    }

    /**
     * Keyed writes name no account until they run, unless the request says which it will write: each
     * keyed deposit and transfer declares its accounts, so a batch locks them all at its start, in one
     * order, and two instances' batches over shared accounts queue on each other instead of locking in
     * load order and deadlocking in the database (which fails a batch and runs it again in halves).
     */
    @Test
    void keyed_writes_over_shared_accounts_through_both_instances_never_fail_a_batch() throws Exception {
        var accounts = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            accounts.add(http(i % 2 == 0 ? nodeA : nodeB).openAccount(1_000_000));
        }
        long failedBefore = failedBatches();
        var random = new java.util.Random(42);
        var go = new CountDownLatch(1);
        var answers = new ArrayList<Future<Http.Response>>();
        long deposited = 0;
        for (int n = 0; n < 160; n++) {
            var node = n % 2 == 0 ? nodeA : nodeB;
            String from = accounts.get(random.nextInt(accounts.size()));
            String to = accounts.get(random.nextInt(accounts.size()));
            String key = "shared-" + accounts.get(0) + "-" + n;
            String path;
            String body;
            if (from.equals(to)) {
                path = "/accounts/" + from + "/deposit";
                body = "{\"amount_cents\":3}";
                deposited += 3;
            } else {
                path = "/transfers";
                body = "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to
                        + "\",\"amount_cents\":2}";
            }
            answers.add(clients.submit(() -> {
                go.await();
                return send(node, path, body, key);
            }));
        }
        go.countDown();
        for (var answer : answers) {
            var response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
        long total = 0;
        for (String account : accounts) {
            total += balance(nodeA, account);
        }
        assertThat(total).isEqualTo(6 * 1_000_000 + deposited);
        assertThat(failedBatches() - failedBefore).isZero();
    }

    /** Batches that failed (and ran again in halves) on both instances. */
    static long failedBatches() {
        long failed = 0;
        for (var node : List.of(nodeA, nodeB)) {
            failed += node.getBean(io.bankcore.command.WritePipeline.class)
                    .snapshot()
                    .batchesFailed();
        }
        return failed;
    }

    /** The transfer's id in its one answer (every copy answered the same body). */
    static String correlationId(Set<String> bodies) {
        return JSON.readTree(bodies.iterator().next()).get("correlation_id").stringValue();
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
}
