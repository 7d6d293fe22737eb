package io.bankcore.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The bankcore instance under test: launched from the jar on the given database, or one already running. */
final class Instance {
    final String host;
    final int port;
    /** The database's name when launched (for PostgreSQL's statistics); null for a running instance. */
    final String database;

    private final String url;
    final List<String> command;
    private final Process process;
    private final Path logFile;
    /** Header lines sent with every request to the instance (its credential, with authentication on). */
    private final String headers;

    private Instance(
            String url, String host, int port, String database, List<String> command, Process process, Path logFile) {
        this(url, host, port, database, command, process, logFile, "");
    }

    private Instance(
            String url,
            String host,
            int port,
            String database,
            List<String> command,
            Process process,
            Path logFile,
            String headers) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.database = database;
        this.command = command;
        this.process = process;
        this.logFile = logFile;
        this.headers = headers;
    }

    /** The same instance, every request with these header lines. */
    Instance withHeaders(String lines) {
        return new Instance(url, host, port, database, command, process, logFile, lines);
    }

    static Instance attach(String url) {
        URI u = URI.create(url);
        return new Instance(url, u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), null, List.of(), null, null);
    }

    /** Starts the jar; {@link #awaitHealthy} waits for it. Its output goes to {@code app.log} in {@code out}. */
    static Instance launch(Options o, Path out) throws IOException {
        return launch(o, out, o.port, List.of(), Map.of(), "app.log");
    }

    /** Another instance of the jar on the same database: its port, extra arguments and environment. */
    static Instance launch(
            Options o, Path out, int port, List<String> extraArgs, Map<String, String> environment, String logName)
            throws IOException {
        String database = databaseName(o.databaseUrl);
        List<String> command = new ArrayList<>();
        command.add(o.java);
        command.addAll(List.of(o.jvmFlags.trim().split("\\s+")));
        command.addAll(List.of(
                "-jar",
                o.jar,
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + o.databaseUrl,
                "--server.port=" + port,
                "--management.endpoints.web.exposure.include=health,info,metrics"));
        if (o.appArgs.stream().noneMatch(a -> a.startsWith("--bankcore.auth="))
                && extraArgs.stream().noneMatch(a -> a.startsWith("--bankcore.auth="))) {
            // The postgres profile needs an explicit authentication mode; the bench measures it open
            // unless --app-arg --bankcore.auth=... says otherwise.
            command.add("--bankcore.auth=none");
        }
        command.addAll(o.appArgs);
        command.addAll(extraArgs);
        Path log = out.resolve(logName);
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new Instance(
                "http://127.0.0.1:" + port, "127.0.0.1", port, database, List.copyOf(command), process, log);
    }

    static String databaseName(String jdbcUrl) {
        return jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    boolean launched() {
        return process != null;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    String url() {
        return url;
    }

    Http connect() throws IOException {
        return new Http(host, port, headers);
    }

    void awaitHealthy() throws InterruptedException {
        if (process == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the instance exited with " + process.exitValue() + "; see " + logFile);
            }
            try (Http http = connect()) {
                // Readiness is public whatever the instance's authentication mode.
                if (http.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the instance did not start within 180 s; see " + logFile);
    }

    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("url", url());
        info.put("pid", pid());
        if (pid() > 0) {
            info.put(
                    "jvm",
                    Shell.run(List.of("jcmd", Long.toString(pid()), "VM.version"), 20)
                            .lines()
                            .filter(l -> l.contains("JDK") || l.contains("VM"))
                            .findFirst()
                            .orElse(null));
        }
        return info;
    }
}
