package io.bankcore.app;

import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.TestTokens;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on PostgreSQL with bearer tokens only: every request with a token that has every scope. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresJwtContractTest extends ContractTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "contract_jwt", "jwt");
        TestTokens.register(registry);
    }

    @Override
    Http client(int port) {
        return new Http(
                port,
                Map.of(
                        "Authorization",
                        "Bearer "
                                + TestTokens.token("contract", "accounts:read accounts:write transfers:write admin")));
    }
}
