package io.bankcore.app;

import io.bankcore.app.support.PostgresDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Batches of the write pipeline on PostgreSQL, where a failed statement aborts the whole transaction. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "bankcore.test.poison=true")
@ActiveProfiles("postgres")
class PostgresPipelineBatchTest extends PipelineBatchTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "pipeline_batch");
    }
}
