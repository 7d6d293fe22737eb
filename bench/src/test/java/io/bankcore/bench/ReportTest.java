package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> results() {
        Map<String, Object> deposit = new LinkedHashMap<>(SummaryTest.scenario());
        deposit.put(
                "postgresql",
                Map.of(
                        "statements_per_request",
                        17.5,
                        "top_statements_by_calls",
                        List.of(
                                Map.of("calls_per_request", 6.0, "mean_ms", 0.008, "query", "BEGIN"),
                                Map.of(
                                        "calls_per_request",
                                        2.5,
                                        "mean_ms",
                                        0.05,
                                        "query",
                                        "select last_sequence from account_balance where account_number = $1"))));
        deposit.put("summary", Summary.ofScenario(SummaryTest.scenario()));
        Map<String, Object> transfer = new LinkedHashMap<>();
        transfer.put("name", "transfer");
        transfer.put("postgresql", Map.of("statements_unavailable", "ERROR: pg_stat_statements must be loaded"));
        transfer.put(
                "summary",
                Summary.ofScenario(Map.of(
                        "ok",
                        900L,
                        "errors_total",
                        0L,
                        "throughput_per_s",
                        82.0,
                        "latency",
                        Map.of("p50_ms", 381.0, "p99_ms", 745.0),
                        "postgresql",
                        Map.of("commits_per_request", 33.0, "rollbacks_per_request", 0.5),
                        "cpu",
                        Map.of("app_cpu_ms_per_request", 16.8, "postgres_cpu_ms_per_request", 6.4))));
        Map<String, Object> baseDeposit = new LinkedHashMap<>(SummaryTest.baseline());
        baseDeposit.put("summary", Summary.ofBaseline(SummaryTest.baseline()));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("started_at", "2026-01-01T00:00:00Z");
        results.put("scenarios", List.of(deposit, transfer));
        results.put("baseline", Map.of("pgbench", "pgbench (PostgreSQL) 15.20", "deposit", baseDeposit));
        results.put("ratios", Map.of("deposit", Summary.ratios((Map<String, Object>) deposit.get("summary"), (Map<
                        String, Object>)
                baseDeposit.get("summary"))));
        return results;
    }

    /** The cells after the label of the first line that starts with it. */
    static List<String> row(String text, String label) {
        String line = text.lines()
                .filter(l -> l.startsWith(label + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label + " in\n" + text));
        return Arrays.asList(line.substring(label.length()).trim().split("\\s+"));
    }

    @Test
    void the_text_table_has_a_row_per_scenario_its_baseline_and_the_ratios() {
        String text = Report.text(results());
        assertThat(text.lines()
                        .filter(l -> l.startsWith("scenario"))
                        .findFirst()
                        .orElseThrow())
                .contains(
                        "req/s",
                        "p50 ms",
                        "p99 ms",
                        "errors",
                        "commits/req",
                        "rollbacks/req",
                        "stmts/req",
                        "inst CPU ms/req",
                        "PG CPU ms/req",
                        "srv CPU ms/req");
        assertThat(row(text, "deposit"))
                .containsExactly("400.0", "78.00", "159.00", "3", "6.40", "0.02", "17.50", "3.70", "1.00", "4.70");
        assertThat(row(text, "  pgbench baseline"))
                .containsExactly("8000.0", "3.40", "9.20", "0", "1.00", "0.00", "4.00", "-", "0.25", "0.25");
        assertThat(row(text, "  bankcore / baseline"))
                .containsExactly("0.050x", "22.9x", "17.3x", "6.40x", "-", "4.38x", "4.00x", "18.8x");
        assertThat(row(text, "transfer"))
                .containsExactly("82.0", "381.00", "745.00", "0", "33.00", "0.50", "-", "16.80", "6.40", "23.20");
    }

    @Test
    void the_columns_line_up_under_their_headings() {
        String text = Report.text(results());
        List<String> lines = text.lines().toList();
        String heading =
                lines.stream().filter(l -> l.startsWith("scenario")).findFirst().orElseThrow();
        String deposit =
                lines.stream().filter(l -> l.startsWith("deposit ")).findFirst().orElseThrow();
        assertThat(deposit).hasSameSizeAs(heading);
        assertThat(deposit.indexOf("4.70") + 4).isEqualTo(heading.length());
    }

    @Test
    void the_top_statements_by_calls_and_why_some_are_missing() {
        String text = Report.text(results());
        assertThat(text)
                .contains("deposit: top statements by calls, 17.5 statements/request")
                .containsPattern("6\\.00 calls/req\\s+0\\.008 ms mean  BEGIN")
                .containsPattern("2\\.50 calls/req\\s+0\\.050 ms mean  select last_sequence from account_balance")
                .contains("transfer: no statement counts (ERROR: pg_stat_statements must be loaded)");
    }

    @Test
    void without_a_baseline_only_the_scenarios_rows() {
        Map<String, Object> results = new LinkedHashMap<>(results());
        results.put("baseline", Map.of("skipped", "no --baseline-db"));
        results.put("ratios", Map.of());
        String text = Report.text(results);
        assertThat(row(text, "deposit")).hasSize(10);
        assertThat(text).doesNotContain("pgbench baseline", "bankcore / baseline");
    }

    @Test
    void the_html_has_the_per_request_table() {
        String html = Report.html(results());
        assertThat(html)
                .contains("<h2>Per request</h2>")
                .contains("<th>commits/req</th><th>rollbacks/req</th><th>stmts/req</th><th>inst CPU ms/req</th>")
                .contains("<tr><td>deposit</td><td>400.0</td><td>78.00</td><td>159.00</td><td>3</td><td>6.40</td>")
                .contains("<tr><td>pgbench baseline</td><td>8000.0</td>")
                .contains("<tr><td>bankcore / baseline</td><td>0.050x</td>")
                .contains("<h3>deposit: top statements by calls</h3>")
                .contains("No statement counts: ERROR: pg_stat_statements must be loaded")
                .endsWith("</html>\n");
    }

    @Test
    void ratios_are_formatted_by_size() {
        assertThat(Report.ratio(0.0494)).isEqualTo("0.049x");
        assertThat(Report.ratio(0.5)).isEqualTo("0.50x");
        assertThat(Report.ratio(6.4)).isEqualTo("6.40x");
        assertThat(Report.ratio(51.04)).isEqualTo("51.0x");
        assertThat(Report.ratio(null)).isEqualTo("-");
    }
}
