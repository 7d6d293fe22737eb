package io.bankcore.app;

import io.bankcore.app.support.InMemoryEventStore;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.SQLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit with the events in an event store that is not a database table (Axon's in-memory engine),
 * the read models in PostgreSQL: the audit must reach the events through Axon's API, as it does on Axon
 * Server; reading {@code domain_event_entry} it would find the table empty and every test here fail.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bankcore.snapshot-threshold=3")
@ActiveProfiles("postgres")
@Import(InMemoryEventStore.class)
class InMemoryStoreLedgerAuditTest extends LedgerAuditTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "ledger_audit_memory");
    }

    @Autowired
    InMemoryEventStore.Engine engine;

    @Override
    PostgresDatabase database() {
        return database;
    }

    @Override
    long storedEvents() throws SQLException {
        return engine.countBesideEmptyTables(database);
    }
}
