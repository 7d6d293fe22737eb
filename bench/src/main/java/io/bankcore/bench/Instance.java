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

    private Instance(
            String url, String host, int port, String database, List<String> command, Process process, Path logFile) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.database = database;
        this.command = command;
        this.process = process;
        this.logFile = logFile;
    }

    static Instance attach(String url) {
        URI u = URI.create(url);
        return new Instance(url, u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), null, List.of(), null, null);
    }

    /** Starts the jar; {@link #awaitHealthy} waits for it. Its output goes to {@code app.log} in {@code out}. */
    static Instance launch(Options o, Path out) throws IOException {
        String database = databaseName(o.databaseUrl);
        List<String> command = new ArrayList<>();
        command.add(o.java);
        command.addAll(List.of(o.jvmFlags.trim().split("\\s+")));
        command.addAll(List.of(
                "-jar",
                o.jar,
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + o.databaseUrl,
                "--server.port=" + o.port,
                "--management.endpoints.web.exposure.include=health,info,metrics"));
        if (o.appArgs.stream().noneMatch(a -> a.startsWith("--bankcore.auth="))) {
            // The postgres profile needs an explicit authentication mode; the bench measures it open
            // unless --app-arg --bankcore.auth=... says otherwise.
            command.add("--bankcore.auth=none");
        }
        command.addAll(o.appArgs);
        Path log = out.resolve("app.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new Instance(
                "http://127.0.0.1:" + o.port, "127.0.0.1", o.port, database, List.copyOf(command), process, log);
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
        return new Http(host, port);
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
                if (http.get("/actuator/health").status() == 200) {
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
