package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.ReadTableRows;
import io.bankcore.app.support.Replays;
import io.bankcore.app.support.Reservations;
import io.bankcore.app.support.Reservations.Books;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The replay on the embedded database, where it pauses this instance's projections to switch instead
 * of locking tables: corrupted read models are reported, repaired, and the projections resume; after
 * reservations, freezes and closes it rebuilds tables identical to the live ones.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:replay;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE")
class H2ReplayTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    @Order(1) // first: it starts by seeing that no replay has run yet
    void a_replay_repairs_a_corrupted_row_and_an_emptied_table_and_the_projections_resume() throws Exception {
        var http = new Http(port);
        assertThat(http.get("/admin/replay").status()).isEqualTo(404);
        String a = http.openAccount(1_000);
        String b = http.openAccount(0);
        assertThat(http.post("/accounts/" + a + "/deposit", "{\"amount_cents\":5}")
                        .status())
                .isEqualTo(200);
        assertThat(http.post(
                                "/transfers",
                                "{\"from_account_number\":\"" + a + "\",\"to_account_number\":\"" + b
                                        + "\",\"amount_cents\":300}")
                        .status())
                .isEqualTo(200);
        long events = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);

        jdbc.update("update account_balance set balance_minor = 1 where account_number = ?", a);
        jdbc.update("delete from ledger_entry");
        JsonNode broken = http.get("/admin/audit").json();
        assertThat(broken.get("mismatches").size())
                .as(broken.toString())
                .isEqualTo(3); // a's balance, a's and b's lines

        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        assertThat(replay.get("events_done").longValue()).isEqualTo(events);
        assertThat(http.get("/admin/replay").json().get("replay_id")).isEqualTo(replay.get("replay_id"));

        JsonNode clean = http.get("/admin/audit").json();
        assertThat(clean.get("mismatches").isEmpty()).as(clean.toString()).isTrue();
        assertThat(http.get("/accounts/" + a + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(705);
        assertThat(http.get("/accounts/" + b + "/transactions").json().size()).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from information_schema.tables where table_name like '%_NEXT'"
                                + " or table_name like '%_next'",
                        Long.class))
                .isZero();
        // The paused projections run again: a write is answered (it waits for them) and visible.
        var deposit = http.post("/accounts/" + b + "/deposit", "{\"amount_cents\":10}");
        assertThat(deposit.status()).as(deposit.toString()).isEqualTo(200);
        assertThat(deposit.json().get("balance_cents").longValue()).isEqualTo(310);
        assertThat(http.get("/accounts/" + b + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(310);
    }

    private Map<String, List<String>> rows() throws Exception {
        try (var connection = jdbc.getDataSource().getConnection()) {
            return ReadTableRows.read(connection);
        }
    }

    @Test
    @Order(2)
    void after_reservations_freezes_and_closes_a_replay_rebuilds_tables_identical_to_the_live_ones() throws Exception {
        var http = new Http(port);
        Books books = new Reservations(http).books();
        JsonNode before = http.get("/admin/audit").json();
        assertThat(before.get("mismatches").isEmpty()).as(before.toString()).isTrue();
        Map<String, List<String>> live = rows();

        jdbc.update(
                "update account_balance set reserved_minor = 0, status = 'FROZEN', frozen_direction = 'ALL',"
                        + " freeze_reason = 'x' where account_number = ?",
                books.a());
        jdbc.update(
                "update transfer set status = 'RESERVED', posted_amount_minor = null where transfer_id = ?",
                books.posted());
        // a's reserved_minor, status, frozen_direction, freeze_reason; the posted transfer's status.
        JsonNode corrupted = http.get("/admin/audit").json();
        assertThat(corrupted.get("mismatches").size()).as(corrupted.toString()).isEqualTo(5);

        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");

        Map<String, List<String>> rebuilt = rows();
        for (String table : live.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
        }
        JsonNode after = http.get("/admin/audit").json();
        assertThat(after.get("mismatches").isEmpty()).as(after.toString()).isTrue();
        assertThat(after.get("open_reservations").intValue()).isEqualTo(1);
        assertThat(after.get("reserved_per_currency")
                        .get("BRL")
                        .get("actual_cents")
                        .longValue())
                .isEqualTo(Books.A_RESERVED);
    }
}
