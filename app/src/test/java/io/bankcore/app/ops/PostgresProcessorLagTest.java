package io.bankcore.app.ops;

import io.bankcore.app.support.PostgresDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Processor lag and health on PostgreSQL, in a database of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ProcessorLagTests.PROPERTIES)
@ActiveProfiles("postgres")
class PostgresProcessorLagTest extends ProcessorLagTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "processor_lag");
    }
}
