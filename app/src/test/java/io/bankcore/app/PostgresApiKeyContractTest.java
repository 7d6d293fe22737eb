package io.bankcore.app;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on PostgreSQL with API keys on: every request with a key that has every scope. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP)
@ActiveProfiles("postgres")
class PostgresApiKeyContractTest extends ContractTests {

    private static String key;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "contract_keys", "api-key");
    }

    @Override
    Http client(int port) {
        if (key == null) {
            key = ApiKeyAuthTest.createKey(port, "contract", ApiKeyAuthTest.ALL_SCOPES);
        }
        return new Http(port, Map.of("X-API-Key", key));
    }
}
