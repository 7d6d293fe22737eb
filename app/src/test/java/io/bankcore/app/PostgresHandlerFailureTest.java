package io.bankcore.app;

import io.bankcore.app.support.PostgresDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Failing handlers roll their command back on PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "bankcore.test.poison=true")
@ActiveProfiles("postgres")
class PostgresHandlerFailureTest extends HandlerFailureTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "handler_failure");
    }
}
