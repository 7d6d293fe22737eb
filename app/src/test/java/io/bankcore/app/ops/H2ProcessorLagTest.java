package io.bankcore.app.ops;

import org.springframework.boot.test.context.SpringBootTest;

/** Processor lag and health on the embedded database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:processorlag;DB_CLOSE_DELAY=-1", ProcessorLagTests.PROPERTIES})
class H2ProcessorLagTest extends ProcessorLagTests {}
