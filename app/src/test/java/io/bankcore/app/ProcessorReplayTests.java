package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.LiveProjections;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.ReadTableRows;
import io.bankcore.app.support.Replays;
import io.bankcore.app.support.Reservations;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /admin/replay} through Axon's replay ({@code bankcore.replay.source=event-store}, as under
 * the axonserver profile): the replay processor's tokens reset to the start of the store rebuild the
 * tables beside the live ones, with the projections on streaming processors. Corruption the audit reports
 * is repaired, the rebuilt tables equal the live ones, a second replay starts again from the start, and
 * writes go on during a replay. Subclasses choose the event store.
 */
abstract class ProcessorReplayTests {

    abstract PostgresDatabase database();

    /** How many events the store holds, read from the store itself. */
    abstract long storedEvents() throws SQLException;

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        return response.json();
    }

    private long deposit(String number, long amount) {
        return ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":" + amount + "}"))
                .get("balance_cents")
                .longValue();
    }

    private List<JsonNode> mismatches() throws InterruptedException {
        awaitCaughtUp();
        var list = new ArrayList<JsonNode>();
        ok(http.get("/admin/audit")).get("mismatches").forEach(list::add);
        return list;
    }

    private void awaitCaughtUp() throws InterruptedException {
        LiveProjections.awaitCaughtUp(processing, eventStore);
    }

    private Map<String, List<String>> rows() throws SQLException, InterruptedException {
        awaitCaughtUp();
        try (var connection = database().connect()) {
            return ReadTableRows.read(connection);
        }
    }

    /** Three accounts with deposits, a withdrawal and two transfers; answers {a, b, c}. */
    private List<String> books() {
        String a = http.openAccount(10_000);
        String b = http.openAccount(0);
        String c = http.openAccount(500);
        deposit(a, 250);
        deposit(b, 1_000);
        ok(http.post("/accounts/" + a + "/withdraw", "{\"amount_cents\":100}"));
        for (String[] leg : new String[][] {{a, b, "700"}, {b, c, "300"}}) {
            ok(http.post(
                    "/transfers",
                    "{\"from_account_number\":\"" + leg[0] + "\",\"to_account_number\":\"" + leg[1]
                            + "\",\"amount_cents\":" + leg[2] + "}"));
        }
        return List.of(a, b, c);
    }

    private JsonNode replay() throws InterruptedException {
        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        assertThat(replay.get("phase").stringValue()).isEqualTo("DONE");
        assertThat(replay.get("node").stringValue()).isEqualTo("replay-a");
        assertThat(replay.get("error").isNull()).isTrue();
        return replay;
    }

    @Test
    void corruption_the_audit_reports_is_repaired_and_a_second_replay_starts_again_from_the_start() throws Exception {
        List<String> accounts = books();
        assertThat(mismatches()).isEmpty();
        String corrupted = accounts.get(1);
        String lineless = accounts.get(0);
        database().execute("update account_balance set balance_minor = 999 where account_number = '" + corrupted + "'");
        database()
                .execute("delete from ledger_entry where account_number = '" + lineless
                        + "' and entry_type = 'WITHDRAWAL'");
        long transfers = database().queryLong("select count(*) from transfer");
        database().execute("delete from transfer");
        List<JsonNode> reported = mismatches();
        assertThat(reported)
                .extracting(m -> m.get("what").stringValue())
                .contains("balance_minor", "ledger_entry")
                .hasSize(2 + (int) transfers);

        JsonNode first = replay();
        long events = storedEvents();
        assertThat(first.get("events_done").longValue()).isGreaterThanOrEqualTo(events);
        assertThat(first.get("events_total").longValue())
                .isGreaterThanOrEqualTo(first.get("events_done").longValue());
        assertThat(mismatches()).isEmpty();
        assertThat(database().queryLong("select count(*) from transfer")).isEqualTo(transfers);
        assertThat(database().queryLong("select count(*) from pg_tables where tablename like '%\\_next'"))
                .isZero();

        // Again: its tokens are reset to the start, so it reads every event again, not only the new one.
        assertThat(deposit(accounts.get(2), 5)).isEqualTo(805);
        database().execute("update account_balance set balance_minor = 1 where account_number = '" + corrupted + "'");
        JsonNode second = replay();
        assertThat(second.get("events_done").longValue()).isGreaterThanOrEqualTo(events + 1);
        assertThat(mismatches()).isEmpty();
        assertThat(ok(http.get("/accounts/" + corrupted + "/balance"))
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(1_400);
    }

    @Test
    void after_reservations_freezes_and_closes_the_rebuilt_tables_equal_the_live_ones() throws Exception {
        new Reservations(http).books();
        books();
        assertThat(mismatches()).isEmpty();
        Map<String, List<String>> live = rows();

        replay();

        Map<String, List<String>> rebuilt = rows();
        for (String table : live.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
        }
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void deposits_during_a_replay_all_land_and_the_books_stay_clean() throws Exception {
        String account = http.openAccount(0);
        books();
        var stop = new AtomicBoolean();
        var deposited = new AtomicLong();
        var writer = Executors.newSingleThreadExecutor();
        var writes = writer.submit(() -> {
            while (!stop.get()) {
                var response = new Http(port).post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                deposited.incrementAndGet();
            }
            return null;
        });
        try {
            replay();
        } finally {
            stop.set(true);
            writes.get(30, TimeUnit.SECONDS);
            writer.shutdown();
        }
        assertThat(deposited.get()).isPositive();
        awaitCaughtUp();
        assertThat(ok(http.get("/accounts/" + account + "/balance"))
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(deposited.get());
        assertThat(mismatches()).isEmpty();
    }
}
