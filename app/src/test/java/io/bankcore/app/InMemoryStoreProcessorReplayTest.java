package io.bankcore.app;

import io.bankcore.app.support.InMemoryEventStore;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.sql.SQLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Axon's replay on an event store and a token store that are not database tables (Axon's in-memory
 * ones), the read models in PostgreSQL: a replay that read {@code domain_event_entry} would rebuild
 * empty tables, and every test here would fail.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bankcore.replay.source=event-store", "bankcore.node-id=replay-a"})
@ActiveProfiles("postgres")
@Import(InMemoryEventStore.class)
class InMemoryStoreProcessorReplayTest extends ProcessorReplayTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "processor_replay_memory");
        StreamingProcessors.register(registry);
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
