package io.bankcore.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The command line. {@link #parse} throws {@link IllegalArgumentException} with a message for the user. */
final class Options {

    static final List<String> SCENARIOS = List.of(
            "deposit",
            "deposit-keyed",
            "deposit-auth",
            "withdraw",
            "batch",
            "transfer",
            "reserve",
            "post",
            "read",
            "mixed",
            "history",
            "replay");
    static final List<String> OPERATIONS =
            List.of("deposit", "withdraw", "transfer", "reserve", "post", "balance", "transactions");

    static final String HELP = """
            scripts/bench.sh [options]   (make bench ARGS="..." passes them; bench.sh gives --jar, --db, --baseline-db, --pgbench)
              --db URL              JDBC URL of an empty PostgreSQL database: one instance is launched on it from --jar
              --jar PATH            bankcore jar (default app/target/bankcore.jar)
              --port N              port of the launched instance (default 18100)
              --jvm-flags "..."     JVM flags of the launched instance (default "-Xms512m -Xmx1g -XX:+UseParallelGC")
              --java PATH           java launcher of the instance, e.g. another JDK's (default: the bench's own)
              --app-arg --k=v       extra Spring argument for the launched instance (repeatable)
              --url URL             measure a running instance instead (no CPU figures for it, no --jfr)
              --baseline-db NAME    scratch database for the SQL baseline (default: none, baseline skipped)
              --scenarios LIST      of deposit,deposit-keyed,deposit-auth,withdraw,transfer,reserve,post,read,mixed,
                                    history,replay (default deposit,deposit-keyed,transfer,reserve,post,mixed,history,
                                    replay,deposit-auth; deposit-keyed: deposits each with its own Idempotency-Key;
                                    deposit-auth: deposits on a second instance with API keys on, each with a key;
                                    reserve: pending transfers (pending: true, left open); post: posts of
                                    reservations prepared before its window, so its figures are the post's alone)
              --clients N           concurrent clients, each one keep-alive connection (default 32)
              --duration T          measured time per scenario, e.g. 30s, 2m or 500ms (default 30s)
              --requests N          or: a fixed number of measured requests per scenario
              --warmup T            unmeasured load before each scenario (default 5s)
              --first-warmup T      at least this much before the first load scenario on an instance, while its
                                    JIT is still cold (default 60s; deposit-auth's instance gets the same)
              --accounts N          accounts the load spreads over (default 1000)
              --zipf S              hot-account skew: account k is chosen with weight 1/k^S (default 0: uniform)
              --mix op=w,...        weights of the mixed scenario over deposit, withdraw, transfer, reserve, post,
                                    balance, transactions (default deposit=30,withdraw=10,transfer=20,balance=25,
                                    transactions=15)
              --history-events N    prior events of the old account in the history scenario (default 100000)
              --history-samples N   deposits measured on each of the old and the new account (default 300)
              --batch-size N        transfers per request of the batch scenario (POST /transfers/batch, default 100;
                                    compared with the transfer scenario in transfers per second)
              --replay-timeout T    how long the replay step waits for the replay to finish (default 10m)
              --no-baseline         skip the pgbench baseline
              --jfr                 record each load scenario with JFR and summarise the hot spots
              --no-pg-stats         do not read pg_stat_statements / pg_stat_database / pg_stat_wal
              --pgbench PATH, --psql PATH   client tools (default: from PATH)
              --out DIR             results directory (default bench/results/<UTC timestamp>)
              --seed N              seed of the load's random choices (printed)
              --help                this text
            """;

    String jar = "app/target/bankcore.jar";
    String databaseUrl;
    String baselineDb;
    String url;
    int port = 18100;
    String jvmFlags = "-Xms512m -Xmx1g -XX:+UseParallelGC";
    /** The java launcher of the instance; the bench's own JVM's by default. */
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    final List<String> appArgs = new ArrayList<>();
    /** deposit-auth last: its second instance writes the shared database, which the first one has cached. */
    List<String> scenarios = List.of(
            "deposit", "deposit-keyed", "transfer", "reserve", "post", "mixed", "history", "replay", "deposit-auth");

    int clients = 32;
    double durationS = 30;
    long requests;
    double warmupS = 5;
    double firstWarmupS = 60;
    int accounts = 1000;
    double zipfS;
    Map<String, Integer> mix = defaultMix();
    int historyEvents = 100_000;
    int historySamples = 300;
    /** Transfers per request of the batch scenario. */
    int batchSize = 100;

    boolean baseline = true;
    boolean jfr;
    boolean pgStats = true;
    String pgbench = "pgbench";
    String psql = "psql";
    String pgHost = "127.0.0.1";
    int pgPort = 5432;
    String pgUser = "postgres";
    Path out;
    long seed = new Random().nextLong();
    double replayTimeoutS = 600;
    boolean help;

    static Map<String, Integer> defaultMix() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("deposit", 30);
        m.put("withdraw", 10);
        m.put("transfer", 20);
        m.put("balance", 25);
        m.put("transactions", 15);
        return m;
    }

    static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help" -> {
                    o.help = true;
                    return o;
                }
                case "--no-baseline" -> o.baseline = false;
                case "--jfr" -> o.jfr = true;
                case "--no-pg-stats" -> o.pgStats = false;
                default -> {
                    if (!a.startsWith("--")) {
                        throw new IllegalArgumentException("unexpected argument " + a + " (see --help)");
                    }
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value after " + a + " (see --help)");
                    }
                    o.set(a, args[++i]);
                }
            }
        }
        o.validate();
        return o;
    }

    private void set(String option, String v) {
        switch (option) {
            case "--jar" -> jar = v;
            case "--db" -> databaseUrl = v;
            case "--baseline-db" -> baselineDb = v;
            case "--url" -> url = v;
            case "--port" -> port = integer(option, v);
            case "--jvm-flags" -> jvmFlags = v;
            case "--java" -> java = v;
            case "--app-arg" -> appArgs.add(v);
            case "--scenarios" -> scenarios = scenarios(v);
            case "--clients" -> clients = integer(option, v);
            case "--duration" -> durationS = duration(option, v);
            case "--requests" -> requests = longInteger(option, v);
            case "--warmup" -> warmupS = duration(option, v);
            case "--first-warmup" -> firstWarmupS = duration(option, v);
            case "--accounts" -> accounts = integer(option, v);
            case "--zipf" -> zipfS = decimal(option, v);
            case "--mix" -> mix = mix(v);
            case "--history-events" -> historyEvents = integer(option, v);
            case "--history-samples" -> historySamples = integer(option, v);
            case "--batch-size" -> batchSize = integer(option, v);
            case "--pgbench" -> pgbench = v;
            case "--psql" -> psql = v;
            case "--out" -> out = Path.of(v);
            case "--seed" -> seed = longInteger(option, v);
            case "--replay-timeout" -> replayTimeoutS = duration(option, v);
            default -> throw new IllegalArgumentException("unknown option " + option + " (see --help)");
        }
    }

    private void validate() {
        if (url == null && databaseUrl == null) {
            throw new IllegalArgumentException("give --db (to launch an instance) or --url (to use a running one)");
        }
        if (url != null && jfr) {
            throw new IllegalArgumentException("--jfr needs a launched instance (--db)");
        }
        if (clients < 1 || accounts < 2) {
            throw new IllegalArgumentException("need at least 1 client and 2 accounts");
        }
        if (requests < 0 || historyEvents < 0 || historySamples < 0 || zipfS < 0) {
            throw new IllegalArgumentException(
                    "--requests, --history-events, --history-samples and --zipf cannot be negative");
        }
    }

    /** Seconds from {@code 30s}, {@code 2m}, {@code 500ms} or a bare number of seconds. */
    static double seconds(String s) {
        s = s.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Double.parseDouble(s.substring(0, s.length() - 2)) / 1000;
        }
        if (s.endsWith("m")) {
            return Double.parseDouble(s.substring(0, s.length() - 1)) * 60;
        }
        if (s.endsWith("s")) {
            return Double.parseDouble(s.substring(0, s.length() - 1));
        }
        return Double.parseDouble(s);
    }

    static double duration(String option, String v) {
        double s;
        try {
            s = seconds(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a duration like 30s, 2m or 500ms, not '" + v + "'");
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(option + " cannot be negative: " + v);
        }
        return s;
    }

    static Map<String, Integer> mix(String v) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String part : v.split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--mix wants op=weight,..., not '" + part + "'");
            }
            String op = kv[0].trim();
            if (!OPERATIONS.contains(op)) {
                throw new IllegalArgumentException(
                        "unknown operation in --mix: " + op + " (of " + String.join(", ", OPERATIONS) + ")");
            }
            int weight = integer("--mix " + op, kv[1].trim());
            if (weight < 0) {
                throw new IllegalArgumentException("--mix: weight of " + op + " cannot be negative");
            }
            m.put(op, weight);
        }
        if (m.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("--mix: the weights add up to nothing");
        }
        return m;
    }

    static List<String> scenarios(String v) {
        List<String> list = List.of(v.split(","));
        for (String s : list) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException(
                        "unknown scenario " + s + " (of " + String.join(", ", SCENARIOS) + ")");
            }
        }
        return list;
    }

    static int integer(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a whole number, not '" + v + "'");
        }
    }

    static long longInteger(String option, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a whole number, not '" + v + "'");
        }
    }

    static double decimal(String option, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " wants a number, not '" + v + "'");
        }
    }

    boolean baselineRequested() {
        return baseline && baselineDb != null;
    }

    Map<String, Object> toMap() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("scenarios", scenarios);
        o.put("clients", clients);
        o.put("duration_s", requests > 0 ? null : durationS);
        o.put("requests", requests > 0 ? requests : null);
        o.put("warmup_s", warmupS);
        o.put("first_warmup_s", firstWarmupS);
        o.put("accounts", accounts);
        o.put("zipf_s", zipfS);
        o.put("mix", mix);
        o.put("history_events", historyEvents);
        o.put("history_samples", historySamples);
        o.put("baseline", baselineRequested());
        o.put("jfr", jfr);
        o.put("seed", seed);
        o.put("jvm_flags", url == null ? jvmFlags : null);
        o.put("java", url == null ? java : null);
        o.put("app_args", appArgs);
        return o;
    }
}
