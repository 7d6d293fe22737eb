package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSamplerTest {

    @Test
    void counters_from_psql_output() {
        PostgresSampler.Snapshot s = PostgresSampler.parseCounters("1200|7|340|410\n", null);
        assertThat(s.commits()).isEqualTo(1200);
        assertThat(s.rollbacks()).isEqualTo(7);
        assertThat(s.walSyncs()).isEqualTo(340);
        assertThat(s.walWrites()).isEqualTo(410);
        assertThat(s.statements()).isTrue();
        assertThat(PostgresSampler.parseCounters("", "x").commits()).isZero();
    }

    @Test
    void psql_errors_say_why_statements_are_missing() {
        String out =
                "CREATE EXTENSION\n" + "ERROR:  pg_stat_statements must be loaded via \"shared_preload_libraries\"\n";
        assertThat(PostgresSampler.error(out))
                .isEqualTo("ERROR: pg_stat_statements must be loaded via \"shared_preload_libraries\"");
        assertThat(PostgresSampler.error("\n")).isNull();
    }

    @Test
    void statement_rows_from_psql_output() {
        List<PostgresSampler.Statement> rows =
                PostgresSampler.parseStatements("400|12.50|0.0313|400|select a from t where x = $1\n"
                        + "1000|3.00|0.0030|0|BEGIN\n"
                        + "WARNING: something\n"
                        + "10|8.00|0.8000|10|update t set a = $1 | b\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0))
                .isEqualTo(new PostgresSampler.Statement(400, 12.5, 0.0313, 400, "select a from t where x = $1"));
        assertThat(rows.get(2).query()).isEqualTo("update t set a = $1 | b");
    }

    @Test
    void per_request_figures_from_two_samples() {
        PostgresSampler.Snapshot start = new PostgresSampler.Snapshot(10_000, 5, 2_000, 2_500, null);
        PostgresSampler.Snapshot end = new PostgresSampler.Snapshot(16_400, 25, 3_100, 3_700, null);
        List<PostgresSampler.Statement> statements = List.of(
                new PostgresSampler.Statement(2_000, 100.0, 0.05, 2_000, "select 1"),
                new PostgresSampler.Statement(6_000, 50.0, 0.008, 0, "BEGIN"),
                new PostgresSampler.Statement(1_000, 250.0, 0.25, 1_000, "insert into e values ($1)"));
        Map<String, Object> m = PostgresSampler.perRequest(start, end, statements, 1_000);
        assertThat(m)
                .containsEntry("requests", 1_000L)
                .containsEntry("commits", 6_400L)
                .containsEntry("commits_per_request", 6.4)
                .containsEntry("rollbacks", 20L)
                .containsEntry("rollbacks_per_request", 0.02)
                .containsEntry("wal_syncs_per_request_server_wide", 1.1)
                .containsEntry("statement_calls", 9_000L)
                .containsEntry("statements_per_request", 9.0)
                .containsEntry("statement_time_ms_per_request", 0.4);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> byCalls = (List<Map<String, Object>>) m.get("top_statements_by_calls");
        assertThat(byCalls)
                .extracting(s -> s.get("query"))
                .containsExactly("BEGIN", "select 1", "insert into e values ($1)");
        assertThat(byCalls.get(0)).containsEntry("calls_per_request", 6.0).containsEntry("share_of_time_percent", 12.5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> byTime = (List<Map<String, Object>>) m.get("top_statements");
        assertThat(byTime)
                .extracting(s -> s.get("query"))
                .containsExactly("insert into e values ($1)", "select 1", "BEGIN");
        assertThat(byTime.get(0)).containsEntry("share_of_time_percent", 62.5);
    }

    @Test
    void without_statements_the_figure_is_empty_and_says_why() {
        PostgresSampler.Snapshot start = new PostgresSampler.Snapshot(0, 0, 0, 0, "ERROR: not loaded");
        PostgresSampler.Snapshot end = new PostgresSampler.Snapshot(300, 3, 0, 0, null);
        Map<String, Object> m = PostgresSampler.perRequest(start, end, null, 0);
        assertThat(m)
                .containsEntry("commits_per_request", 300.0) // no requests: divided by 1
                .containsEntry("rollbacks_per_request", 3.0)
                .containsEntry("statements_per_request", null)
                .containsEntry("statements_unavailable", "ERROR: not loaded")
                .doesNotContainKey("top_statements_by_calls");
    }

    @Test
    void long_statements_are_cut() {
        String query = "select " + "x, ".repeat(100) + "y";
        Map<String, Object> m = PostgresSampler.perRequest(
                new PostgresSampler.Snapshot(0, 0, 0, 0, null),
                new PostgresSampler.Snapshot(1, 0, 0, 0, null),
                List.of(new PostgresSampler.Statement(1, 1, 1, 1, query)),
                1);
        @SuppressWarnings("unchecked")
        String cut = (String)
                ((List<Map<String, Object>>) m.get("top_statements")).get(0).get("query");
        assertThat(cut).hasSize(161).startsWith("select x, x,").endsWith("…");
    }
}
