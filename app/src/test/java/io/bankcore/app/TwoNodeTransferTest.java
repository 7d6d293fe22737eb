package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances on one PostgreSQL database, with the streaming processor layout of the {@code
 * axonserver} profile (see {@link StreamingProcessors}). The saga node starts first and claims every segment of
 * the saga and projection processors; requests go to the other node, whose transfer must still
 * answer 200 with both balances, learned across instances through the shared database.
 */
class TwoNodeTransferTest {

    static PostgresDatabase database;
    static ConfigurableApplicationContext sagaNode;
    static ConfigurableApplicationContext requestNode;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresDatabase.create("two_nodes");
        sagaNode = Nodes.inProcess(database, "saga-node", StreamingProcessors.args());
        awaitOwnedBy("TransferSagaProcessor", "saga-node", 2);
        awaitOwnedBy("accounts", "saga-node", 2);
        awaitOwnedBy("transfers", "saga-node", 1);
        requestNode = Nodes.inProcess(database, "request-node", StreamingProcessors.args());
    }

    @AfterAll
    static void stop() {
        if (requestNode != null) {
            requestNode.close();
        }
        if (sagaNode != null) {
            sagaNode.close();
        }
    }

    @Test
    void a_transfer_requested_on_one_node_and_run_by_the_saga_on_the_other_answers_200_with_both_balances()
            throws Exception {
        var http = new Http(Nodes.port(requestNode));
        String from = AccountNumbers.fresh();
        String to = AccountNumbers.fresh();
        assertThat(http.post("/accounts", "{\"account_number\":\"" + from + "\",\"initial_balance_cents\":1000}")
                        .status())
                .isEqualTo(201);
        assertThat(http.post("/accounts", "{\"account_number\":\"" + to + "\"}").status())
                .isEqualTo(201);

        var response = http.post(
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":300}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("from_balance_cents").longValue()).isEqualTo(700);
        assertThat(response.json().get("to_balance_cents").longValue()).isEqualTo(300);
        // read-after-write holds on both nodes
        for (var node : List.of(requestNode, sagaNode)) {
            var client = new Http(Nodes.port(node));
            assertThat(client.get("/accounts/" + from + "/balance")
                            .json()
                            .get("balance_cents")
                            .longValue())
                    .isEqualTo(700);
            assertThat(client.get("/accounts/" + to + "/balance")
                            .json()
                            .get("balance_cents")
                            .longValue())
                    .isEqualTo(300);
        }
        // and the saga did run on the saga node: it still holds every segment of the saga processor
        assertThat(owners("TransferSagaProcessor")).containsOnly("saga-node");
    }

    /**
     * An atomic batch with the saga on a streaming processor of the other node: the batch applies its
     * transfers itself, in its own transaction, and the saga node, which sees their events later, sends
     * no leg of its own (the balances would show a second debit).
     */
    @Test
    void an_atomic_batch_is_applied_once_with_the_saga_on_the_other_node() throws Exception {
        var http = new Http(Nodes.port(requestNode));
        String a = AccountNumbers.fresh();
        String b = AccountNumbers.fresh();
        assertThat(http.post("/accounts", "{\"account_number\":\"" + a + "\",\"initial_balance_cents\":1000}")
                        .status())
                .isEqualTo(201);
        assertThat(http.post("/accounts", "{\"account_number\":\"" + b + "\"}").status())
                .isEqualTo(201);
        var response = http.post(
                "/transfers/batch",
                "{\"transfers\":[{\"from_account_number\":\"" + a + "\",\"to_account_number\":\"" + b
                        + "\",\"amount_cents\":600},{\"from_account_number\":\"" + b + "\",\"to_account_number\":\""
                        + a + "\",\"amount_cents\":100}]}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String last =
                response.json().get("transfers").get(1).get("correlation_id").stringValue();
        var saga = new Http(Nodes.port(sagaNode));
        // Wait until the saga node's processors have seen the batch's last event, then a while longer.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (saga.get("/transfers/" + last).status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Thread.sleep(1_000);
        for (var node : List.of(http, saga)) {
            assertThat(node.get("/accounts/" + a + "/balance")
                            .json()
                            .get("balance_cents")
                            .longValue())
                    .isEqualTo(500);
            assertThat(node.get("/accounts/" + b + "/balance")
                            .json()
                            .get("balance_cents")
                            .longValue())
                    .isEqualTo(500);
        }
        assertThat(saga.get("/transfers/" + last).json().get("status").stringValue())
                .isEqualTo("COMPLETED");
    }

    @Test
    void deposits_racing_through_both_nodes_on_one_account_are_all_applied_without_a_stale_append() throws Exception {
        var nodeA = new Http(Nodes.port(requestNode));
        var nodeB = new Http(Nodes.port(sagaNode));
        String account = AccountNumbers.fresh();
        assertThat(nodeA.post("/accounts", "{\"account_number\":\"" + account + "\"}")
                        .status())
                .isEqualTo(201);
        double conflictsBefore = conflicts();
        int perNode = 40;
        var pool = Executors.newFixedThreadPool(16);
        var start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * perNode; i++) {
                var client = i % 2 == 0 ? nodeA : nodeB;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return client.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}")
                            .status();
                }));
            }
            start.countDown();
            for (var status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        for (var client : List.of(nodeA, nodeB)) {
            assertThat(client.get("/accounts/" + account + "/balance")
                            .json()
                            .get("balance_cents")
                            .longValue())
                    .isEqualTo(2 * perNode);
            assertThat(client.get("/accounts/" + account + "/transactions?limit=1000")
                            .json()
                            .size())
                    .isEqualTo(2 * perNode);
        }
        // The two nodes queue on the account's database lock, and each reloads a copy the other has
        // changed before it decides: no append is made on a stale copy, so none loses a race.
        assertThat(conflicts() - conflictsBefore).isZero();
    }

    private static double conflicts() {
        double total = 0;
        for (var node : List.of(requestNode, sagaNode)) {
            var counter = node.getBean(MeterRegistry.class)
                    .find("bankcore.commands.conflicts")
                    .counter();
            total += counter == null ? 0 : counter.count();
        }
        return total;
    }

    private static void awaitOwnedBy(String processor, String owner, int segments) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            var owners = owners(processor);
            if (owners.size() == segments && owners.stream().allMatch(owner::equals)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(processor + " not claimed by " + owner + ": " + owners(processor));
    }

    private static List<String> owners(String processor) throws SQLException {
        try (var c = database.connect();
                var statement = c.prepareStatement("SELECT owner FROM token_entry WHERE processor_name = ?")) {
            statement.setString(1, processor);
            var rs = statement.executeQuery();
            List<String> owners = new ArrayList<>();
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
            return owners;
        }
    }
}
