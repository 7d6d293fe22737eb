package io.bankcore.app;

import io.bankcore.app.support.PostgresDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The look-up routes on PostgreSQL, in a database of its own, with API keys on (tenants). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP)
@ActiveProfiles("postgres")
class PostgresLookupTest extends LookupTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "lookup", "api-key");
    }
}
