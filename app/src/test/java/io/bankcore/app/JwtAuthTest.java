package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.AccountNumbers;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.PostgresDatabase;
import io.bankcore.app.support.TestTokens;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * OAuth2 bearer tokens beside API keys ({@code BANKCORE_AUTH=api-key,jwt}), against an identity
 * provider of the test's own: signature, issuer, audience and expiry are checked, {@code alg: none}
 * never passes, scopes come from {@code scope} or {@code scp}, a tenant from {@code bankcore_tenant}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP)
@ActiveProfiles("postgres")
@ExtendWith(OutputCaptureExtension.class)
class JwtAuthTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry, "auth_jwt", "api-key,jwt");
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;

    Http bearer(String token) {
        return new Http(port, Map.of("Authorization", "Bearer " + token));
    }

    static final String ALL = "accounts:read accounts:write transfers:write";

    @Test
    void a_valid_token_is_a_client_and_its_subject_is_in_every_event_of_a_transfer(CapturedOutput output) {
        var alice = bearer(TestTokens.token("alice", ALL));
        String from = alice.openAccount(1_000);
        String to = alice.openAccount(0);
        var done = alice.post("/transfers", ApiKeyAuthTest.transfer(from, to, 250));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        for (String account : List.of(from, to)) {
            for (JsonNode event : alice.get("/accounts/" + account + "/events").json()) {
                assertThat(event.get("principal").stringValue()).isEqualTo("jwt:alice");
            }
        }
        assertThat(output.getAll()).contains("jwt:alice");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void every_bad_token_is_refused_with_401_on_every_documented_route_and_changes_nothing(CapturedOutput output) {
        var alice = bearer(TestTokens.token("alice", ALL));
        String account = alice.openAccount(500);
        long eventsBefore = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        long keysBefore = jdbc.queryForObject("select count(*) from api_key", Long.class);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "expired",
                TestTokens.token(
                        TestTokens.SIGNING,
                        c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))));
        tokens.put("signed by another key", TestTokens.token(TestTokens.STRANGER, c -> {}));
        tokens.put("another issuer", TestTokens.token(TestTokens.SIGNING, c -> c.issuer("https://evil.example")));
        tokens.put("another audience", TestTokens.token(TestTokens.SIGNING, c -> c.audience("someone-else")));
        tokens.put("alg none", TestTokens.unsigned(c -> {}));
        tokens.put("no subject", TestTokens.token(TestTokens.SIGNING, c -> c.subject(null)));
        tokens.put("not a token", "abc.def.ghi");
        tokens.put(
                "tenant and admin",
                TestTokens.token(
                        TestTokens.SIGNING, c -> c.claim("scope", "admin").claim("bankcore_tenant", "12")));
        tokens.put("tenant not digits", TestTokens.token(TestTokens.SIGNING, c -> c.claim("bankcore_tenant", "ab")));
        for (var token : tokens.entrySet()) {
            for (var response : List.of(
                    bearer(token.getValue()).get("/accounts/" + account + "/balance"),
                    bearer(token.getValue()).post("/accounts/" + account + "/deposit", "{\"amount_cents\":7}"),
                    bearer(token.getValue())
                            .post("/accounts", "{\"account_number\":\"" + AccountNumbers.fresh() + "\"}"))) {
                assertThat(response.status())
                        .as(token.getKey() + ": " + response)
                        .isEqualTo(401);
                assertThat(response.json().get("code").stringValue()).isEqualTo("UNAUTHENTICATED");
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"bankcore\"");
                assertThat(response.body()).doesNotContain(token.getValue());
            }
            assertThat(output.getAll()).as(token.getKey()).doesNotContain(token.getValue());
        }
        assertThat(alice.get("/accounts/" + account + "/balance")
                        .json()
                        .get("balance_cents")
                        .longValue())
                .isEqualTo(500);
    }

    @Test
    void scopes_come_from_scope_or_scp_and_a_missing_one_is_a_403() {
        var reader = bearer(TestTokens.token(
                TestTokens.SIGNING, c -> c.claim("scope", null).claim("scp", List.of("accounts:read"))));
        String account = bearer(TestTokens.token("alice", ALL)).openAccount(10);
        assertThat(reader.get("/accounts/" + account + "/balance").status()).isEqualTo(200);
        var refused = reader.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").stringValue()).isEqualTo("FORBIDDEN");
        assertThat(refused.json().get("detail").stringValue()).contains("'accounts:write'");
        var admin = bearer(TestTokens.token(TestTokens.SIGNING, c -> c.claim("scope", "admin")));
        assertThat(admin.get("/admin/stats").status()).isEqualTo(200);
    }

    @Test
    void a_token_bound_to_a_tenant_sees_only_its_accounts() {
        var everything = bearer(TestTokens.token("ops", ALL));
        String tenant = "8" + AccountNumbers.fresh().substring(5, 8);
        String mine = ApiKeyAuthTest.numberUnder(tenant);
        String theirs = ApiKeyAuthTest.numberUnder("3" + tenant.substring(1));
        assertThat(everything
                        .post("/accounts", "{\"account_number\":\"" + mine + "\"}")
                        .status())
                .isEqualTo(201);
        assertThat(everything
                        .post("/accounts", "{\"account_number\":\"" + theirs + "\"}")
                        .status())
                .isEqualTo(201);
        var bound = bearer(TestTokens.token(
                TestTokens.SIGNING, c -> c.subject("tenant-client").claim("bankcore_tenant", tenant)));
        assertThat(bound.get("/accounts/" + mine + "/balance").status()).isEqualTo(200);
        var hidden = bound.get("/accounts/" + theirs + "/balance");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.json().get("code").stringValue()).isEqualTo("ACCOUNT_NOT_FOUND");
    }

    @Test
    void api_keys_still_work_beside_tokens() {
        var admin = new Http(port, Map.of("Authorization", "Bearer " + ApiKeyAuthTest.BOOTSTRAP));
        assertThat(admin.get("/admin/stats").status()).isEqualTo(200);
        String key = ApiKeyAuthTest.createKey(port, "beside tokens", List.of("accounts:read", "accounts:write"));
        var client = new Http(port, Map.of("Authorization", "Bearer " + key));
        String account = client.openAccount(3);
        assertThat(client.get("/accounts/" + account + "/balance").status()).isEqualTo(200);
    }
}
