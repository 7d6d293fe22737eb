import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The benchmark: drives the HTTP API of one bankcore instance with closed-loop clients and measures
 * throughput, latency percentiles, errors by status and read-model lag; measures, in the same run, the
 * same operations as plain SQL transactions on the same PostgreSQL server (pgbench) and prints
 * bankcore's figures as ratios of them; checks that an account's history length does not change its
 * deposit latency; times a replay of the read models when the instance offers one. Writes
 * {@code results.json}, {@code report.html} (inline SVG) and {@code report.txt} to the output directory.
 *
 * <p>JDK only: {@code java scripts/Bench.java --help}. {@code make bench} (scripts/bench.sh) creates the
 * databases and passes {@code --jar} and {@code --db}.
 */
public class Bench {

    // ---- options -------------------------------------------------------------------------------

    static String jar = "app/target/bankcore.jar";
    static String databaseUrl = null;
    static String baselineDb = null;
    static String url = null;
    static int port = 18100;
    static String jvmFlags = "-Xms512m -Xmx1g -XX:+UseParallelGC";
    static List<String> appArgs = new ArrayList<>();
    static List<String> scenarios = List.of("deposit", "transfer", "mixed", "history", "replay");
    static int clients = 32;
    static double durationS = 30;
    static long requests = 0;
    static double warmupS = 5;
    static int accounts = 1000;
    static double zipfS = 0;
    static Map<String, Integer> mix = new LinkedHashMap<>(
            Map.of("deposit", 30, "withdraw", 10, "transfer", 20, "balance", 25, "transactions", 15));
    static int historyEvents = 20_000;
    static int historySamples = 300;
    static boolean baseline = true;
    static boolean jfr = false;
    static boolean pgStats = true;
    static String pgbench = "pgbench";
    static String psql = "psql";
    static String pgHost = "127.0.0.1";
    static int pgPort = 5432;
    static String pgUser = "postgres";
    static Path out = null;
    static long seed = new Random().nextLong();
    static double replayTimeoutS = 600;

    static final String CURRENCY = "BRL";
    static final long INITIAL_BALANCE = 1_000_000_000_000L;

    static Process app;
    static long appPid = -1;
    static String host;
    static int httpPort;
    static String dbName;
    static final Map<String, Object> results = new LinkedHashMap<>();
    static final List<Map<String, Object>> scenarioResults = new ArrayList<>();
    static final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        parse(args);
        if (out == null) {
            out = Path.of("bench", "results", DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now()));
        }
        Files.createDirectories(out);
        int status = 0;
        try {
            results.put("started_at", Instant.now().toString());
            results.put("options", options());
            results.put("environment", environment());
            startApp();
            results.put("app", appInfo());
            say("bench: instance at %s (pid %d), %d clients, %s per scenario, %d accounts, zipf s=%.2f, seed %d",
                    baseUrl(), appPid, clients, requests > 0 ? requests + " requests" : durationS + " s",
                    accounts, zipfS, seed);
            say("bench: load average before: %s", loadAverage());
            results.put("scenarios", scenarioResults);
            Workload workload = null;
            for (String scenario : scenarios) {
                if (!scenario.equals("replay") && !scenario.equals("history") && workload == null) {
                    workload = Workload.open(accounts);
                }
                switch (scenario) {
                    case "deposit" -> scenarioResults.add(runLoad("deposit", Map.of("deposit", 1), workload));
                    case "withdraw" -> scenarioResults.add(runLoad("withdraw", Map.of("withdraw", 1), workload));
                    case "transfer" -> scenarioResults.add(runLoad("transfer", Map.of("transfer", 1), workload));
                    case "read" -> scenarioResults.add(runLoad("read", Map.of("balance", 3, "transactions", 1), workload));
                    case "mixed" -> scenarioResults.add(runLoad("mixed", mix, workload));
                    case "history" -> results.put("history", history());
                    case "replay" -> results.put("replay", replay());
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
            }
            if (baseline) {
                results.put("baseline", baseline());
            }
            results.put("ratios", ratios());
        } catch (Exception e) {
            status = 1;
            results.put("error", e.toString());
            say("bench: FAILED: %s", e);
            e.printStackTrace();
        } finally {
            stopApp();
            results.put("finished_at", Instant.now().toString());
            results.put("load_average_after", loadAverage());
            Files.writeString(out.resolve("results.json"), Json.write(results) + "\n");
            Files.writeString(out.resolve("report.html"), Html.render(results));
            Files.writeString(out.resolve("report.txt"), report.toString());
            System.out.println("bench: wrote " + out.resolve("results.json") + ", " + out.resolve("report.html")
                    + ", " + out.resolve("report.txt"));
        }
        System.exit(status);
    }

    static void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--jar" -> jar = args[++i];
                case "--db" -> databaseUrl = args[++i];
                case "--baseline-db" -> baselineDb = args[++i];
                case "--url" -> url = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--jvm-flags" -> jvmFlags = args[++i];
                case "--app-arg" -> appArgs.add(args[++i]);
                case "--scenarios" -> scenarios = List.of(args[++i].split(","));
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--duration" -> durationS = seconds(args[++i]);
                case "--requests" -> requests = Long.parseLong(args[++i]);
                case "--warmup" -> warmupS = seconds(args[++i]);
                case "--accounts" -> accounts = Integer.parseInt(args[++i]);
                case "--zipf" -> zipfS = Double.parseDouble(args[++i]);
                case "--mix" -> {
                    mix = new LinkedHashMap<>();
                    for (String part : args[++i].split(",")) {
                        String[] kv = part.split("=");
                        if (!List.of("deposit", "withdraw", "transfer", "balance", "transactions")
                                .contains(kv[0])) {
                            throw new IllegalArgumentException("unknown operation in --mix: " + kv[0]);
                        }
                        mix.put(kv[0], Integer.parseInt(kv[1]));
                    }
                }
                case "--history-events" -> historyEvents = Integer.parseInt(args[++i]);
                case "--history-samples" -> historySamples = Integer.parseInt(args[++i]);
                case "--no-baseline" -> baseline = false;
                case "--jfr" -> jfr = true;
                case "--no-pg-stats" -> pgStats = false;
                case "--pgbench" -> pgbench = args[++i];
                case "--psql" -> psql = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--replay-timeout" -> replayTimeoutS = seconds(args[++i]);
                case "--help" -> {
                    System.out.println(
                            """
                            java scripts/Bench.java [options]   (make bench ARGS="..." passes them)
                              --db URL              JDBC URL of an empty PostgreSQL database: one instance is launched on it from --jar
                              --jar PATH            bankcore jar (default app/target/bankcore.jar)
                              --port N              port of the launched instance (default 18100)
                              --jvm-flags "..."     JVM flags of the launched instance (default "-Xms512m -Xmx1g -XX:+UseParallelGC")
                              --app-arg --k=v       extra Spring argument for the launched instance (repeatable)
                              --url URL             measure a running instance instead (no CPU figures for it, no --jfr)
                              --baseline-db NAME    scratch database for the SQL baseline (default: none, baseline skipped)
                              --scenarios LIST      of deposit,withdraw,transfer,read,mixed,history,replay
                                                    (default deposit,transfer,mixed,history,replay)
                              --clients N           concurrent clients, each one keep-alive connection (default 32)
                              --duration T          measured time per scenario, e.g. 30s or 2m (default 30s)
                              --requests N          or: a fixed number of measured requests per scenario
                              --warmup T            unmeasured load before each scenario (default 5s)
                              --accounts N          accounts the load spreads over (default 1000)
                              --zipf S              hot-account skew: account k is chosen with weight 1/k^S (default 0: uniform)
                              --mix op=w,...        weights of the mixed scenario over deposit, withdraw, transfer, balance,
                                                    transactions (default deposit=30,withdraw=10,transfer=20,balance=25,transactions=15)
                              --history-events N    prior events of the old account in the history scenario (default 20000)
                              --history-samples N   deposits measured on each of the old and the new account (default 300)
                              --no-baseline         skip the pgbench baseline
                              --jfr                 record each load scenario with JFR and summarise the hot spots
                              --no-pg-stats         do not read pg_stat_statements / pg_stat_database / pg_stat_wal
                              --pgbench PATH, --psql PATH   client tools (default: from PATH)
                              --out DIR             results directory (default bench/results/<UTC timestamp>)
                              --seed N              seed of the load's random choices (printed)
                            """);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        if (url == null && databaseUrl == null) {
            throw new IllegalArgumentException("give --db (to launch an instance) or --url (to use a running one)");
        }
        if (url != null && jfr) {
            throw new IllegalArgumentException("--jfr needs a launched instance (--db)");
        }
        if (clients < 1 || accounts < 2) {
            throw new IllegalArgumentException("need at least 1 client and 2 accounts");
        }
    }

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

    static Map<String, Object> options() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("scenarios", scenarios);
        o.put("clients", clients);
        o.put("duration_s", requests > 0 ? null : durationS);
        o.put("requests", requests > 0 ? requests : null);
        o.put("warmup_s", warmupS);
        o.put("accounts", accounts);
        o.put("zipf_s", zipfS);
        o.put("mix", mix);
        o.put("history_events", historyEvents);
        o.put("history_samples", historySamples);
        o.put("baseline", baseline && baselineDb != null);
        o.put("jfr", jfr);
        o.put("seed", seed);
        o.put("jvm_flags", url == null ? jvmFlags : null);
        o.put("app_args", appArgs);
        return o;
    }

    static void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }

    // ---- the instance ----------------------------------------------------------------------------

    static String baseUrl() {
        return url != null ? url : "http://127.0.0.1:" + port;
    }

    static void startApp() throws Exception {
        if (url != null) {
            URI u = URI.create(url);
            host = u.getHost();
            httpPort = u.getPort() < 0 ? 80 : u.getPort();
            return;
        }
        host = "127.0.0.1";
        httpPort = port;
        dbName = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags.trim().split("\\s+")));
        command.addAll(List.of(
                "-jar",
                jar,
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + databaseUrl,
                "--server.port=" + port,
                "--management.endpoints.web.exposure.include=health,info,metrics"));
        command.addAll(appArgs);
        results.put("app_command", String.join(" ", command));
        app = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.resolve("app.log").toFile()))
                .start();
        appPid = app.pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the instance exited with " + app.exitValue() + "; see "
                        + out.resolve("app.log"));
            }
            try (Http http = new Http()) {
                if (http.get("/actuator/health").status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the instance did not start within 180 s; see " + out.resolve("app.log"));
    }

    static void stopApp() {
        if (app != null) {
            app.destroy();
            try {
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Map<String, Object> appInfo() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("url", baseUrl());
        info.put("pid", appPid);
        if (appPid > 0) {
            info.put("jvm", run(List.of("jcmd", Long.toString(appPid), "VM.version"), 20).lines()
                    .filter(l -> l.contains("JDK") || l.contains("VM"))
                    .findFirst()
                    .orElse(null));
        }
        return info;
    }

    // ---- the machine -----------------------------------------------------------------------------

    static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("hostname", run(List.of("hostname"), 5).trim());
        env.put("cpu_model", readFile("/proc/cpuinfo").lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("memory_total", readFile("/proc/meminfo").lines()
                .filter(l -> l.startsWith("MemTotal"))
                .map(l -> l.replaceAll("\\s+", " ").substring(10))
                .findFirst()
                .orElse("unknown"));
        env.put("kernel", readFile("/proc/version").trim());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("git_commit", run(List.of("git", "rev-parse", "HEAD"), 5).trim());
        env.put("git_dirty", !run(List.of("git", "status", "--porcelain", "--untracked-files=no"), 5)
                .isBlank());
        env.put("load_average_before", loadAverage());
        Map<String, Object> pg = new LinkedHashMap<>();
        pg.put("version", sql("postgres", "select version()").trim());
        for (String setting : List.of(
                "synchronous_commit",
                "fsync",
                "wal_sync_method",
                "full_page_writes",
                "commit_delay",
                "shared_buffers",
                "max_connections",
                "autovacuum",
                "shared_preload_libraries")) {
            pg.put(setting, sql("postgres", "show " + setting).trim());
        }
        env.put("postgresql", pg);
        return env;
    }

    static String loadAverage() {
        String[] parts = readFile("/proc/loadavg").trim().split("\\s+");
        return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
    }

    static String readFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }

    static String run(List<String> command, int timeoutS) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            p.waitFor(timeoutS, TimeUnit.SECONDS);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Runs one statement with psql; rows separated by newlines, fields by '|'. */
    static String sql(String database, String statement) {
        return run(
                List.of(psql, "-X", "-q", "-At", "-h", pgHost, "-p", Integer.toString(pgPort), "-U", pgUser, "-d",
                        database, "-c", statement),
                120);
    }

    /** CPU time in clock ticks: the whole machine (busy, total), this JVM, the instance, PostgreSQL's processes. */
    record Cpu(long busy, long total, long self, long app, long postgres, long nanos) {

        static Cpu sample() {
            long busy = 0;
            long total = 0;
            String first = readFile("/proc/stat").lines().findFirst().orElse("");
            String[] f = first.trim().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
            long postgres = 0;
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    String name = dir.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String stat = readFile(dir.resolve("stat").toString());
                    if (stat.contains("(postgres)")) {
                        postgres += ticks(stat);
                    }
                }
            } catch (IOException e) {
                // figures stay partial
            }
            return new Cpu(
                    busy,
                    total,
                    ticks(readFile("/proc/self/stat")),
                    appPid > 0 ? ticks(readFile("/proc/" + appPid + "/stat")) : 0,
                    postgres,
                    System.nanoTime());
        }

        static long ticks(String stat) {
            int close = stat.lastIndexOf(')');
            if (close < 0) {
                return 0;
            }
            String[] f = stat.substring(close + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the command name
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        /** Percent of one core, per process group, and the machine's busy share of all its cores. */
        Map<String, Object> since(Cpu start) {
            return since(start, 0);
        }

        /** With a request count: CPU milliseconds per request too, which the machine's other load barely moves. */
        Map<String, Object> since(Cpu start, long requests) {
            double seconds = (nanos - start.nanos) / 1e9;
            double hz = 100.0; // USER_HZ on Linux
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine_busy_percent", round1(100.0 * (busy - start.busy) / Math.max(1, total - start.total)));
            m.put("generator_percent_of_core", round1(100.0 * (self - start.self) / hz / seconds));
            m.put("app_percent_of_core", appPid > 0 ? round1(100.0 * (app - start.app) / hz / seconds) : null);
            m.put("postgres_percent_of_core", round1(100.0 * (postgres - start.postgres) / hz / seconds));
            if (requests > 0) {
                m.put("app_cpu_ms_per_request", appPid > 0 ? round2(1000.0 * (app - start.app) / hz / requests) : null);
                m.put("postgres_cpu_ms_per_request", round2(1000.0 * (postgres - start.postgres) / hz / requests));
                m.put("generator_cpu_ms_per_request", round2(1000.0 * (self - start.self) / hz / requests));
            }
            return m;
        }
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ---- a lean HTTP/1.1 client: one keep-alive connection per client thread ----------------------

    record Reply(int status, String body, String location) {}

    static final class Http implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream outStream;
        private final byte[] line = new byte[8192];

        Http() throws IOException {
            connect();
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, httpPort), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            outStream = socket.getOutputStream();
        }

        Reply get(String path) throws IOException {
            return send("GET", path, null);
        }

        Reply post(String path, String body) throws IOException {
            return send("POST", path, body);
        }

        Reply send(String method, String path, String body) throws IOException {
            try {
                return exchange(method, path, body);
            } catch (IOException stale) {
                // The server may close an idle keep-alive connection; a request it never read is safe
                // to send again on a new one only when it is a GET.
                if (!method.equals("GET")) {
                    reconnectQuietly();
                    throw stale;
                }
                reconnectQuietly();
                return exchange(method, path, body);
            }
        }

        private void reconnectQuietly() {
            try {
                close();
                connect();
            } catch (IOException ignored) {
                // the next exchange fails and is counted
            }
        }

        private Reply exchange(String method, String path, String body) throws IOException {
            byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(160)
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(httpPort).append("\r\n");
            if (payload != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (payload == null) {
                outStream.write(headBytes);
            } else {
                byte[] all = Arrays.copyOf(headBytes, headBytes.length + payload.length);
                System.arraycopy(payload, 0, all, headBytes.length, payload.length);
                outStream.write(all);
            }
            outStream.flush();

            String statusLine = readLine();
            if (statusLine == null) {
                throw new IOException("connection closed before the status line");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String location = null;
            for (String h; (h = readLine()) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "location" -> location = value;
                    default -> {}
                }
            }
            ByteArrayOutputStream bodyOut = new ByteArrayOutputStream(256);
            if (chunked) {
                while (true) {
                    String size = readLine();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        for (String t; (t = readLine()) != null && !t.isEmpty(); ) {
                            // trailers
                        }
                        break;
                    }
                    bodyOut.write(in.readNBytes(n));
                    readLine();
                }
            } else if (length > 0) {
                bodyOut.write(in.readNBytes((int) length));
            } else if (length < 0 && close) {
                bodyOut.write(in.readAllBytes());
            }
            if (close) {
                close();
                connect();
            }
            return new Reply(status, bodyOut.toString(StandardCharsets.UTF_8), location);
        }

        private String readLine() throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
                }
                if (b == '\n') {
                    if (n > 0 && line[n - 1] == '\r') {
                        n--;
                    }
                    return new String(line, 0, n, StandardCharsets.ISO_8859_1);
                }
                if (n < line.length) {
                    line[n++] = (byte) b;
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    static String field(String json, String name) {
        String key = "\"" + name + "\":";
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        i += key.length();
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        if (i < json.length() && json.charAt(i) == '"') {
            int end = json.indexOf('"', i + 1);
            return json.substring(i + 1, end);
        }
        int end = i;
        while (end < json.length() && ",}] \n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(i, end);
    }

    // ---- the workload ----------------------------------------------------------------------------

    /** The accounts the load runs on, and a Zipf choice among them (rank 1 the hottest). */
    static final class Workload {
        final String[] numbers;
        final double[] cdf;

        Workload(String[] numbers, double s) {
            this.numbers = numbers;
            this.cdf = new double[numbers.length];
            double sum = 0;
            for (int k = 0; k < numbers.length; k++) {
                sum += s == 0 ? 1 : 1 / Math.pow(k + 1, s);
                cdf[k] = sum;
            }
            for (int k = 0; k < cdf.length; k++) {
                cdf[k] /= sum;
            }
        }

        int pick(Random random) {
            int i = Arrays.binarySearch(cdf, random.nextDouble());
            return Math.min(i < 0 ? -i - 1 : i, numbers.length - 1);
        }

        String account(Random random) {
            return numbers[pick(random)];
        }

        /** Two different accounts, both by the Zipf choice. */
        String[] pair(Random random) {
            int a = pick(random);
            int b = pick(random);
            while (b == a) {
                b = pick(random);
            }
            return new String[] {numbers[a], numbers[b]};
        }

        /** Opens {@code count} accounts, in parallel, each with a large balance (withdrawals and transfers never run dry). */
        static Workload open(int count) throws Exception {
            long base = (System.currentTimeMillis() / 1000 % 1_000_000) * 100_000;
            String[] numbers = new String[count];
            for (int k = 0; k < count; k++) {
                numbers[k] = String.format("%012d", base + k + 1);
            }
            long started = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            parallel(Math.min(clients, 16), worker -> {
                try (Http http = new Http()) {
                    for (int k; (k = next.getAndIncrement()) < count; ) {
                        Reply r = http.post(
                                "/accounts",
                                "{\"account_number\":\"" + numbers[k] + "\",\"initial_balance_cents\":"
                                        + INITIAL_BALANCE + ",\"currency\":\"" + CURRENCY + "\"}");
                        if (r.status != 201) {
                            failures.add(numbers[k] + ": " + r.status + " " + r.body);
                        }
                    }
                }
            });
            if (!failures.isEmpty()) {
                throw new IllegalStateException("cannot open accounts: " + failures.get(0));
            }
            say("bench: opened %d accounts in %.1f s", count, (System.nanoTime() - started) / 1e9);
            return new Workload(numbers, zipfS);
        }
    }

    interface Worker {
        void run(int index) throws Exception;
    }

    static void parallel(int threads, Worker worker) throws Exception {
        List<Thread> started = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            worker.run(index);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    },
                    "bench-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            Throwable e = errors.peek();
            throw new IllegalStateException("a worker failed: " + e, e);
        }
    }

    /** Latencies in microseconds, unsorted until asked. */
    static final class Latencies {
        long[] values = new long[1024];
        int size;

        void add(long micros) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = micros;
        }

        void addAll(Latencies other) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i]);
            }
        }

        Map<String, Object> summary() {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", size);
            m.put("p50_ms", percentile(sorted, 50));
            m.put("p95_ms", percentile(sorted, 95));
            m.put("p99_ms", percentile(sorted, 99));
            m.put("max_ms", size == 0 ? null : round2(sorted[size - 1] / 1000.0));
            m.put("mean_ms", size == 0 ? null : round2(Arrays.stream(sorted).average().orElse(0) / 1000.0));
            return m;
        }

        static Double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return null;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return round2(sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1000.0);
        }
    }

    /** What one client saw, per operation. */
    static final class Recorder {
        final Map<String, Latencies> latencies = new TreeMap<>();
        final Map<String, Map<String, Long>> errors = new TreeMap<>();
        final long[] perSecond;

        Recorder(int seconds) {
            perSecond = new long[Math.max(1, seconds + 2)];
        }

        void ok(String op, long micros, double secondInWindow) {
            latencies.computeIfAbsent(op, k -> new Latencies()).add(micros);
            int s = (int) secondInWindow;
            if (s >= 0 && s < perSecond.length) {
                perSecond[s]++;
            }
        }

        void error(String op, String status) {
            errors.computeIfAbsent(op, k -> new TreeMap<>()).merge(status, 1L, Long::sum);
        }
    }

    /** Transfers answered 202: polled in the background until GET /transfers/{id} shows them settled. */
    static final class PendingTransfers implements AutoCloseable {
        record Pending(String id, long repliedAt) {}

        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final Latencies lag = new Latencies();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong unsettled = new AtomicLong();
        final Thread thread;

        PendingTransfers() {
            thread = new Thread(this::poll, "bench-pending");
            thread.setDaemon(true);
            thread.start();
        }

        void add(String id, long repliedAt) {
            queue.add(new Pending(id, repliedAt));
        }

        private void poll() {
            try (Http http = new Http()) {
                List<Pending> open = new ArrayList<>();
                while (!stop.get() || !open.isEmpty() || !queue.isEmpty()) {
                    for (Pending p; (p = queue.poll()) != null; ) {
                        open.add(p);
                    }
                    for (var it = open.iterator(); it.hasNext(); ) {
                        Pending p = it.next();
                        Reply r = http.get("/transfers/" + p.id);
                        String status = r.status == 200 ? field(r.body, "status") : null;
                        if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                            synchronized (lag) {
                                lag.add((System.nanoTime() - p.repliedAt) / 1000);
                            }
                            it.remove();
                        } else if (System.nanoTime() - p.repliedAt > TimeUnit.SECONDS.toNanos(120)) {
                            unsettled.incrementAndGet();
                            it.remove();
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                System.out.println("bench: polling transfers answered 202 stopped: " + e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(150));
        }
    }

    /**
     * Writes answer only once the read models reflect them. This probe checks it from outside: on an
     * account of its own it deposits, then at once reads the balance, and measures how long until the
     * read shows the deposit (0 when the first read does).
     */
    static final class VisibilityProbe implements AutoCloseable {
        final Latencies lag = new Latencies();
        final AtomicLong probes = new AtomicLong();
        final AtomicLong staleFirstReads = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;
        final String account;

        VisibilityProbe() throws IOException {
            account = String.format("%012d", 900_000_000_000L + Math.floorMod(seed, 99_999_999L));
            try (Http http = new Http()) {
                http.post("/accounts", "{\"account_number\":\"" + account + "\",\"currency\":\"" + CURRENCY + "\"}");
            }
            thread = new Thread(this::probe, "bench-probe");
            thread.setDaemon(true);
            thread.start();
        }

        private void probe() {
            try (Http http = new Http()) {
                while (!stop.get()) {
                    Reply w = http.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
                    long replied = System.nanoTime();
                    if (w.status == 200) {
                        String expected = field(w.body, "balance_cents");
                        probes.incrementAndGet();
                        boolean first = true;
                        while (true) {
                            Reply r = http.get("/accounts/" + account + "/balance");
                            if (r.status == 200 && expected.equals(field(r.body, "balance_cents"))) {
                                lag.add(first ? 0 : (System.nanoTime() - replied) / 1000);
                                break;
                            }
                            if (first) {
                                staleFirstReads.incrementAndGet();
                            }
                            first = false;
                            if (System.nanoTime() - replied > TimeUnit.SECONDS.toNanos(30)) {
                                break;
                            }
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                System.out.println("bench: visibility probe stopped: " + e);
            }
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("probes", probes.get());
            m.put("stale_first_reads", staleFirstReads.get());
            m.put("lag", lag.summary());
            return m;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(40));
        }
    }

    /** One operation of the load, sent and recorded; the account choice is the Zipf one. */
    static void operation(String op, Http http, Random random, Workload w, Recorder rec, PendingTransfers pending,
            long windowStart, boolean measured) throws IOException {
        long start = System.nanoTime();
        Reply r;
        switch (op) {
            case "deposit" -> r = http.post("/accounts/" + w.account(random) + "/deposit",
                    "{\"amount_cents\":" + (1 + random.nextInt(1000)) + "}");
            case "withdraw" -> r = http.post("/accounts/" + w.account(random) + "/withdraw",
                    "{\"amount_cents\":" + (1 + random.nextInt(1000)) + "}");
            case "transfer" -> {
                String[] pair = w.pair(random);
                r = http.post("/transfers", "{\"from_account_number\":\"" + pair[0] + "\",\"to_account_number\":\""
                        + pair[1] + "\",\"amount_cents\":" + (1 + random.nextInt(1000)) + "}");
            }
            case "balance" -> r = http.get("/accounts/" + w.account(random) + "/balance");
            case "transactions" -> r = http.get("/accounts/" + w.account(random) + "/transactions?limit=20");
            default -> throw new IllegalArgumentException(op);
        }
        long end = System.nanoTime();
        if (!measured) {
            return;
        }
        boolean ok = r.status == 200 || r.status == 201 || (op.equals("transfer") && r.status == 202);
        if (ok) {
            rec.ok(op, (end - start) / 1000, (start - windowStart) / 1e9);
            if (r.status == 202) {
                rec.error(op, "202 (pending, polled)");
                pending.add(field(r.body, "correlation_id"), end);
            }
        } else {
            rec.error(op, Integer.toString(r.status));
        }
    }

    static Map<String, Object> runLoad(String name, Map<String, Integer> weights, Workload w) throws Exception {
        String[] ops = weights.keySet().toArray(new String[0]);
        int[] cumulative = new int[ops.length];
        int totalWeight = 0;
        for (int i = 0; i < ops.length; i++) {
            totalWeight += weights.get(ops[i]);
            cumulative[i] = totalWeight;
        }
        int total = totalWeight;
        say("");
        say("== %s: %d clients, mix %s, load average %s", name, clients, weights, loadAverage());

        List<Recorder> recorders = Collections.synchronizedList(new ArrayList<>());
        AtomicLong remaining = new AtomicLong(requests);
        long warmupNanos = (long) (warmupS * 1e9);
        long durationNanos = (long) (durationS * 1e9);
        long begin = System.nanoTime();
        long windowStart = begin + warmupNanos;
        long windowEnd = requests > 0 ? Long.MAX_VALUE : windowStart + durationNanos;
        CountDownLatch warmedUp = new CountDownLatch(1);
        Cpu[] cpuStart = new Cpu[1];
        PgSnapshot[] pgStart = new PgSnapshot[1];
        List<Map<String, Object>> metricsStart = new ArrayList<>();
        String[] jfrFile = new String[1];
        Thread marker = new Thread(() -> {
            try {
                long sleep = windowStart - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
                // Counters start with the measured window: warm-up requests are not in them.
                pgStart[0] = PgSnapshot.take(true);
                metricsStart.add(appMetrics());
                cpuStart[0] = Cpu.sample();
                if (jfr) {
                    jfrFile[0] = out.resolve("jfr-" + name + ".jfr").toAbsolutePath().toString();
                    run(List.of("jcmd", Long.toString(appPid), "JFR.start", "name=bench-" + name,
                            "settings=profile", "filename=" + jfrFile[0]), 30);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                warmedUp.countDown();
            }
        });
        marker.start();

        PendingTransfers pending = new PendingTransfers();
        VisibilityProbe probe = weights.containsKey("deposit") || weights.containsKey("withdraw")
                ? new VisibilityProbe()
                : null;
        parallel(clients, index -> {
            Random random = new Random(seed * 31 + index + name.hashCode());
            Recorder rec = new Recorder((int) Math.ceil(requests > 0 ? 3600 : durationS));
            recorders.add(rec);
            try (Http http = new Http()) {
                while (true) {
                    long now = System.nanoTime();
                    boolean measured = now >= windowStart;
                    if (now >= windowEnd) {
                        break;
                    }
                    if (measured && requests > 0 && remaining.getAndDecrement() <= 0) {
                        break;
                    }
                    int pick = random.nextInt(total);
                    int i = 0;
                    while (cumulative[i] <= pick) {
                        i++;
                    }
                    try {
                        operation(ops[i], http, random, w, rec, pending, windowStart, measured);
                    } catch (IOException e) {
                        if (measured) {
                            rec.error(ops[i], "io: " + e.getClass().getSimpleName());
                        }
                    }
                }
            }
        });
        long end = System.nanoTime();
        warmedUp.await();
        Cpu cpuEnd = Cpu.sample();
        PgSnapshot pgAfter = PgSnapshot.take(false);
        Map<String, Object> after = appMetrics();
        if (jfr && jfrFile[0] != null) {
            run(List.of("jcmd", Long.toString(appPid), "JFR.stop", "name=bench-" + name), 60);
        }
        if (probe != null) {
            probe.close();
        }
        pending.close();

        double seconds = (end - windowStart) / 1e9;
        Map<String, Latencies> byOp = new TreeMap<>();
        Map<String, Map<String, Long>> errors = new TreeMap<>();
        Latencies all = new Latencies();
        long[] timeline = new long[(int) Math.ceil(seconds) + 1];
        for (Recorder rec : recorders) {
            rec.latencies.forEach((op, l) -> {
                byOp.computeIfAbsent(op, k -> new Latencies()).addAll(l);
                all.addAll(l);
            });
            rec.errors.forEach((op, m) -> m.forEach((status, n) ->
                    errors.computeIfAbsent(op, k -> new TreeMap<>()).merge(status, n, Long::sum)));
            for (int s = 0; s < timeline.length && s < rec.perSecond.length; s++) {
                timeline[s] += rec.perSecond[s];
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("clients", clients);
        result.put("mix", weights);
        result.put("measured_s", round2(seconds));
        result.put("load_average", loadAverage());
        long okCount = all.size;
        long errorCount = errors.values().stream()
                .flatMap(m -> m.entrySet().stream())
                .filter(e -> !e.getKey().startsWith("202"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        result.put("ok", okCount);
        result.put("errors_total", errorCount);
        result.put("throughput_per_s", round1(okCount / seconds));
        result.put("latency", all.summary());
        Map<String, Object> perOp = new LinkedHashMap<>();
        byOp.forEach((op, l) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("throughput_per_s", round1(l.size / seconds));
            m.putAll(l.summary());
            perOp.put(op, m);
        });
        result.put("operations", perOp);
        result.put("errors_by_status", errors);
        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("note", "Deposits, withdrawals and transfers answered 200 already reflect the write in every"
                + " GET (the reply waits for the read models); only a transfer answered 202 needs polling.");
        Map<String, Object> pendingLag = new LinkedHashMap<>();
        pendingLag.put("answered_202", pending.lag.size + pending.unsettled.get());
        pendingLag.put("unsettled_after_120s", pending.unsettled.get());
        pendingLag.put("until_settled", pending.lag.summary());
        lag.put("transfers_202_until_get_shows_settled", pendingLag);
        if (probe != null) {
            lag.put("deposit_reply_until_balance_shows_it", probe.summary());
        }
        result.put("read_model_lag", lag);
        result.put("timeline_per_s", Arrays.stream(timeline).boxed().toList());
        result.put("cpu", cpuStart[0] == null ? null : cpuEnd.since(cpuStart[0], okCount));
        if (pgStats && dbName != null) {
            result.put("postgresql", pgAfter.since(pgStart[0], okCount));
        }
        result.put("app_metrics", metricsDelta(metricsStart.get(0), after, okCount));
        if (jfr && jfrFile[0] != null) {
            result.put("jfr", Profile.summarise(Path.of(jfrFile[0])));
        }
        printLoad(result);
        return result;
    }

    @SuppressWarnings("unchecked")
    static void printLoad(Map<String, Object> r) {
        Map<String, Object> lat = (Map<String, Object>) r.get("latency");
        say("   throughput %.1f/s  p50 %s ms  p95 %s ms  p99 %s ms  max %s ms  ok %d  errors %d %s",
                r.get("throughput_per_s"), lat.get("p50_ms"), lat.get("p95_ms"), lat.get("p99_ms"),
                lat.get("max_ms"), r.get("ok"), r.get("errors_total"), r.get("errors_by_status"));
        ((Map<String, Object>) r.get("operations")).forEach((op, o) -> {
            Map<String, Object> m = (Map<String, Object>) o;
            say("   %-13s %8.1f/s  p50 %s  p95 %s  p99 %s  max %s ms", op, m.get("throughput_per_s"),
                    m.get("p50_ms"), m.get("p95_ms"), m.get("p99_ms"), m.get("max_ms"));
        });
        say("   cpu %s", r.get("cpu"));
        say("   read-model lag %s", r.get("read_model_lag"));
        if (r.get("postgresql") instanceof Map<?, ?> pg) {
            say("   postgresql: commits/request %s, WAL syncs/request (whole server) %s, statements/request %s",
                    pg.get("commits_per_request"), pg.get("wal_syncs_per_request_server_wide"),
                    pg.get("statements_per_request"));
            if (pg.get("top_statements") instanceof List<?> top) {
                for (Object t : top.subList(0, Math.min(8, top.size()))) {
                    Map<String, Object> s = (Map<String, Object>) t;
                    say("     %6.1f%% %7.2f calls/req %6.3f ms  %s", s.get("share_of_time_percent"),
                            s.get("calls_per_request"), s.get("mean_ms"), s.get("query"));
                }
            }
        }
        say("   app metrics %s", r.get("app_metrics"));
        if (r.get("jfr") instanceof Map<?, ?> j && j.get("top_frames") instanceof List<?> top) {
            say("   jfr: %s execution samples; by area %s", j.get("samples"), j.get("by_area_percent"));
            for (Object t : top.subList(0, Math.min(10, top.size()))) {
                say("     %s", t);
            }
        }
    }

    // ---- the instance's own metrics (Hikari waits, command conflicts) ------------------------------

    static final List<String> METRICS = List.of(
            "hikaricp.connections.acquire",
            "hikaricp.connections.usage",
            "hikaricp.connections.pending",
            "hikaricp.connections.active",
            "bankcore.commands.conflicts",
            "bankcore.commands.retries");

    static Map<String, Object> appMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Http http = new Http()) {
            for (String name : METRICS) {
                Reply r = http.get("/actuator/metrics/" + name);
                if (r.status != 200) {
                    continue;
                }
                Map<String, Double> values = new LinkedHashMap<>();
                int i = 0;
                while ((i = r.body.indexOf("\"statistic\":\"", i)) >= 0) {
                    int s = i + 13;
                    String statistic = r.body.substring(s, r.body.indexOf('"', s));
                    int v = r.body.indexOf("\"value\":", s) + 8;
                    int e = v;
                    while (e < r.body.length() && "0123456789.eE+-".indexOf(r.body.charAt(e)) >= 0) {
                        e++;
                    }
                    values.put(statistic, Double.parseDouble(r.body.substring(v, e)));
                    i = e;
                }
                m.put(name, values);
            }
        } catch (IOException e) {
            m.put("error", e.toString());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metricsDelta(Map<String, Object> before, Map<String, Object> after, long requests) {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Double> a0 = (Map<String, Double>) before.getOrDefault("hikaricp.connections.acquire", Map.of());
        Map<String, Double> a1 = (Map<String, Double>) after.getOrDefault("hikaricp.connections.acquire", Map.of());
        double count = a1.getOrDefault("COUNT", 0.0) - a0.getOrDefault("COUNT", 0.0);
        double total = a1.getOrDefault("TOTAL_TIME", 0.0) - a0.getOrDefault("TOTAL_TIME", 0.0);
        if (count > 0) {
            d.put("pool_acquires_per_request", round2(count / Math.max(1, requests)));
            d.put("pool_acquire_mean_ms", round2(total / count * 1000));
            d.put("pool_acquire_wait_ms_per_request", round2(total * 1000 / Math.max(1, requests)));
            d.put("pool_acquire_max_ms_recent", round2(a1.getOrDefault("MAX", 0.0) * 1000));
        }
        Map<String, Double> u0 = (Map<String, Double>) before.getOrDefault("hikaricp.connections.usage", Map.of());
        Map<String, Double> u1 = (Map<String, Double>) after.getOrDefault("hikaricp.connections.usage", Map.of());
        double uc = u1.getOrDefault("COUNT", 0.0) - u0.getOrDefault("COUNT", 0.0);
        if (uc > 0) {
            d.put("pool_connection_held_mean_ms",
                    round2((u1.getOrDefault("TOTAL_TIME", 0.0) - u0.getOrDefault("TOTAL_TIME", 0.0)) / uc * 1000));
        }
        for (String counter : List.of("bankcore.commands.conflicts", "bankcore.commands.retries")) {
            Map<String, Double> c0 = (Map<String, Double>) before.getOrDefault(counter, Map.of());
            Map<String, Double> c1 = (Map<String, Double>) after.getOrDefault(counter, Map.of());
            if (!c1.isEmpty()) {
                d.put(counter, Math.round(c1.getOrDefault("COUNT", 0.0) - c0.getOrDefault("COUNT", 0.0)));
            }
        }
        return d;
    }

    // ---- PostgreSQL's view: statements, commits, WAL syncs -----------------------------------------

    record PgSnapshot(long commits, long walSyncs, long walWrites, boolean statements) {

        static PgSnapshot take(boolean reset) {
            if (!pgStats || dbName == null) {
                return new PgSnapshot(0, 0, 0, false);
            }
            String[] db = sql(dbName, "select xact_commit from pg_stat_database where datname = current_database()")
                    .trim().split("\\|");
            String[] wal = sql(dbName, "select wal_sync, wal_write from pg_stat_wal").trim().split("\\|");
            boolean statements = true;
            if (reset) {
                String ext = sql(dbName, "create extension if not exists pg_stat_statements; "
                        + "select pg_stat_statements_reset(0, (select oid from pg_database where datname ="
                        + " current_database()), 0)");
                statements = !ext.contains("ERROR");
            }
            return new PgSnapshot(parseLong(db[0]), parseLong(wal[0]), wal.length > 1 ? parseLong(wal[1]) : 0,
                    statements);
        }

        Map<String, Object> since(PgSnapshot start, long requests) {
            Map<String, Object> m = new LinkedHashMap<>();
            double n = Math.max(1, requests);
            m.put("commits_per_request", round2((commits - start.commits) / n));
            m.put("wal_syncs_per_request_server_wide", round2((walSyncs - start.walSyncs) / n));
            m.put("note", "commits are this database's; WAL syncs are the whole server's (other databases too)."
                    + " Statements include the read-after-write polls and the event processors' work.");
            if (start.statements) {
                String rows = sql(dbName, "select calls, round(total_exec_time::numeric, 2),"
                        + " round(mean_exec_time::numeric, 4), rows, regexp_replace(query, '\\s+', ' ', 'g')"
                        + " from pg_stat_statements where dbid = (select oid from pg_database where datname ="
                        + " current_database()) and query not like '%pg_stat_statements%'"
                        + " order by total_exec_time desc");
                List<Map<String, Object>> top = new ArrayList<>();
                double totalMs = 0;
                long calls = 0;
                for (String row : rows.split("\n")) {
                    String[] f = row.split("\\|", 5);
                    if (f.length < 5) {
                        continue;
                    }
                    totalMs += Double.parseDouble(f[1]);
                    calls += Long.parseLong(f[0]);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("calls", Long.parseLong(f[0]));
                    s.put("calls_per_request", round2(Long.parseLong(f[0]) / n));
                    s.put("total_ms", Double.parseDouble(f[1]));
                    s.put("mean_ms", Double.parseDouble(f[2]));
                    s.put("rows", Long.parseLong(f[3]));
                    s.put("query", f[4].length() > 160 ? f[4].substring(0, 160) + "…" : f[4]);
                    top.add(s);
                }
                for (Map<String, Object> s : top) {
                    s.put("share_of_time_percent", round1(100 * (Double) s.get("total_ms") / Math.max(0.001, totalMs)));
                }
                m.put("statements_per_request", round2(calls / n));
                m.put("statement_time_ms_per_request", round2(totalMs / n));
                m.put("top_statements", top.subList(0, Math.min(15, top.size())));
            }
            return m;
        }

        static long parseLong(String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    // ---- JFR: where the instance's CPU time goes -----------------------------------------------------

    static final class Profile {

        static final Map<String, String> AREAS = new LinkedHashMap<>();

        static {
            AREAS.put("org.postgresql.", "jdbc driver");
            AREAS.put("com.zaxxer.hikari.", "connection pool");
            AREAS.put("org.hibernate.", "hibernate");
            AREAS.put("jakarta.persistence", "hibernate");
            AREAS.put("com.fasterxml.jackson.", "jackson 2 (axon serializer)");
            AREAS.put("tools.jackson.", "jackson 3 (web)");
            AREAS.put("org.axonframework.", "axon");
            AREAS.put("org.apache.catalina.", "tomcat");
            AREAS.put("org.apache.coyote.", "tomcat");
            AREAS.put("org.apache.tomcat.", "tomcat");
            AREAS.put("org.springframework.", "spring");
            AREAS.put("io.bankcore.", "bankcore");
            AREAS.put("java.", "jdk");
            AREAS.put("javax.", "jdk");
            AREAS.put("jdk.", "jdk");
            AREAS.put("sun.", "jdk");
        }

        static String area(String type) {
            for (var e : AREAS.entrySet()) {
                if (type.startsWith(e.getKey())) {
                    return e.getValue();
                }
            }
            return "other";
        }

        /** Top frames by samples; samples by area of the first non-JDK frame (who asked for the work). */
        static Map<String, Object> summarise(Path file) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Long> top = new HashMap<>();
            Map<String, Long> areas = new HashMap<>();
            Map<String, Long> inclusive = new HashMap<>();
            Map<String, Long> parked = new HashMap<>();
            Map<String, Long> monitors = new HashMap<>();
            long samples = 0;
            try (RecordingFile recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    String type = event.getEventType().getName();
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    List<RecordedFrame> frames = stack.getFrames();
                    switch (type) {
                        case "jdk.ExecutionSample" -> {
                            samples++;
                            top.merge(frame(frames.get(0)), 1L, Long::sum);
                            String area = "jdk";
                            for (RecordedFrame f : frames) {
                                String a = area(f.getMethod().getType().getName());
                                if (!a.equals("jdk")) {
                                    area = a;
                                    break;
                                }
                            }
                            areas.merge(area, 1L, Long::sum);
                            java.util.Set<String> seen = new java.util.HashSet<>();
                            for (RecordedFrame f : frames) {
                                seen.add(area(f.getMethod().getType().getName()));
                            }
                            for (String a : seen) {
                                inclusive.merge(a, 1L, Long::sum);
                            }
                        }
                        case "jdk.ThreadPark" -> parked.merge(
                                firstNonJdk(frames), event.getDuration().toNanos() / 1000, Long::sum);
                        case "jdk.JavaMonitorEnter" -> monitors.merge(
                                firstNonJdk(frames), event.getDuration().toNanos() / 1000, Long::sum);
                        default -> {}
                    }
                }
            } catch (IOException e) {
                m.put("error", e.toString());
                return m;
            }
            long n = Math.max(1, samples);
            m.put("file", file.getFileName().toString());
            m.put("samples", samples);
            m.put("by_area_percent", percentages(areas, n));
            m.put("inclusive_area_percent", percentages(inclusive, n));
            m.put("top_frames", topN(top, 25).stream()
                    .map(e -> String.format(Locale.ROOT, "%5.1f%% %s", 100.0 * e.getValue() / n, e.getKey()))
                    .toList());
            m.put("parked_ms_top", topN(parked, 10).stream()
                    .map(e -> String.format(Locale.ROOT, "%.0f ms %s", e.getValue() / 1000.0, e.getKey()))
                    .toList());
            m.put("monitor_blocked_ms_top", topN(monitors, 10).stream()
                    .map(e -> String.format(Locale.ROOT, "%.0f ms %s", e.getValue() / 1000.0, e.getKey()))
                    .toList());
            return m;
        }

        static Map<String, Object> percentages(Map<String, Long> counts, long n) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (var e : topN(counts, 20)) {
                m.put(e.getKey(), round1(100.0 * e.getValue() / n));
            }
            return m;
        }

        static List<Map.Entry<String, Long>> topN(Map<String, Long> counts, int n) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(n)
                    .toList();
        }

        static String frame(RecordedFrame f) {
            return f.getMethod().getType().getName() + "." + f.getMethod().getName();
        }

        static String firstNonJdk(List<RecordedFrame> frames) {
            for (RecordedFrame f : frames) {
                if (!area(f.getMethod().getType().getName()).equals("jdk")) {
                    return frame(f);
                }
            }
            return frame(frames.get(0));
        }
    }

    // ---- history: an old account's deposits against a new one's ------------------------------------

    static Map<String, Object> history() throws Exception {
        say("");
        say("== history: %d prior events on one account, then deposits on it and on a new account, load average %s",
                historyEvents, loadAverage());
        long base = 800_000_000_000L + Math.floorMod(seed, 99_999_999L) * 1000;
        String old = String.format("%012d", base + 1);
        String fresh = String.format("%012d", base + 2);
        try (Http http = new Http()) {
            for (String n : List.of(old, fresh)) {
                Reply r = http.post("/accounts", "{\"account_number\":\"" + n + "\",\"currency\":\"" + CURRENCY + "\"}");
                if (r.status != 201) {
                    throw new IllegalStateException("cannot open " + n + ": " + r.status + " " + r.body);
                }
            }
        }
        // Commands on one account run one at a time in the instance; a few clients keep it busy.
        long started = System.nanoTime();
        AtomicLong left = new AtomicLong(historyEvents);
        AtomicLong failed = new AtomicLong();
        parallel(Math.min(clients, 8), t -> {
            try (Http http = new Http()) {
                while (left.getAndDecrement() > 0) {
                    if (http.post("/accounts/" + old + "/deposit", "{\"amount_cents\":1}").status != 200) {
                        failed.incrementAndGet();
                    }
                }
            }
        });
        double buildS = (System.nanoTime() - started) / 1e9;
        say("   built %d events in %.1f s (%.0f/s on one account), %d failed", historyEvents, buildS,
                historyEvents / buildS, failed.get());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("prior_events", historyEvents);
        result.put("build_s", round1(buildS));
        result.put("build_per_s_one_account", round1(historyEvents / buildS));
        result.put("build_failures", failed.get());
        // Sequential: one client alternates between the old and the new account so drift hits both alike.
        Latencies oldLat = new Latencies();
        Latencies freshLat = new Latencies();
        try (Http http = new Http()) {
            for (int i = 0; i < 20; i++) { // warm both paths
                http.post("/accounts/" + old + "/deposit", "{\"amount_cents\":1}");
                http.post("/accounts/" + fresh + "/deposit", "{\"amount_cents\":1}");
            }
            for (int i = 0; i < historySamples; i++) {
                for (String n : i % 2 == 0 ? List.of(old, fresh) : List.of(fresh, old)) {
                    long t0 = System.nanoTime();
                    Reply r = http.post("/accounts/" + n + "/deposit", "{\"amount_cents\":1}");
                    long us = (System.nanoTime() - t0) / 1000;
                    if (r.status == 200) {
                        (n.equals(old) ? oldLat : freshLat).add(us);
                    }
                }
            }
        }
        result.put("sequential", compare(oldLat, freshLat));
        say("   sequential: old %s", ((Map<?, ?>) result.get("sequential")).get("old_account"));
        say("               new %s", ((Map<?, ?>) result.get("sequential")).get("new_account"));
        say("               ratio old/new p50 %s, p99 %s", ((Map<?, ?>) result.get("sequential")).get("ratio_p50"),
                ((Map<?, ?>) result.get("sequential")).get("ratio_p99"));
        // Under load: background clients deposit on other accounts while one client alternates as above.
        Workload w = Workload.open(Math.min(accounts, 200));
        Latencies oldLoad = new Latencies();
        Latencies freshLoad = new Latencies();
        AtomicBoolean stop = new AtomicBoolean();
        Thread measurer = new Thread(() -> {
            try (Http http = new Http()) {
                Thread.sleep((long) (warmupS * 1000));
                for (int i = 0; i < historySamples && !stop.get(); i++) {
                    for (String n : i % 2 == 0 ? List.of(old, fresh) : List.of(fresh, old)) {
                        long t0 = System.nanoTime();
                        Reply r = http.post("/accounts/" + n + "/deposit", "{\"amount_cents\":1}");
                        long us = (System.nanoTime() - t0) / 1000;
                        if (r.status == 200) {
                            (n.equals(old) ? oldLoad : freshLoad).add(us);
                        }
                    }
                }
            } catch (Exception e) {
                System.out.println("bench: history measurer stopped: " + e);
            } finally {
                stop.set(true);
            }
        });
        measurer.start();
        int background = Math.max(1, clients - 2);
        parallel(background, index -> {
            Random random = new Random(seed + index);
            try (Http http = new Http()) {
                while (!stop.get()) {
                    http.post("/accounts/" + w.account(random) + "/deposit", "{\"amount_cents\":1}");
                }
            }
        });
        measurer.join();
        result.put("under_load_background_clients", background);
        result.put("under_load", compare(oldLoad, freshLoad));
        say("   under load (%d background clients): old %s", background, ((Map<?, ?>) result.get("under_load"))
                .get("old_account"));
        say("               new %s", ((Map<?, ?>) result.get("under_load")).get("new_account"));
        say("               ratio old/new p50 %s, p99 %s", ((Map<?, ?>) result.get("under_load")).get("ratio_p50"),
                ((Map<?, ?>) result.get("under_load")).get("ratio_p99"));
        return result;
    }

    static Map<String, Object> compare(Latencies old, Latencies fresh) {
        Map<String, Object> o = old.summary();
        Map<String, Object> f = fresh.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old_account", o);
        m.put("new_account", f);
        m.put("ratio_p50", ratio(o.get("p50_ms"), f.get("p50_ms")));
        m.put("ratio_p99", ratio(o.get("p99_ms"), f.get("p99_ms")));
        m.put("ratio_mean", ratio(o.get("mean_ms"), f.get("mean_ms")));
        return m;
    }

    static Double ratio(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && y.doubleValue() > 0) {
            return Math.round(x.doubleValue() / y.doubleValue() * 1000) / 1000.0;
        }
        return null;
    }

    // ---- replay of the read models (when the instance offers it) -------------------------------------

    static Map<String, Object> replay() throws Exception {
        say("");
        say("== replay: POST /admin/replay, then GET /admin/replay until done, load average %s", loadAverage());
        Map<String, Object> result = new LinkedHashMap<>();
        try (Http http = new Http()) {
            Reply start = http.post("/admin/replay", "{}");
            result.put("start_status", start.status);
            if (start.status == 404 || start.status == 405) {
                result.put("skipped", "POST /admin/replay answered " + start.status
                        + ": this build has no replay endpoint");
                say("   skipped: POST /admin/replay answered %d (this build has no replay endpoint)", start.status);
                return result;
            }
            result.put("start_body", start.body);
            if (start.status >= 300) {
                say("   refused: %d %s", start.status, start.body);
                return result;
            }
            long deadline = System.nanoTime() + (long) (replayTimeoutS * 1e9);
            Reply last = start;
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                last = http.get("/admin/replay");
                if (last.status != 200 || finished(last.body)) {
                    break;
                }
            }
            result.put("final_status", last.status);
            result.put("final_body", last.body);
            String eps = field(last.body, "events_per_second");
            result.put("events_per_second", eps == null || eps.equals("null") ? null : Double.parseDouble(eps));
            say("   %d %s", last.status, last.body);
        }
        return result;
    }

    /** Done when the status says so; the endpoint's exact vocabulary is read loosely. */
    static boolean finished(String body) {
        String status = field(body, "status");
        String state = field(body, "state");
        String running = field(body, "running");
        for (String s : new String[] {status, state}) {
            if (s != null && List.of("DONE", "COMPLETED", "FINISHED", "IDLE", "FAILED", "SUCCEEDED")
                    .contains(s.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return "false".equals(running);
    }

    // ---- the baseline: the same operations as plain SQL transactions, with pgbench -------------------

    static Map<String, Object> baseline() throws Exception {
        say("");
        Map<String, Object> result = new LinkedHashMap<>();
        if (baselineDb == null) {
            result.put("skipped", "no --baseline-db");
            say("== baseline: skipped (no --baseline-db)");
            return result;
        }
        String version = run(List.of(pgbench, "--version"), 10).trim();
        if (!version.startsWith("pgbench")) {
            result.put("skipped", "pgbench not found (" + pgbench + "); install postgresql-client");
            say("== baseline: skipped: pgbench not found (%s)", pgbench);
            return result;
        }
        say("== baseline: the same operations as one plain SQL transaction each, %s, %d clients, load average %s",
                version, clients, loadAverage());
        result.put("pgbench", version);
        result.put("database", baselineDb);
        String setup = "drop table if exists bench_account, bench_ledger;"
                + " create table bench_account (account_number text primary key, balance_cents bigint not null,"
                + " currency char(3) not null, last_sequence bigint not null default 0);"
                + " create table bench_ledger (entry_id uuid primary key default gen_random_uuid(),"
                + " account_number text not null, entry_type text not null, amount_cents bigint not null,"
                + " currency char(3) not null, correlation_id uuid, counterparty text,"
                + " occurred_at timestamptz not null default now());"
                + " create index on bench_ledger (account_number, occurred_at);"
                + " insert into bench_account select lpad(i::text, 12, '0'), " + INITIAL_BALANCE
                + ", 'BRL' from generate_series(1, " + accounts + ") i;"
                + " analyze bench_account;";
        String setupOut = sql(baselineDb, setup);
        if (setupOut.contains("ERROR")) {
            throw new IllegalStateException("baseline setup: " + setupOut);
        }
        // pgbench's random_zipfian needs s > 1; otherwise uniform. Same accounts, same clients.
        String pick = zipfS > 1.0
                ? "random_zipfian(1, " + accounts + ", " + zipfS + ")"
                : "random(1, " + accounts + ")";
        if (zipfS > 0 && zipfS <= 1.0) {
            result.put("note", "pgbench's Zipf needs s > 1: the baseline chose accounts uniformly");
        }
        String deposit = "\\set a " + pick + "\n"
                + "\\set amt random(1, 1000)\n"
                + "BEGIN;\n"
                + "UPDATE bench_account SET balance_cents = balance_cents + :amt, last_sequence = last_sequence + 1"
                + " WHERE account_number = lpad(:a::text, 12, '0');\n"
                + "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency)"
                + " VALUES (lpad(:a::text, 12, '0'), 'DEPOSIT', :amt, 'BRL');\n"
                + "END;\n";
        // Locks taken in account order, as any correct implementation would, so the baseline never deadlocks.
        String transfer = "\\set a " + pick + "\n"
                + "\\set b " + pick + "\n"
                + "\\set b CASE WHEN :a = :b THEN 1 + :a % " + accounts + " ELSE :b END\n"
                + "\\set lo least(:a, :b)\n"
                + "\\set hi greatest(:a, :b)\n"
                + "\\set amt random(1, 1000)\n"
                + "\\set dlo CASE WHEN :lo = :a THEN -:amt ELSE :amt END\n"
                + "BEGIN;\n"
                + "UPDATE bench_account SET balance_cents = balance_cents + :dlo::bigint,"
                + " last_sequence = last_sequence + 1 WHERE account_number = lpad(:lo::text, 12, '0');\n"
                + "UPDATE bench_account SET balance_cents = balance_cents - :dlo::bigint,"
                + " last_sequence = last_sequence + 1 WHERE account_number = lpad(:hi::text, 12, '0');\n"
                + "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency, correlation_id,"
                + " counterparty) VALUES (lpad(:a::text, 12, '0'), 'TRANSFER_OUT', :amt, 'BRL',"
                + " '00000000-0000-0000-0000-000000000001', lpad(:b::text, 12, '0'));\n"
                + "INSERT INTO bench_ledger (account_number, entry_type, amount_cents, currency, correlation_id,"
                + " counterparty) VALUES (lpad(:b::text, 12, '0'), 'TRANSFER_IN', :amt, 'BRL',"
                + " '00000000-0000-0000-0000-000000000001', lpad(:a::text, 12, '0'));\n"
                + "END;\n";
        result.put("transfer_script", transfer);
        for (var op : List.of(Map.entry("deposit", deposit), Map.entry("transfer", transfer))) {
            result.put(op.getKey(), pgbenchRun(op.getKey(), op.getValue()));
        }
        sql(baselineDb, "drop table if exists bench_account, bench_ledger");
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> pgbenchRun(String name, String script) throws Exception {
        Path dir = out.resolve("pgbench-" + name).toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".sql");
        Files.writeString(file, script);
        int seconds = (int) Math.max(1, Math.round(requests > 0 ? 0 : durationS));
        List<String> command = new ArrayList<>(List.of(
                pgbench, "-n", "-M", "prepared", "-h", pgHost, "-p", Integer.toString(pgPort), "-U", pgUser,
                "-c", Integer.toString(clients), "-j", "2", "-f", file.toString(), "-l", "--log-prefix",
                dir.resolve("log").toString()));
        if (requests > 0) {
            command.addAll(List.of("-t", Long.toString(Math.max(1, requests / clients))));
        } else {
            command.addAll(List.of("-T", Integer.toString(seconds)));
        }
        command.add(baselineDb);
        // Warm-up, unlogged: the same script for the warm-up time.
        if (warmupS >= 1) {
            run(List.of(pgbench, "-n", "-M", "prepared", "-h", pgHost, "-p", Integer.toString(pgPort), "-U", pgUser,
                    "-c", Integer.toString(clients), "-j", "2", "-f", file.toString(), "-T",
                    Integer.toString((int) warmupS), baselineDb), (int) warmupS + 60);
        }
        // PostgreSQL's backends for pgbench's connections exit when it ends, and their CPU time with
        // them: sample inside the run, a second after its start and a second before its end.
        Cpu[] window = new Cpu[2];
        Thread sampler = new Thread(() -> {
            try {
                Thread.sleep(1000);
                window[0] = Cpu.sample();
                if (requests == 0 && seconds > 3) {
                    Thread.sleep((seconds - 2) * 1000L);
                    window[1] = Cpu.sample();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sampler.start();
        String output = run(command, seconds + 300);
        sampler.join();
        Cpu start = window[0];
        Cpu end = window[1];
        Files.writeString(dir.resolve("output.txt"), output);
        Map<String, Object> m = new LinkedHashMap<>();
        Latencies lat = new Latencies();
        long failed = 0;
        try (var files = Files.list(dir)) {
            for (Path log : (Iterable<Path>) files::iterator) {
                if (!log.getFileName().toString().startsWith("log")) {
                    continue;
                }
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    if (f.length >= 3) {
                        if (f[2].equals("failed") || f[2].equals("skipped")) {
                            failed++;
                        } else {
                            lat.add(Long.parseLong(f[2]));
                        }
                    }
                }
                Files.delete(log);
            }
        }
        String tps = output.lines().filter(l -> l.startsWith("tps =")).findFirst().orElse("");
        m.put("throughput_per_s", tps.isEmpty() ? null : round1(Double.parseDouble(tps.split("\\s+")[2])));
        m.put("latency", lat.summary());
        m.put("failed", failed);
        m.put("load_average", loadAverage());
        m.put("cpu", start == null || end == null ? null : end.since(start));
        Map<String, Object> l = (Map<String, Object>) m.get("latency");
        say("   %-9s %8s/s  p50 %s ms  p95 %s ms  p99 %s ms  max %s ms  failed %d", name, m.get("throughput_per_s"),
                l.get("p50_ms"), l.get("p95_ms"), l.get("p99_ms"), l.get("max_ms"), failed);
        if (m.get("throughput_per_s") == null) {
            say("   pgbench said: %s", output.length() > 1500 ? output.substring(0, 1500) + "…" : output);
        }
        return m;
    }

    // ---- ratios to the baseline ---------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> ratios() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!(results.get("baseline") instanceof Map<?, ?> b) || b.containsKey("skipped")) {
            return m;
        }
        say("");
        say("== bankcore as a ratio of the plain SQL baseline (same server, same clients)");
        for (Map<String, Object> s : scenarioResults) {
            String name = (String) s.get("name");
            if (!b.containsKey(name)) {
                continue;
            }
            Map<String, Object> base = (Map<String, Object>) b.get(name);
            Map<String, Object> bl = (Map<String, Object>) base.get("latency");
            Map<String, Object> sl = (Map<String, Object>) s.get("latency");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("throughput", ratio(s.get("throughput_per_s"), base.get("throughput_per_s")));
            r.put("p50", ratio(sl.get("p50_ms"), bl.get("p50_ms")));
            r.put("p99", ratio(sl.get("p99_ms"), bl.get("p99_ms")));
            m.put(name, r);
            say("   %-9s throughput %s of the baseline's (%s/s vs %s/s); p50 %sx, p99 %sx the baseline's", name,
                    r.get("throughput"), s.get("throughput_per_s"), base.get("throughput_per_s"), r.get("p50"),
                    r.get("p99"));
        }
        return m;
    }

    // ---- output: JSON and an HTML page with inline SVG ---------------------------------------------

    static final class Json {
        static String write(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, 0);
            return sb.toString();
        }

        static void write(StringBuilder sb, Object v, int indent) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String s) {
                quote(sb, s);
            } else if (v instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else if (v instanceof Map<?, ?> map) {
                sb.append('{');
                boolean first = true;
                for (var e : map.entrySet()) {
                    sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                    quote(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), indent + 1);
                    first = false;
                }
                sb.append(first ? "}" : "\n" + "  ".repeat(indent) + "}");
            } else if (v instanceof List<?> list) {
                boolean simple = list.stream().allMatch(x -> x instanceof Number);
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(simple ? ", " : ",");
                    }
                    if (!simple) {
                        sb.append('\n').append("  ".repeat(indent + 1));
                    }
                    write(sb, list.get(i), indent + 1);
                }
                if (!simple && !list.isEmpty()) {
                    sb.append('\n').append("  ".repeat(indent));
                }
                sb.append(']');
            } else {
                quote(sb, v.toString());
            }
        }

        static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }

    static final class Html {

        @SuppressWarnings("unchecked")
        static String render(Map<String, Object> r) {
            StringBuilder h = new StringBuilder();
            h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>bankcore benchmark</title><style>")
                    .append("body{font:14px system-ui,sans-serif;margin:24px;max-width:1100px}")
                    .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;")
                    .append("padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}")
                    .append("pre{background:#f8f8f8;padding:8px;overflow:auto;font-size:12px}")
                    .append("</style></head><body><h1>bankcore benchmark</h1>");
            Map<String, Object> env = (Map<String, Object>) r.getOrDefault("environment", Map.of());
            h.append("<p>").append(esc(String.valueOf(r.get("started_at")))).append(" &middot; ")
                    .append(esc(env.get("cores") + " cores, " + env.get("cpu_model") + ", " + env.get("memory_total")))
                    .append(" &middot; commit ").append(esc(String.valueOf(env.get("git_commit"))))
                    .append(Boolean.TRUE.equals(env.get("git_dirty")) ? " (with local changes)" : "")
                    .append(" &middot; load average before ").append(esc(String.valueOf(env.get("load_average_before"))))
                    .append(", after ").append(esc(String.valueOf(r.get("load_average_after")))).append("</p>");
            if (r.get("error") != null) {
                h.append("<p><b>The run failed:</b> ").append(esc(String.valueOf(r.get("error")))).append("</p>");
            }
            List<Map<String, Object>> scenarios = (List<Map<String, Object>>) r.getOrDefault("scenarios", List.of());
            Map<String, Object> base = r.get("baseline") instanceof Map<?, ?> b && !b.containsKey("skipped")
                    ? (Map<String, Object>) b
                    : Map.of();
            h.append("<h2>Throughput and latency</h2><table><tr><th>scenario</th><th>throughput /s</th><th>p50 ms</th>")
                    .append("<th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th><th>load avg</th>")
                    .append("<th>app CPU % of a core</th><th>PG CPU %</th><th>generator CPU %</th></tr>");
            List<String[]> bars = new ArrayList<>();
            for (Map<String, Object> s : scenarios) {
                row(h, (String) s.get("name"), s, (Map<String, Object>) s.get("cpu"));
                bars.add(new String[] {(String) s.get("name"), String.valueOf(s.get("throughput_per_s")), "#3572b0"});
                if (base.get(s.get("name")) instanceof Map<?, ?> bs) {
                    row(h, s.get("name") + " (SQL baseline)", (Map<String, Object>) bs,
                            (Map<String, Object>) ((Map<String, Object>) bs).get("cpu"));
                    bars.add(new String[] {s.get("name") + " baseline", String.valueOf(bs.get("throughput_per_s")),
                        "#999"});
                }
            }
            h.append("</table>");
            h.append(barChart("Throughput (requests/s)", bars));
            h.append(latencyChart(scenarios, base));
            for (Map<String, Object> s : scenarios) {
                h.append(timeline((String) s.get("name"), (List<Object>) s.get("timeline_per_s")));
            }
            if (r.get("history") instanceof Map<?, ?> hist) {
                h.append("<h2>History: deposit latency, old account vs new</h2><pre>")
                        .append(esc(Json.write(hist))).append("</pre>");
            }
            if (r.get("replay") != null) {
                h.append("<h2>Replay</h2><pre>").append(esc(Json.write(r.get("replay")))).append("</pre>");
            }
            if (r.get("ratios") != null) {
                h.append("<h2>Ratios to the SQL baseline</h2><pre>").append(esc(Json.write(r.get("ratios"))))
                        .append("</pre>");
            }
            h.append("<h2>Everything</h2><pre>").append(esc(Json.write(r))).append("</pre></body></html>\n");
            return h.toString();
        }

        @SuppressWarnings("unchecked")
        static void row(StringBuilder h, String name, Map<String, Object> s, Map<String, Object> cpu) {
            Map<String, Object> l = (Map<String, Object>) s.getOrDefault("latency", Map.of());
            Object errors = s.containsKey("errors_total") ? s.get("errors_total") : s.get("failed");
            h.append("<tr><td>").append(esc(name)).append("</td>");
            for (Object v : new Object[] {
                s.get("throughput_per_s"), l.get("p50_ms"), l.get("p95_ms"), l.get("p99_ms"), l.get("max_ms"), errors,
                s.get("load_average"),
                cpu == null ? null : cpu.get("app_percent_of_core"),
                cpu == null ? null : cpu.get("postgres_percent_of_core"),
                cpu == null ? null : cpu.get("generator_percent_of_core")
            }) {
                h.append("<td>").append(v == null ? "" : esc(String.valueOf(v))).append("</td>");
            }
            h.append("</tr>");
        }

        static String barChart(String title, List<String[]> bars) {
            double max = bars.stream().mapToDouble(b -> parse(b[1])).max().orElse(1);
            int rowH = 22;
            int width = 760;
            StringBuilder s = new StringBuilder("<h2>" + esc(title) + "</h2><svg xmlns=\"http://www.w3.org/2000/svg\""
                    + " width=\"" + width + "\" height=\"" + (bars.size() * rowH + 10) + "\">");
            for (int i = 0; i < bars.size(); i++) {
                double v = parse(bars.get(i)[1]);
                int w = (int) (480 * v / Math.max(1, max));
                int y = i * rowH + 4;
                s.append(String.format(Locale.ROOT,
                        "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text><rect x=\"180\" y=\"%d\" width=\"%d\""
                                + " height=\"16\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%.0f</text>",
                        y + 13, esc(bars.get(i)[0]), y, w, bars.get(i)[2], 186 + w, y + 13, v));
            }
            return s.append("</svg>").toString();
        }

        @SuppressWarnings("unchecked")
        static String latencyChart(List<Map<String, Object>> scenarios, Map<String, Object> base) {
            List<String[]> bars = new ArrayList<>();
            String[] colors = {"#7fb3e6", "#3572b0", "#1d3f63"};
            for (Map<String, Object> s : scenarios) {
                Map<String, Object> l = (Map<String, Object>) s.get("latency");
                String[] keys = {"p50_ms", "p95_ms", "p99_ms"};
                for (int i = 0; i < keys.length; i++) {
                    bars.add(new String[] {s.get("name") + " " + keys[i].substring(0, 3), String.valueOf(l.get(keys[i])),
                        colors[i]});
                }
                if (base.get(s.get("name")) instanceof Map<?, ?> bs) {
                    Map<String, Object> bl = (Map<String, Object>) ((Map<String, Object>) bs).get("latency");
                    bars.add(new String[] {s.get("name") + " baseline p99", String.valueOf(bl.get("p99_ms")), "#999"});
                }
            }
            return barChart("Latency (ms)", bars);
        }

        static String timeline(String name, List<Object> perSecond) {
            if (perSecond == null || perSecond.size() < 2) {
                return "";
            }
            double max = perSecond.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElse(1);
            int w = 760;
            int hgt = 120;
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < perSecond.size() - 1; i++) { // the last second is partial
                double x = 40 + (w - 50) * i / (double) Math.max(1, perSecond.size() - 2);
                double y = hgt - 10 - (hgt - 20) * ((Number) perSecond.get(i)).doubleValue() / Math.max(1, max);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            return "<h3>" + esc(name) + ": completions per second over the measured window</h3>"
                    + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt + "\">"
                    + "<text x=\"0\" y=\"14\" font-size=\"11\">" + (long) max + "</text>"
                    + "<text x=\"0\" y=\"" + (hgt - 10) + "\" font-size=\"11\">0</text>"
                    + "<line x1=\"40\" y1=\"" + (hgt - 10) + "\" x2=\"" + w + "\" y2=\"" + (hgt - 10)
                    + "\" stroke=\"#ccc\"/><polyline fill=\"none\" stroke=\"#3572b0\" points=\"" + points
                    + "\"/></svg>";
        }

        static double parse(String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
