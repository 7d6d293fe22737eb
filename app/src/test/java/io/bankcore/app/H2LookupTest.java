package io.bankcore.app;

import org.springframework.boot.test.context.SpringBootTest;

/** The look-up routes on the embedded default database, with API keys on (tenants). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:lookup;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.auth=api-key",
            "BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP
        })
class H2LookupTest extends LookupTests {}
