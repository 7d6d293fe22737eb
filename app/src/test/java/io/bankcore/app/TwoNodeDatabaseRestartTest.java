package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database going away under write load, as in a restart or a failover, with two instances: new
 * connections refused for a while and every open one terminated ("terminating connection due to
 * administrator command", what a restart does to them), twice. Only this test's database is cut off,
 * so the rest of the server, and whatever else uses it, is untouched.
 *
 * <p>A batch whose database went away runs again until it is back, for at most
 * {@code bankcore.pipeline.database-wait}; here shorter than the outages. Every first answer is a 200
 * or a 503 that says what happened: nothing done (retryable), or the outcome unknown. Never a 500. Every deposit, sent again with its key until it is answered 200, is
 * applied exactly once: the balances are the sum of the keys' amounts, and the audit is clean.
 */
class TwoNodeDatabaseRestartTest {

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static ExecutorService clients;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create("two_nodes_restart");
        // A batch waits 1 s for the database to come back (5 s by default): the 2 s outages outlast it,
        // so some writes are answered 503 rather than absorbed by the pipeline's own retries.
        String[] settings = {
            "--spring.datasource.hikari.maximum-pool-size=6",
            "--spring.datasource.hikari.connection-timeout=500",
            "--bankcore.pipeline.database-wait=1s"
        };
        nodeA = Nodes.inProcess(database, "node-a", settings);
        nodeB = Nodes.inProcess(database, "node-b", settings);
        clients = Executors.newFixedThreadPool(12);
    }

    @AfterAll
    static void stop() throws Exception {
        clients.shutdownNow();
        allowConnections(true);
        for (var node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** Refuses or allows new connections to this test's database, and ends every open one. */
    static void allowConnections(boolean allowed) throws Exception {
        try (var admin = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/postgres", PostgresDatabase.USER, PostgresDatabase.PASSWORD);
                var statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database.name() + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    record Sent(String node, String account, long amount, String key) {}

    @Test
    void deposits_cut_off_by_the_database_going_away_are_answered_503_and_land_once_when_sent_again() throws Exception {
        var http = new Http(Nodes.port(nodeA));
        var accounts = new ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            accounts.add(http.openAccount(0));
        }
        var first = new ConcurrentHashMap<String, Http.Response>();
        var sent = new ConcurrentHashMap<String, Sent>();
        var running = new AtomicBoolean(true);
        var workers = new ArrayList<Future<?>>();
        for (int c = 0; c < 12; c++) {
            int client = c;
            workers.add(clients.submit(() -> {
                var random = new Random(1000L + client);
                var node = client % 2 == 0 ? nodeA : nodeB;
                var to = new Http(Nodes.port(node));
                for (int n = 0; running.get(); n++) {
                    var deposit = new Sent(
                            client % 2 == 0 ? "a" : "b",
                            accounts.get(random.nextInt(accounts.size())),
                            1 + random.nextInt(100),
                            "restart-" + client + "-" + n);
                    sent.put(deposit.key(), deposit);
                    first.put(deposit.key(), deposit(to, deposit));
                }
                return null;
            }));
        }
        for (int cut = 0; cut < 2; cut++) {
            Thread.sleep(1_500);
            allowConnections(false);
            Thread.sleep(2_000);
            allowConnections(true);
        }
        Thread.sleep(1_500);
        running.set(false);
        for (var worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        var statuses = new TreeMap<String, Integer>();
        for (var answer : first.values()) {
            String code = answer.status() == 200
                    ? "200"
                    : answer.status() + " " + answer.json().get("code").stringValue();
            statuses.merge(code, 1, Integer::sum);
            assertThat(answer.status()).as(answer.toString()).isIn(200, 503);
            if (answer.status() == 503) {
                assertThat(answer.json().get("code").stringValue())
                        .as(answer.toString())
                        .isIn("UNAVAILABLE", "OVERLOADED", "TIMEOUT");
            }
        }
        System.out.println("TwoNodeDatabaseRestartTest: first answers " + statuses);
        assertThat(statuses.keySet()).as("some writes were cut off").anyMatch(code -> code.startsWith("503"));

        var expected = new TreeMap<String, Long>();
        for (var deposit : sent.values()) {
            var answer = first.get(deposit.key());
            if (answer == null || answer.status() != 200) {
                var node = deposit.node().equals("a") ? nodeA : nodeB;
                answer = untilDefinite(new Http(Nodes.port(node)), deposit);
            }
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            expected.merge(deposit.account(), deposit.amount(), Long::sum);
        }
        for (var account : accounts) {
            for (var node : List.of(nodeA, nodeB)) {
                var balance = new Http(Nodes.port(node)).get("/accounts/" + account + "/balance");
                assertThat(balance.json().get("balance_cents").longValue())
                        .as(account)
                        .isEqualTo(expected.getOrDefault(account, 0L));
            }
        }
        var audit = http.get("/admin/audit").json();
        assertThat(audit.get("mismatches")).as(audit.toString()).isEmpty();
    }

    static Http.Response deposit(Http to, Sent deposit) {
        return to.post(
                "/accounts/" + deposit.account() + "/deposit",
                "{\"amount_cents\":" + deposit.amount() + "}",
                Map.of("Idempotency-Key", deposit.key()));
    }

    /** Sends the deposit again with its key while the answer says that is the thing to do. */
    static Http.Response untilDefinite(Http to, Sent deposit) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            var answer = deposit(to, deposit);
            boolean again = answer.status() == 503
                    || (answer.status() == 409 && answer.json().get("retryable").booleanValue());
            if (!again || attempt > 200) {
                return answer;
            }
            Thread.sleep(50);
        }
    }
}
