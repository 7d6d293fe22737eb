package io.bankcore.app;

import org.springframework.boot.test.context.SpringBootTest;

/** Batches of the write pipeline on the embedded default database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:pipeline-batch;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.test.poison=true"
        })
class H2PipelineBatchTest extends PipelineBatchTests {}
