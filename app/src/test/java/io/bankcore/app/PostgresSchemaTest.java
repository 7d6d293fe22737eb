package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The PostgreSQL schema is Flyway's, stores payloads as bytea and numbers events without gaps. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresSchemaTest {

    static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "schema");
    }

    @LocalServerPort
    int port;

    @Test
    void no_column_is_an_oid_large_object() throws SQLException {
        try (Connection c = database.connect()) {
            var rs = c.createStatement()
                    .executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                            + " WHERE table_schema = 'public' AND data_type = 'oid'");
            List<String> oidColumns = new ArrayList<>();
            while (rs.next()) {
                oidColumns.add(rs.getString(1) + "." + rs.getString(2));
            }
            assertThat(oidColumns).isEmpty();

            var payload = c.createStatement()
                    .executeQuery("SELECT data_type FROM information_schema.columns"
                            + " WHERE table_name = 'domain_event_entry' AND column_name = 'payload'");
            assertThat(payload.next()).isTrue();
            assertThat(payload.getString(1)).isEqualTo("bytea");
        }
    }

    @Test
    void the_event_sequence_steps_by_one_and_global_indexes_have_no_gaps() throws SQLException {
        var http = new Http(port);
        String number = AccountNumbers.fresh();
        assertThat(http.post("/accounts", "{\"account_number\":\"" + number + "\",\"initial_balance_cents\":1}")
                        .status())
                .isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/accounts/" + number + "/deposit", "{\"amount_cents\":1}")
                            .status())
                    .isEqualTo(200);
        }

        try (Connection c = database.connect()) {
            var increment = c.createStatement()
                    .executeQuery(
                            "SELECT increment_by FROM pg_sequences WHERE sequencename = 'domain_event_entry_seq'");
            assertThat(increment.next()).isTrue();
            assertThat(increment.getLong(1)).isEqualTo(1);

            var indexes = c.createStatement()
                    .executeQuery("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = '" + number
                            + "' ORDER BY global_index");
            List<Long> seen = new ArrayList<>();
            while (indexes.next()) {
                seen.add(indexes.getLong(1));
            }
            assertThat(seen).hasSize(6);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i) - seen.get(i - 1)).isEqualTo(1);
            }
        }
    }

    @Test
    void flyway_owns_the_schema() throws SQLException {
        try (Connection c = database.connect()) {
            var rs = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }
}
