package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.Replays;
import io.bankcore.app.support.StreamingProcessors;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Axon's replay on PostgreSQL with the events in the database's event table (Axon's JDBC engine). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bankcore.replay.source=event-store", "bankcore.node-id=replay-a"})
@ActiveProfiles("postgres")
class PostgresProcessorReplayTest extends ProcessorReplayTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "processor_replay");
        StreamingProcessors.register(registry);
    }

    @Override
    PostgresDatabase database() {
        return database;
    }

    @Override
    long storedEvents() throws SQLException {
        return database.queryLong("select count(*) from domain_event_entry");
    }

    /**
     * Two instances on one database, the live projections' segments shared between them, deposits and
     * reads on both: replays run by one and then the other (each resets the replay processor's tokens
     * the other left), and every answer and every read stays right. Seeded: the same choices every run.
     */
    @Test
    void replays_alternating_between_two_instances_under_traffic_keep_every_balance_right() throws Exception {
        try (var other = Nodes.inProcess(
                database, "replay-b", StreamingProcessors.args("--bankcore.replay.source=event-store"))) {
            List<Http> nodes = List.of(http, new Http(Nodes.port(other)));
            String account = http.openAccount(0);
            var acknowledged = new AtomicLong();
            var failures = new ConcurrentLinkedQueue<String>();
            var stop = new AtomicBoolean();
            var pool = Executors.newSingleThreadExecutor();
            var traffic = pool.submit(() -> {
                var random = new Random(42L);
                while (!stop.get()) {
                    long amount = 1 + random.nextInt(5);
                    var deposit = nodes.get(random.nextInt(2))
                            .post("/accounts/" + account + "/deposit", "{\"amount_cents\":" + amount + "}");
                    if (deposit.status() != 200) {
                        failures.add("deposit: " + deposit);
                        continue;
                    }
                    long answered = deposit.json().get("balance_cents").longValue();
                    if (answered != acknowledged.get() + amount) {
                        failures.add("deposit answered " + answered + " after " + acknowledged.get());
                    }
                    acknowledged.set(answered);
                    var read = nodes.get(random.nextInt(2)).get("/accounts/" + account + "/balance");
                    if (read.status() != 200 || read.json().get("balance_cents").longValue() != answered) {
                        failures.add("read " + read + " right after a deposit answered " + answered);
                    }
                }
                return null;
            });
            var runners = new ArrayList<String>();
            try {
                for (int i = 0; i < 4; i++) {
                    var started = nodes.get(i % 2).post("/admin/replay", "");
                    assertThat(started.status()).as(started.toString()).isEqualTo(202);
                    JsonNode done = Replays.await(
                            nodes.get((i + 1) % 2),
                            started.json().get("replay_id").stringValue(),
                            Duration.ofSeconds(60));
                    assertThat(done.get("status").stringValue())
                            .as(done.toString())
                            .isEqualTo("COMPLETED");
                    runners.add(done.get("node").stringValue());
                }
            } finally {
                stop.set(true);
                pool.shutdown();
            }
            traffic.get(60, TimeUnit.SECONDS);
            assertThat(failures).as("wrong answers seen").isEmpty();
            assertThat(runners).containsExactly("replay-a", "replay-b", "replay-a", "replay-b");
            assertThat(acknowledged.get()).as("traffic ran during the replays").isPositive();
            for (Http node : nodes) {
                assertThat(node.get("/accounts/" + account + "/balance")
                                .json()
                                .get("balance_cents")
                                .longValue())
                        .isEqualTo(acknowledged.get());
            }
            assertThat(LedgerAuditTests.mismatches(http.get("/admin/audit").json()))
                    .isEmpty();
        }
    }
}
