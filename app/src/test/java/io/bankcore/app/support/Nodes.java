package io.bankcore.app.support;

import io.bankcore.app.BankcoreApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts bankcore instances on a shared PostgreSQL database: in this JVM, or as child processes. */
public final class Nodes {

    private Nodes() {}

    private static List<String> settings(PostgresDatabase database, String nodeId, int port, String... extra) {
        var settings = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + PostgresDatabase.USER,
                "--spring.datasource.password=" + PostgresDatabase.PASSWORD,
                "--server.port=" + port,
                "--bankcore.node-id=" + nodeId));
        // The postgres profile does not start without an explicit mode; open unless the test chose one.
        if (java.util.Arrays.stream(extra).noneMatch(arg -> arg.startsWith("--bankcore.auth="))) {
            settings.add("--bankcore.auth=none");
        }
        return settings;
    }

    /** An instance in this JVM, under its own node id; close it to stop it. */
    public static ConfigurableApplicationContext inProcess(PostgresDatabase database, String nodeId, String... extra) {
        var args = new ArrayList<>(settings(database, nodeId, 0, extra));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(BankcoreApplication.class).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** A child JVM on the test classpath; its output goes to {@code target/nodes/<nodeId>-<n>.log}. */
    public static Process child(PostgresDatabase database, String nodeId, int port, String... extra)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BankcoreApplication.class.getName());
        command.addAll(settings(database, nodeId, port, extra));
        command.addAll(List.of(extra));
        Path logs = Path.of("target", "nodes");
        Files.createDirectories(logs);
        File log = logs.resolve(nodeId + "-" + System.nanoTime() + ".log").toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the instance answers HTTP, or fails after the timeout (or if the process died). */
    public static void awaitUp(Process process, int port, Duration timeout) throws InterruptedException {
        var http = new Http(port);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + " before it was up");
            }
            try {
                if (http.get("/openapi.json").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // connection refused while starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node on port " + port + " not up within " + timeout);
    }
}
