package io.bankcore.app;

import org.springframework.boot.test.context.SpringBootTest;

/** Two-phase transfers and the account lifecycle on the embedded default database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:two-phase;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.deadlines.polling-interval=200ms"
        })
class H2TwoPhaseTransferTest extends TwoPhaseTransferTests {}
