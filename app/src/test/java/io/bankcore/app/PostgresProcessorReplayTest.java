package io.bankcore.app;

import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import java.sql.SQLException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Axon's replay on PostgreSQL with the events in the database's event table (Axon's JDBC engine). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bankcore.replay.source=event-store", "bankcore.node-id=replay-a"})
@ActiveProfiles("postgres")
class PostgresProcessorReplayTest extends ProcessorReplayTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "processor_replay");
        StreamingProcessors.register(registry);
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
