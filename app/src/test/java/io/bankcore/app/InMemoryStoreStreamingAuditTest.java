package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.InMemoryEventStore;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.StreamingProcessors;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit with streaming projections on an event store and a token store that are not database tables
 * (Axon's in-memory ones), the read models in PostgreSQL: reading {@code token_entry} instead of asking
 * the processors, the audit would see no token and miss the skipped event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@Import(InMemoryEventStore.class)
class InMemoryStoreStreamingAuditTest extends StreamingAuditTests {

    private static PostgresDatabase database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        database = PostgresDatabase.register(registry, "streaming_audit_memory");
        StreamingProcessors.register(registry);
    }

    @Override
    PostgresDatabase database() {
        return database;
    }

    @AfterEach
    void neither_table_was_the_store() throws Exception {
        assertThat(database.queryLong("select count(*) from domain_event_entry"))
                .isZero();
        assertThat(database.queryLong("select count(*) from token_entry")).isZero();
    }
}
