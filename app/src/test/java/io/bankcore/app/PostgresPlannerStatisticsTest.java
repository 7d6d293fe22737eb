package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.config.PlannerStatistics;
import io.bankcore.app.support.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hot tables get planner statistics even where autovacuum never analyzes them: without them the
 * processors' fetch walks the whole event table (see {@code PlannerStatistics}).
 */
@SpringBootTest(properties = "bankcore.planner-statistics.interval=200ms")
@ActiveProfiles("postgres")
class PostgresPlannerStatisticsTest {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "planner_statistics");
    }

    private long analyzed(String table) throws Exception {
        return database.queryLong("select count(*) from pg_stat_user_tables where relname = '" + table
                + "' and (last_analyze is not null or last_autoanalyze is not null)");
    }

    @Test
    void every_hot_table_is_analyzed_and_the_event_fetch_uses_its_statistics() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (String table : PlannerStatistics.TABLES) {
            while (analyzed(table) == 0) {
                assertThat(Instant.now()).as(table + " never analyzed").isBefore(deadline);
                Thread.sleep(100);
            }
        }
        // 5,000 rows later the statistics are renewed: the planner knows the table's size.
        database.execute("insert into account_balance (account_number, account_id, currency, balance_minor,"
                + " last_sequence, opened_at, updated_at) select 'S' || i, gen_random_uuid(), 'BRL', 0, 0, now(), now()"
                + " from generate_series(1, 5000) i");
        try {
            while (database.queryLong("select reltuples::bigint from pg_class where relname = 'account_balance'")
                    < 5000) {
                assertThat(Instant.now())
                        .as("statistics renewed after 5,000 rows")
                        .isBefore(deadline.plusSeconds(30));
                Thread.sleep(100);
            }
        } finally {
            database.execute("delete from account_balance where account_number like 'S%'");
        }
    }
}
