package io.bankcore.app;

import io.bankcore.app.support.PostgresDatabase;
import java.sql.SQLException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit on PostgreSQL with the events in the database's event table (Axon's JDBC engine). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bankcore.snapshot-threshold=3")
@ActiveProfiles("postgres")
class PostgresLedgerAuditTest extends LedgerAuditTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "ledger_audit");
    }

    @Override
    PostgresDatabase database() {
        return database;
    }

    @Override
    long storedEvents() throws SQLException {
        return database.queryLong("select count(*) from domain_event_entry");
    }
}
