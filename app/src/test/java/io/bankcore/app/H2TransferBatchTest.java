package io.bankcore.app;

import org.springframework.boot.test.context.SpringBootTest;

/** Atomic batches on the embedded default database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:batch;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE")
class H2TransferBatchTest extends TransferBatchTests {}
