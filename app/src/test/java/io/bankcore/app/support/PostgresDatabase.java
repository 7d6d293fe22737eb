package io.bankcore.app.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh PostgreSQL database for one test class, on the server every development and CI machine
 * runs ({@code 127.0.0.1:5432}, trust authentication). Dropped when the JVM exits.
 *
 * <p>When the server is unreachable, tests fail in CI ({@code CI} set) and are skipped with a loud
 * message elsewhere, so a laptop without PostgreSQL can still run the rest of the suite.
 */
public final class PostgresDatabase {

    public static final String HOST_URL = env("BANKCORE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String USER = env("BANKCORE_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("BANKCORE_TEST_PG_PASSWORD", "");

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** Creates a new, empty database named after the test class. */
    public static PostgresDatabase create(String label) {
        String name = ("bankcore_test_" + label + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = admin()) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException unreachable) {
            String message =
                    "PostgreSQL is not reachable at " + HOST_URL + " as " + USER + ": " + unreachable.getMessage();
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        message + " (CI is set, so this test must not be skipped)", unreachable);
            }
            System.err.println("\n*** SKIPPING PostgreSQL test: " + message + " ***\n");
            Assumptions.abort(message);
        }
        var database = new PostgresDatabase(name);
        Runtime.getRuntime().addShutdownHook(new Thread(database::drop));
        return database;
    }

    /** A fresh database for a Spring test context: creates it and points the data source at it. */
    public static PostgresDatabase register(DynamicPropertyRegistry registry, String label) {
        return register(registry, label, "none");
    }

    /** As {@link #register(DynamicPropertyRegistry, String)}, under an authentication mode of the test's. */
    public static PostgresDatabase register(DynamicPropertyRegistry registry, String label, String authMode) {
        var database = create(label);
        // The postgres profile does not start without an explicit mode; tests not about it run open.
        registry.add("bankcore.auth", () -> authMode);
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
        // Spring keeps test contexts cached; idle, they must not hold the server's connections.
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
        return database;
    }

    public String url() {
        return HOST_URL + name;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, PASSWORD);
    }

    /** The first column of the first row of a query, such as a count. */
    public long queryLong(String sql) throws SQLException {
        try (var connection = connect();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs one statement in its own transaction; answers the rows it changed. */
    public int execute(String sql) throws SQLException {
        try (var connection = connect();
                var statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private void drop() {
        try (Connection admin = admin()) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // best effort at JVM exit; databases are uniquely named, so a leftover never disturbs a run
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(HOST_URL + "postgres", USER, PASSWORD);
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
