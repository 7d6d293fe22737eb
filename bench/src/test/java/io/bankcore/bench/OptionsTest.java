package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/bench";

    @Test
    void durations_in_seconds_minutes_milliseconds_or_bare_seconds() {
        assertThat(Options.seconds("30s")).isEqualTo(30.0);
        assertThat(Options.seconds("2m")).isEqualTo(120.0);
        assertThat(Options.seconds("500ms")).isEqualTo(0.5);
        assertThat(Options.seconds("1.5")).isEqualTo(1.5);
        assertThat(Options.seconds(" 2M ")).isEqualTo(120.0);
        assertThat(Options.seconds("0.25s")).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void the_instance_runs_on_the_benchs_own_java_unless_another_is_named() {
        assertThat(Options.parse("--db", DB).java)
                .isEqualTo(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(Options.parse("--db", DB, "--java", "/usr/lib/jvm/other/bin/java").java)
                .isEqualTo("/usr/lib/jvm/other/bin/java");
    }

    @Test
    void defaults_when_only_the_database_is_given() {
        Options o = Options.parse("--db", DB);
        assertThat(o.databaseUrl).isEqualTo(DB);
        assertThat(o.jar).isEqualTo("app/target/bankcore.jar");
        assertThat(o.port).isEqualTo(18100);
        assertThat(o.clients).isEqualTo(32);
        assertThat(o.durationS).isEqualTo(30.0);
        assertThat(o.warmupS).isEqualTo(5.0);
        assertThat(o.firstWarmupS).isEqualTo(60.0);
        assertThat(o.accounts).isEqualTo(1000);
        assertThat(o.scenarios)
                .containsExactly(
                        "deposit",
                        "deposit-keyed",
                        "transfer",
                        "reserve",
                        "post",
                        "mixed",
                        "history",
                        "replay",
                        "deposit-auth");
        assertThat(o.mix)
                .containsExactly(
                        Map.entry("deposit", 30),
                        Map.entry("withdraw", 10),
                        Map.entry("transfer", 20),
                        Map.entry("balance", 25),
                        Map.entry("transactions", 15));
        assertThat(o.baseline).isTrue();
        assertThat(o.baselineRequested()).isFalse();
        assertThat(o.pgStats).isTrue();
        assertThat(o.jfr).isFalse();
        assertThat(o.replayTimeoutS).isEqualTo(600.0);
    }

    @Test
    void every_option_is_read() {
        Options o = Options.parse(
                "--db",
                DB,
                "--jar",
                "/tmp/x.jar",
                "--baseline-db",
                "base",
                "--port",
                "18200",
                "--jvm-flags",
                "-Xmx2g",
                "--app-arg",
                "--a=1",
                "--app-arg",
                "--b=2",
                "--scenarios",
                "deposit,read,withdraw",
                "--clients",
                "8",
                "--duration",
                "2m",
                "--requests",
                "500",
                "--warmup",
                "500ms",
                "--accounts",
                "50",
                "--zipf",
                "1.2",
                "--mix",
                "deposit=1,balance=3",
                "--history-events",
                "2000",
                "--history-samples",
                "40",
                "--no-baseline",
                "--jfr",
                "--no-pg-stats",
                "--pgbench",
                "/usr/bin/pgbench",
                "--psql",
                "/usr/bin/psql",
                "--out",
                "/tmp/out",
                "--seed",
                "-42",
                "--replay-timeout",
                "90s");
        assertThat(o.jar).isEqualTo("/tmp/x.jar");
        assertThat(o.baselineDb).isEqualTo("base");
        assertThat(o.port).isEqualTo(18200);
        assertThat(o.jvmFlags).isEqualTo("-Xmx2g");
        assertThat(o.appArgs).containsExactly("--a=1", "--b=2");
        assertThat(o.scenarios).containsExactly("deposit", "read", "withdraw");
        assertThat(o.clients).isEqualTo(8);
        assertThat(o.durationS).isEqualTo(120.0);
        assertThat(o.requests).isEqualTo(500);
        assertThat(o.warmupS).isEqualTo(0.5);
        assertThat(o.accounts).isEqualTo(50);
        assertThat(o.zipfS).isEqualTo(1.2);
        assertThat(o.mix).containsExactly(Map.entry("deposit", 1), Map.entry("balance", 3));
        assertThat(o.historyEvents).isEqualTo(2000);
        assertThat(o.historySamples).isEqualTo(40);
        assertThat(o.baseline).isFalse();
        assertThat(o.baselineRequested()).isFalse();
        assertThat(o.jfr).isTrue();
        assertThat(o.pgStats).isFalse();
        assertThat(o.pgbench).isEqualTo("/usr/bin/pgbench");
        assertThat(o.psql).isEqualTo("/usr/bin/psql");
        assertThat(o.out).isEqualTo(Path.of("/tmp/out"));
        assertThat(o.seed).isEqualTo(-42);
        assertThat(o.replayTimeoutS).isEqualTo(90.0);
    }

    @Test
    void help_stops_parsing_without_other_checks() {
        Options o = Options.parse("--help", "--nonsense");
        assertThat(o.help).isTrue();
        assertThat(Options.HELP).contains("--duration T", "--mix op=w", "--baseline-db NAME", "--replay-timeout");
    }

    @Test
    void mix_weights_keep_their_order() {
        assertThat(Options.mix("transfer=5, withdraw=0,deposit=2"))
                .containsExactly(Map.entry("transfer", 5), Map.entry("withdraw", 0), Map.entry("deposit", 2));
    }

    @Test
    void bad_mixes_are_refused() {
        assertThatThrownBy(() -> Options.mix("deposit=1,refund=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown operation in --mix: refund");
        assertThatThrownBy(() -> Options.mix("deposit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op=weight");
        assertThatThrownBy(() -> Options.mix("deposit=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> Options.mix("deposit=-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Options.mix("deposit=0,balance=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to nothing");
    }

    @Test
    void bad_options_are_refused_with_a_message() {
        assertRefused("unknown option --colour", "--db", DB, "--colour", "red");
        assertRefused("unexpected argument deposit", "--db", DB, "deposit");
        assertRefused("missing value after --clients", "--db", DB, "--clients");
        assertRefused("--clients wants a whole number, not 'many'", "--db", DB, "--clients", "many");
        assertRefused("--duration wants a duration", "--db", DB, "--duration", "2h");
        assertRefused("--warmup cannot be negative", "--db", DB, "--warmup", "-1s");
        assertRefused("--zipf wants a number", "--db", DB, "--zipf", "hot");
        assertRefused("unknown scenario deposits", "--db", DB, "--scenarios", "deposits,transfer");
        assertRefused("give --db", "--clients", "4");
        assertRefused("--jfr needs a launched instance", "--url", "http://127.0.0.1:8000", "--jfr");
        assertRefused("at least 1 client and 2 accounts", "--db", DB, "--clients", "0");
        assertRefused("at least 1 client and 2 accounts", "--db", DB, "--accounts", "1");
        assertRefused("cannot be negative", "--db", DB, "--requests", "-5");
    }

    @Test
    void the_options_as_results_json_records_them() {
        Options o = Options.parse("--db", DB, "--baseline-db", "base", "--requests", "100", "--seed", "7");
        Map<String, Object> m = o.toMap();
        assertThat(m.get("duration_s")).isNull();
        assertThat(m.get("requests")).isEqualTo(100L);
        assertThat(m.get("baseline")).isEqualTo(true);
        assertThat(m.get("seed")).isEqualTo(7L);
        assertThat(m.get("jvm_flags")).isEqualTo("-Xms512m -Xmx1g -XX:+UseParallelGC");
        assertThat(m.get("app_args")).isEqualTo(List.of());
        assertThat(Options.parse("--url", "http://h:1").toMap().get("jvm_flags"))
                .isNull();
    }

    private static void assertRefused(String message, String... args) {
        assertThatThrownBy(() -> Options.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
