package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.ReadTableRows;
import io.bankcore.app.support.Replays;
import io.bankcore.app.support.Reservations;
import io.bankcore.app.support.Reservations.Books;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /admin/replay} on PostgreSQL: corrupted read models are reported by the audit and
 * repaired by a replay, also after reservations and freezes and closes, into tables identical to the
 * live ones; balances stay right while replays run under traffic on two instances; one
 * replay at a time; nothing but the read models changes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bankcore.snapshot-threshold=5", "bankcore.node-id=replay-a"})
@ActiveProfiles("postgres")
class PostgresReplayTest {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "replay");
    }

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static JsonNode ok(Http http, String method, String path, String body) {
        var response = method.equals("GET") ? http.get(path) : http.post(path, body);
        assertThat(response.status())
                .as(method + " " + path + " -> " + response)
                .isEqualTo(200);
        return response.json();
    }

    private static long deposit(Http http, String number, long amount) {
        return ok(http, "POST", "/accounts/" + number + "/deposit", "{\"amount_cents\":" + amount + "}")
                .get("balance_cents")
                .longValue();
    }

    private static void transfer(Http http, String from, String to, long amount) {
        ok(
                http,
                "POST",
                "/transfers",
                "{\"from_account_number\":\"" + from + "\",\"to_account_number\":\"" + to + "\",\"amount_cents\":"
                        + amount + "}");
    }

    private static long balance(Http http, String number) {
        return ok(http, "GET", "/accounts/" + number + "/balance", null)
                .get("balance_cents")
                .longValue();
    }

    private JsonNode audit() {
        return ok(http, "GET", "/admin/audit", null);
    }

    private static List<JsonNode> mismatches(JsonNode report) {
        var list = new ArrayList<JsonNode>();
        report.get("mismatches").forEach(list::add);
        return list;
    }

    private long count(String sql) throws SQLException {
        return database.queryLong(sql);
    }

    private int update(String sql) throws SQLException {
        return database.execute(sql);
    }

    /** Three accounts with deposits, withdrawals and transfers; answers them with their balances. */
    private Map<String, Long> books() {
        String a = http.openAccount(10_000);
        String b = http.openAccount(0);
        String c = http.openAccount(500);
        deposit(http, a, 250);
        deposit(http, b, 1_000);
        ok(http, "POST", "/accounts/" + a + "/withdraw", "{\"amount_cents\":100}");
        transfer(http, a, b, 700);
        transfer(http, b, c, 300);
        for (int i = 0; i < 7; i++) { // past the snapshot threshold
            deposit(http, c, 1);
        }
        var balances = new TreeMap<String, Long>();
        balances.put(a, 9_450L);
        balances.put(b, 1_400L);
        balances.put(c, 807L);
        return balances;
    }

    private String schema(String table) throws SQLException {
        var parts = new ArrayList<String>();
        try (var connection = database.connect();
                var statement = connection.prepareStatement("select conname || ' ' || pg_get_constraintdef(oid)"
                        + " from pg_constraint where conrelid = to_regclass(?) order by conname")) {
            statement.setString(1, table);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    parts.add(rows.getString(1));
                }
            }
        }
        try (var connection = database.connect();
                var statement = connection.prepareStatement(
                        "select indexdef from pg_indexes where tablename = ? order by indexname")) {
            statement.setString(1, table);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    parts.add(rows.getString(1));
                }
            }
        }
        return String.join("\n", parts);
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void corruption_is_reported_exactly_then_a_replay_repairs_it_and_changes_nothing_else() throws Exception {
        Map<String, Long> books = books();
        List<String> accounts = new ArrayList<>(books.keySet());
        assertThat(mismatches(audit())).isEmpty();
        long events = count("select count(*) from domain_event_entry");
        long sagas = count("select count(*) from saga_entry");
        long snapshots = count("select count(*) from snapshot_event_entry");
        long transfers = count("select count(*) from transfer");
        Map<String, String> schemas = new TreeMap<>();
        for (String table : List.of("account_balance", "ledger_entry", "transfer")) {
            schemas.put(table, schema(table));
        }

        // One row corrupted, one line deleted, one whole table emptied.
        String corrupted = accounts.get(1);
        String lineless = accounts.get(2);
        assertThat(update("update account_balance set balance_minor = 999 where account_number = '" + corrupted + "'"))
                .isEqualTo(1);
        assertThat(update("delete from ledger_entry where account_number = '" + lineless
                        + "' and entry_type = 'DEPOSIT' and sequence = (select max(sequence) from ledger_entry"
                        + " where account_number = '" + lineless + "')"))
                .isEqualTo(1);
        assertThat(update("delete from transfer")).isEqualTo((int) transfers);

        List<JsonNode> reported = mismatches(audit());
        var balanceMismatches = reported.stream()
                .filter(m -> m.get("what").stringValue().equals("balance_minor"))
                .toList();
        var ledgerMismatches = reported.stream()
                .filter(m -> m.get("what").stringValue().equals("ledger_entry"))
                .toList();
        var transferMismatches = reported.stream()
                .filter(m -> m.get("what").stringValue().endsWith(": status"))
                .toList();
        assertThat(reported)
                .as(reported.toString())
                .hasSize(balanceMismatches.size() + ledgerMismatches.size() + transferMismatches.size());
        assertThat(balanceMismatches).hasSize(1);
        assertThat(balanceMismatches.get(0).get("account_number").stringValue()).isEqualTo(corrupted);
        assertThat(balanceMismatches.get(0).get("expected").longValue()).isEqualTo(books.get(corrupted));
        assertThat(balanceMismatches.get(0).get("actual").longValue()).isEqualTo(999);
        assertThat(ledgerMismatches).hasSize(1);
        assertThat(ledgerMismatches.get(0).get("account_number").stringValue()).isEqualTo(lineless);
        assertThat(transferMismatches).hasSize((int) transfers);

        JsonNode replay = Replays.run(http);

        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        assertThat(replay.get("phase").stringValue()).isEqualTo("DONE");
        assertThat(replay.get("events_done").longValue()).isGreaterThanOrEqualTo(events);
        assertThat(replay.get("events_total").longValue())
                .isEqualTo(replay.get("events_done").longValue());
        assertThat(replay.get("events_per_second").doubleValue()).isPositive();
        assertThat(replay.get("duration_ms").longValue()).isNotNegative();
        assertThat(replay.get("node").stringValue()).isEqualTo("replay-a");
        assertThat(replay.get("error").isNull()).isTrue();

        JsonNode after = audit();
        assertThat(mismatches(after)).as(after.toString()).isEmpty();
        books.forEach((number, balance) -> assertThat(balance(http, number)).isEqualTo(balance));
        assertThat(count("select count(*) from transfer")).isEqualTo(transfers);
        // Only the read models changed: no event, saga or snapshot was added, and the tables kept their shape.
        assertThat(count("select count(*) from domain_event_entry")).isEqualTo(events);
        assertThat(count("select count(*) from saga_entry")).isEqualTo(sagas);
        assertThat(count("select count(*) from snapshot_event_entry")).isEqualTo(snapshots);
        for (var table : schemas.entrySet()) {
            assertThat(schema(table.getKey())).isEqualTo(table.getValue());
        }
        assertThat(count("select count(*) from pg_tables where tablename like '%\\_next'"))
                .isZero();
        // The live projection goes on writing to the new tables.
        String account = accounts.get(0);
        assertThat(deposit(http, account, 50)).isEqualTo(books.get(account) + 50);
        assertThat(mismatches(audit())).isEmpty();
    }

    private Map<String, List<String>> rows() throws SQLException {
        try (var connection = database.connect()) {
            return ReadTableRows.read(connection);
        }
    }

    @Test
    void after_reservations_freezes_and_closes_a_replay_rebuilds_tables_identical_to_the_live_ones() throws Exception {
        var reservations = new Reservations(http);
        Books books = reservations.books();
        books();
        JsonNode before = audit();
        assertThat(mismatches(before)).as(before.toString()).isEmpty();
        Map<String, List<String>> live = rows();
        assertThat(live.get("transfer"))
                .anyMatch(row -> row.contains("status=RESERVED"))
                .anyMatch(row -> row.contains("status=VOIDED"))
                .anyMatch(row -> row.contains("status=EXPIRED"))
                .anyMatch(row -> row.contains("posted_amount_minor=1200"));
        assertThat(live.get("account_balance"))
                .anyMatch(row -> row.contains("status=CLOSED"))
                .anyMatch(row -> row.contains("frozen_direction=CREDITS"));

        // What only the new columns hold, corrupted: the replay must rebuild it from the events.
        update("update account_balance set reserved_minor = 0 where account_number = '" + books.a() + "'");
        update("update account_balance set status = 'ACTIVE', frozen_direction = null, freeze_reason = null"
                + " where account_number in ('" + books.b() + "', '" + books.d() + "')");
        update("update transfer set status = 'RESERVED', posted_amount_minor = null where transfer_id in ('"
                + books.posted() + "', '" + books.voided() + "', '" + books.expired() + "')");
        update("update transfer set pending = false where transfer_id = '" + books.open() + "'");
        // reserved_minor; b's status, direction and reason; d's status; three transfers' status; one's pending.
        List<JsonNode> corrupted = mismatches(audit());
        assertThat(corrupted).as(corrupted.toString()).hasSize(9);

        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");

        Map<String, List<String>> rebuilt = rows();
        for (String table : live.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
        }
        JsonNode after = audit();
        assertThat(mismatches(after)).as(after.toString()).isEmpty();
        assertThat(after.get("open_reservations")).isEqualTo(before.get("open_reservations"));
        assertThat(after.get("reserved_per_currency")).isEqualTo(before.get("reserved_per_currency"));
        // The rebuilt tables go on: the open reservation is posted and the books stay clean.
        reservations.post(books.open(), Books.A_RESERVED);
        assertThat(balance(http, books.a())).isEqualTo(Books.A_BALANCE - Books.A_RESERVED);
        assertThat(mismatches(audit())).isEmpty();
    }

    @Test
    void balances_are_never_wrong_while_replays_run_under_traffic_on_two_instances() throws Exception {
        try (var other = Nodes.inProcess(database, "replay-b")) {
            var second = new Http(Nodes.port(other));
            List<Http> nodes = List.of(http, second);
            int writers = 4;
            var numbers = new ArrayList<String>();
            for (int i = 0; i < writers; i++) {
                numbers.add(http.openAccount(1_000));
            }
            String pairA = http.openAccount(50_000);
            String pairB = http.openAccount(50_000);
            // Per writer account: the balance acknowledged last, and the most it can be (issued deposits).
            var acknowledged = new AtomicLongArray(writers);
            var issued = new AtomicLongArray(writers);
            for (int i = 0; i < writers; i++) {
                acknowledged.set(i, 1_000);
                issued.set(i, 1_000);
            }
            var stop = new AtomicBoolean();
            var deposits = new AtomicInteger();
            var reads = new AtomicInteger();
            var failures = new ConcurrentLinkedQueue<String>();
            ExecutorService pool = Executors.newFixedThreadPool(writers + 3);
            var tasks = new ArrayList<Future<?>>();
            // Fixed seeds, one per task: the same choices every run (their interleaving varies).
            for (int w = 0; w < writers; w++) {
                int i = w;
                tasks.add(pool.submit(() -> {
                    var random = new Random(42L + i);
                    while (!stop.get()) {
                        long amount = 1 + random.nextInt(5);
                        issued.addAndGet(i, amount);
                        Http node = nodes.get(random.nextInt(2));
                        long answered = deposit(node, numbers.get(i), amount);
                        long expected = acknowledged.get(i) + amount;
                        if (answered != expected) {
                            failures.add("deposit answered " + answered + ", expected " + expected);
                        }
                        acknowledged.set(i, answered);
                        deposits.incrementAndGet();
                        // Read-after-write, on either instance.
                        long read = balance(nodes.get(random.nextInt(2)), numbers.get(i));
                        if (read != answered) {
                            failures.add("read " + read + " right after a deposit answered " + answered);
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                long seed = 4200L + r;
                tasks.add(pool.submit(() -> {
                    var random = new Random(seed);
                    while (!stop.get()) {
                        int i = random.nextInt(writers);
                        long low = acknowledged.get(i);
                        long read = balance(nodes.get(random.nextInt(2)), numbers.get(i));
                        long high = issued.get(i);
                        reads.incrementAndGet();
                        if (read < low || read > high) {
                            failures.add("read " + read + " outside [" + low + ", " + high + "]");
                        }
                    }
                    return null;
                }));
            }
            tasks.add(pool.submit(() -> {
                var random = new Random(4300L);
                while (!stop.get()) {
                    boolean forward = random.nextBoolean();
                    transfer(nodes.get(random.nextInt(2)), forward ? pairA : pairB, forward ? pairB : pairA, 7);
                }
                return null;
            }));

            var replays = new ArrayList<JsonNode>();
            try {
                Thread.sleep(500);
                for (int i = 0; i < 4; i++) {
                    // Alternate the instance that runs it; follow it from the other one.
                    Http runner = nodes.get(i % 2);
                    var started = runner.post("/admin/replay", "");
                    assertThat(started.status()).as(started.toString()).isEqualTo(202);
                    String id = started.json().get("replay_id").stringValue();
                    replays.add(Replays.await(nodes.get((i + 1) % 2), id, Duration.ofSeconds(60)));
                    Thread.sleep(200);
                }
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<?> task : tasks) {
                task.get(); // rethrows a failed request
            }

            System.out.printf(
                    "replays under traffic: %d deposits, %d concurrent reads, %d replays%n",
                    deposits.get(), reads.get(), replays.size());
            assertThat(failures).as("wrong balances seen").isEmpty();
            assertThat(deposits.get()).as("traffic ran during the replays").isGreaterThan(4 * writers);
            for (JsonNode replay : replays) {
                assertThat(replay.get("status").stringValue())
                        .as(replay.toString())
                        .isEqualTo("COMPLETED");
            }
            assertThat(replays.get(0).get("node").stringValue()).isEqualTo("replay-a");
            assertThat(replays.get(1).get("node").stringValue()).isEqualTo("replay-b");
            for (int i = 0; i < writers; i++) {
                assertThat(balance(http, numbers.get(i))).isEqualTo(acknowledged.get(i));
                assertThat(balance(second, numbers.get(i))).isEqualTo(acknowledged.get(i));
            }
            assertThat(balance(http, pairA) + balance(http, pairB)).isEqualTo(100_000);
            JsonNode report = audit();
            assertThat(mismatches(report)).as(report.toString()).isEmpty();
            assertThat(report.get("pending_transfers").intValue()).isZero();
        }
    }

    @Test
    void one_replay_at_a_time_across_instances() throws Exception {
        // Another instance's replay holds the lease.
        assertThat(update("update replay_lock set replay_id = 'held-elsewhere', heartbeat_at = now()"
                        + " where lock_id = 1 and replay_id is null"))
                .isEqualTo(1);
        try {
            var refused = http.post("/admin/replay", "");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().get("code").stringValue()).isEqualTo("REPLAY_RUNNING");
            assertThat(refused.json().get("replay_id").stringValue()).isEqualTo("held-elsewhere");
            assertThat(refused.json().get("retryable").booleanValue()).isFalse();
        } finally {
            update("update replay_lock set replay_id = null, heartbeat_at = null where lock_id = 1");
        }
        // A lease not renewed for a minute is an instance that died: the next replay takes over.
        update("update replay_lock set replay_id = 'dead', heartbeat_at = now() - interval '2 minutes'"
                + " where lock_id = 1");
        var taken = http.post("/admin/replay", "");
        assertThat(taken.status()).as(taken.toString()).isEqualTo(202);
        JsonNode finished = Replays.await(http, taken.json().get("replay_id").stringValue(), Duration.ofSeconds(60));
        assertThat(finished.get("status").stringValue()).isEqualTo("COMPLETED");
    }

    @Test
    void unknown_replays_are_404_problems() {
        var unknown = http.get("/admin/replay/no-such-replay");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").stringValue()).isEqualTo("REPLAY_NOT_FOUND");
        assertThat(http.get("/admin/replay/" + "x".repeat(300)).status()).isEqualTo(404);
    }
}
