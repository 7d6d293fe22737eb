package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.LiveProjections;
import io.bankcore.app.support.ReadTableRows;
import io.bankcore.app.support.Replays;
import io.bankcore.app.support.StreamingProcessors;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Axon's replay ({@code bankcore.replay.source=event-store}) on the embedded database, where the switch
 * pauses this instance's live projections and copies the rows over instead of renaming tables: a
 * corrupted row and an emptied ledger are repaired, the rebuilt rows equal what the projections wrote,
 * and the projections resume.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:processorreplay;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.replay.source=event-store"
        })
class H2ProcessorReplayTest {

    @DynamicPropertySource
    static void processors(DynamicPropertyRegistry registry) {
        StreamingProcessors.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    private Map<String, List<String>> rows() throws Exception {
        LiveProjections.awaitCaughtUp(processing, eventStore);
        try (var connection = dataSource.getConnection()) {
            return ReadTableRows.read(connection);
        }
    }

    private JsonNode audit(Http http) throws Exception {
        LiveProjections.awaitCaughtUp(processing, eventStore);
        return http.get("/admin/audit").json();
    }

    @Test
    void a_replay_repairs_a_corrupted_row_and_an_emptied_ledger_and_the_projections_resume() throws Exception {
        var http = new Http(port);
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
        Map<String, List<String>> live = rows();

        jdbc.update("update account_balance set balance_minor = 1 where account_number = ?", a);
        jdbc.update("delete from ledger_entry");
        assertThat(audit(http).get("mismatches").size()).isEqualTo(3); // a's balance; a's and b's ledgers

        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");

        Map<String, List<String>> rebuilt = rows();
        for (String table : live.keySet()) {
            assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
        }
        assertThat(audit(http).get("mismatches").size()).isZero();
        assertThat(http.post("/accounts/" + b + "/deposit", "{\"amount_cents\":1}")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(301);
        assertThat(audit(http).get("mismatches").size()).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from information_schema.tables where lower(table_name) like '%\\_next'",
                        Long.class))
                .isZero();
    }
}
