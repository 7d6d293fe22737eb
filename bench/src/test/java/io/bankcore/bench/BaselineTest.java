package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineTest {

    @Test
    void accounts_are_chosen_uniformly_unless_the_skew_suits_pgbench() {
        assertThat(Baseline.pick(1000, 0)).isEqualTo("random(1, 1000)");
        assertThat(Baseline.pick(1000, 0.9)).isEqualTo("random(1, 1000)");
        assertThat(Baseline.pick(500, 1.2)).isEqualTo("random_zipfian(1, 500, 1.2)");
    }

    @Test
    void the_setup_creates_the_accounts_with_the_loads_balance() {
        String sql = Baseline.setupSql(250);
        assertThat(sql)
                .startsWith("drop table if exists bench_account, bench_ledger;")
                .contains("create table bench_account (account_number text primary key")
                .contains("create index on bench_ledger (account_number, occurred_at);")
                .contains("select lpad(i::text, 12, '0'), 1000000000000, 'BRL' from generate_series(1, 250) i;")
                .endsWith("analyze bench_account;");
    }

    @Test
    void a_deposit_is_one_update_and_one_insert_in_one_transaction() {
        String script = Baseline.depositScript("random(1, 10)");
        assertThat(script.lines().toList())
                .containsExactly(
                        "\\set a random(1, 10)",
                        "\\set amt random(1, 1000)",
                        "BEGIN;",
                        "UPDATE bench_account SET balance_cents = balance_cents + :amt, last_sequence = last_sequence"
                                + " + 1 WHERE account_number = lpad(:a::text, 12, '0');",
                        "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency) VALUES"
                                + " (lpad(:a::text, 12, '0'), 'DEPOSIT', :amt, 'BRL');",
                        "END;");
    }

    @Test
    void a_transfer_locks_the_lower_account_first_and_never_pairs_an_account_with_itself() {
        String script = Baseline.transferScript("random(1, 77)", 77);
        List<String> lines = script.lines().toList();
        assertThat(lines)
                .contains("\\set b CASE WHEN :a = :b THEN 1 + :a % 77 ELSE :b END")
                .contains("\\set lo least(:a, :b)", "\\set hi greatest(:a, :b)")
                .contains("\\set dlo CASE WHEN :lo = :a THEN -:amt ELSE :amt END");
        int lo = indexOf(lines, "WHERE account_number = lpad(:lo::text");
        int hi = indexOf(lines, "WHERE account_number = lpad(:hi::text");
        assertThat(lo).isPositive().isLessThan(hi);
        assertThat(lines.stream().filter(l -> l.startsWith("INSERT INTO bench_ledger")))
                .hasSize(2);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("END;");
        assertThat(indexOf(lines, "BEGIN;")).isLessThan(lo);
    }

    @Test
    void the_measured_run_logs_each_transaction_for_the_duration_or_the_requests() {
        Options timed = Options.parse(
                "--db",
                "jdbc:postgresql://h/db",
                "--baseline-db",
                "base",
                "--clients",
                "16",
                "--duration",
                "2.4s",
                "--pgbench",
                "/usr/bin/pgbench");
        assertThat(Baseline.command(timed, Path.of("/tmp/d.sql"), Path.of("/tmp/log")))
                .containsExactly(
                        "/usr/bin/pgbench",
                        "-n",
                        "-M",
                        "prepared",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        "5432",
                        "-U",
                        "postgres",
                        "-c",
                        "16",
                        "-j",
                        "2",
                        "-f",
                        "/tmp/d.sql",
                        "-l",
                        "--log-prefix",
                        "/tmp/log",
                        "-T",
                        "2",
                        "base");
        Options counted = Options.parse(
                "--db", "jdbc:postgresql://h/db", "--baseline-db", "base", "--clients", "16", "--requests", "1000");
        List<String> command = Baseline.command(counted, Path.of("/tmp/d.sql"), Path.of("/tmp/log"));
        assertThat(command.subList(command.size() - 3, command.size())).containsExactly("-t", "62", "base");
        assertThat(Baseline.warmupCommand(timed, Path.of("/tmp/d.sql")))
                .endsWith("-f", "/tmp/d.sql", "-T", "5", "base")
                .doesNotContain("-l");
    }

    @Test
    void the_log_gives_latencies_failures_and_completion_times() {
        Baseline.PgbenchLog log = Baseline.PgbenchLog.parse(List.of(
                "0 0 1500 0 1700000000 100000",
                "1 0 2500 0 1700000000 900000",
                "0 1 failed 0 1700000001 200000",
                "1 1 4000 0 1700000001 500000",
                "3 0 skipped 0 1700000002 0",
                ""));
        assertThat(log.failed()).isEqualTo(2);
        assertThat(log.latencies().summary())
                .containsEntry("count", 3)
                .containsEntry("p50_ms", 2.5)
                .containsEntry("max_ms", 4.0);
        assertThat(log.completedBetween(1_700_000_000_500_000L, 1_700_000_001_500_000L))
                .isEqualTo(2);
        assertThat(log.completedBetween(0, Long.MAX_VALUE)).isEqualTo(3);
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
