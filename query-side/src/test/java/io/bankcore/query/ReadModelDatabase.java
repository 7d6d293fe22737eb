package io.bankcore.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A fresh database holding only the read-model tables, created by the module's own migration scripts (each
 * engine's own where they differ), so the tests exercise the schema that production runs.
 */
abstract class ReadModelDatabase implements AutoCloseable {

    private final JdbcTemplate jdbc;

    private ReadModelDatabase(DataSource dataSource, String vendor) {
        new ResourceDatabasePopulator(
                        new ClassPathResource("db/migration/common/V2__account_read_models.sql"),
                        new ClassPathResource("db/migration/common/V4__transfer_read_model.sql"),
                        new ClassPathResource("db/migration/common/V10__reservations_and_account_lifecycle.sql"),
                        new ClassPathResource("db/migration/" + vendor + "/V16__memos.sql"),
                        new ClassPathResource("db/migration/" + vendor + "/V21__overdraft_limits.sql"),
                        new ClassPathResource("db/migration/" + vendor + "/V24__transfer_batches.sql"))
                .execute(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Deletes every row with plain SQL, so the projection's own reset handler is not needed to clean up. */
    void clear() {
        jdbc.update("DELETE FROM ledger_entry");
        jdbc.update("DELETE FROM account_balance");
    }

    @Override
    public abstract void close();

    static ReadModelDatabase h2() {
        return new H2();
    }

    /**
     * A new database on the PostgreSQL server every development and CI machine runs. When the server is
     * unreachable this fails in CI ({@code CI} set) and aborts with a loud message elsewhere.
     */
    static ReadModelDatabase postgres() {
        return Postgres.create();
    }

    private static final class H2 extends ReadModelDatabase {

        private H2(DriverManagerDataSource dataSource) {
            super(dataSource, "h2");
        }

        H2() {
            this(new DriverManagerDataSource("jdbc:h2:mem:query_side_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        }

        @Override
        public void close() {
            jdbc().execute("SHUTDOWN");
        }
    }

    private static final class Postgres extends ReadModelDatabase {

        static final String HOST_URL = env("BANKCORE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        static final String USER = env("BANKCORE_TEST_PG_USER", "postgres");
        static final String PASSWORD = env("BANKCORE_TEST_PG_PASSWORD", "");

        private final String name;

        private Postgres(String name) {
            super(dataSource(name), "postgresql");
            this.name = name;
        }

        static Postgres create() {
            String name = "bankcore_qs_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection admin = admin();
                    Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            } catch (SQLException unreachable) {
                String message =
                        "PostgreSQL is not reachable at " + HOST_URL + " as " + USER + ": " + unreachable.getMessage();
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException(
                            message + " (CI is set, so this test must not be skipped)", unreachable);
                }
                System.err.println("\n*** SKIPPING PostgreSQL read-model tests: " + message + " ***\n");
                Assumptions.abort(message);
            }
            try {
                return new Postgres(name);
            } catch (RuntimeException migrationFailed) {
                drop(name);
                throw migrationFailed;
            }
        }

        @Override
        public void close() {
            drop(name);
        }

        private static void drop(String name) {
            try (Connection admin = admin();
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException dropFailed) {
                throw new IllegalStateException("could not drop test database " + name, dropFailed);
            }
        }

        private static DataSource dataSource(String name) {
            var dataSource = new DriverManagerDataSource(HOST_URL + name, USER, PASSWORD);
            dataSource.setConnectionProperties(connectionProperties());
            return dataSource;
        }

        private static Connection admin() throws SQLException {
            var properties = connectionProperties();
            properties.setProperty("user", USER);
            properties.setProperty("password", PASSWORD);
            return DriverManager.getConnection(HOST_URL + "postgres", properties);
        }

        private static Properties connectionProperties() {
            var properties = new Properties();
            // An unreachable server should fail the setup in seconds, not hang the build.
            properties.setProperty("connectTimeout", "5");
            return properties;
        }

        private static String env(String key, String fallback) {
            String value = System.getenv(key);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
