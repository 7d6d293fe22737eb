package io.bankcore.app;

import org.springframework.boot.test.context.SpringBootTest;

/** Failing handlers roll their command back on the embedded default database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:handler-failure;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.test.poison=true"
        })
class H2HandlerFailureTest extends HandlerFailureTests {}
