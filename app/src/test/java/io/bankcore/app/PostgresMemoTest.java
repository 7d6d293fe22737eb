package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.Replays;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Descriptions and metadata on PostgreSQL (jsonb), in a database of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresMemoTest extends MemoTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "memo");
    }

    /**
     * The metadata indexes keep no pending list (a search would read every row inserted since the last
     * vacuum, unsorted), and a replay, which rebuilds the indexes from their definitions, keeps them so.
     */
    @Test
    void the_metadata_indexes_keep_no_pending_list_before_and_after_a_replay() throws Exception {
        assertThat(metadataIndexOptions()).containsExactly("fastupdate=off", "fastupdate=off", "fastupdate=off");
        String number = open("\"metadata\":{\"order_id\":\"o-1\"}");
        ok(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":5,\"metadata\":{\"order_id\":\"o-2\"}}"));
        JsonNode replay = Replays.run(http);
        assertThat(replay.get("status").stringValue()).as(replay.toString()).isEqualTo("COMPLETED");
        assertThat(metadataIndexOptions()).containsExactly("fastupdate=off", "fastupdate=off", "fastupdate=off");
    }

    private List<String> metadataIndexOptions() throws Exception {
        var options = new ArrayList<String>();
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement("SELECT array_to_string(c.reloptions, ',') FROM pg_class c"
                        + " WHERE c.relname IN ('account_balance_metadata_idx', 'ledger_entry_metadata_idx',"
                        + " 'transfer_metadata_idx') ORDER BY c.relname");
                var rows = statement.executeQuery()) {
            while (rows.next()) {
                options.add(rows.getString(1));
            }
        }
        return options;
    }
}
