package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.security.LocalRateLimiter;
import io.bankcore.app.security.RateLimiter;
import io.bankcore.app.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per-credential rate limits on the embedded (H2) default: a flooding key is refused with 429, the
 * others go on; the buckets are this instance's own.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:ratelimit;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
            "bankcore.auth=api-key",
            "BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP,
            "bankcore.rate-limit.requests-per-second=2",
            "bankcore.rate-limit.burst=4"
        })
class RateLimitTest {

    @LocalServerPort
    int port;

    @Autowired
    RateLimiter limiter;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void on_h2_each_instance_keeps_its_own_buckets() {
        assertThat(limiter).isInstanceOf(LocalRateLimiter.class);
        assertThat(jdbc.queryForObject(
                        "select count(*) from information_schema.tables where lower(table_name) = 'rate_limit_bucket'",
                        Long.class))
                .isZero();
    }

    @Test
    void a_key_beyond_its_rate_is_refused_with_429_and_changes_nothing_while_others_go_on() {
        String flooding = ApiKeyAuthTest.createKey(port, "flooding", List.of("accounts:read", "accounts:write"));
        String other = ApiKeyAuthTest.createKey(port, "other", List.of("accounts:read", "accounts:write"));
        var client = new Http(port, Map.of("X-API-Key", flooding));
        String account = new Http(port, Map.of("X-API-Key", other)).openAccount(0);

        Http.Response limited = null;
        int passed = 0;
        for (int i = 0; i < 50 && limited == null; i++) {
            var response = client.post("/accounts/" + account + "/deposit", "{\"amount_cents\":1}");
            if (response.status() == 429) {
                limited = response;
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                passed++;
            }
        }
        assertThat(limited).as("a 429 within 50 requests at 2/s, burst 4").isNotNull();
        assertThat(limited.json().get("code").stringValue()).isEqualTo("RATE_LIMITED");
        assertThat(limited.json().get("retryable").booleanValue()).isTrue();
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();

        var mine = new Http(port, Map.of("X-API-Key", other));
        var balance = mine.get("/accounts/" + account + "/balance");
        assertThat(balance.status()).isEqualTo(200);
        // Every deposit that passed is there; the refused one is not.
        assertThat(balance.json().get("balance_cents").longValue()).isEqualTo(passed);
        var metrics = new Http(port, Map.of("X-API-Key", ApiKeyAuthTest.BOOTSTRAP)).get("/actuator/prometheus");
        assertThat(metrics.body()).contains("bankcore_rate_limited_total");
    }
}
