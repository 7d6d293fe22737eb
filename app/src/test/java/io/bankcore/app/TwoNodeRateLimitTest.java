package io.bankcore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.security.RateLimiter;
import io.bankcore.app.security.SharedRateLimiter;
import io.bankcore.app.support.Http;
import io.bankcore.app.support.Nodes;
import io.bankcore.app.support.PostgresDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rate limits across two instances on one PostgreSQL database, 5 requests a second with a burst of 10:
 * one client sending through both gets the shared rate, not twice it.
 */
class TwoNodeRateLimitTest {

    static final double PER_SECOND = 5;
    static final int BURST = 10;

    static PostgresDatabase database;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void start() {
        database = PostgresDatabase.create("two_nodes_rate_limit");
        String[] settings = {
            "--bankcore.auth=api-key",
            "--BANKCORE_BOOTSTRAP_ADMIN_KEY=" + ApiKeyAuthTest.BOOTSTRAP,
            "--bankcore.rate-limit.requests-per-second=" + PER_SECOND,
            "--bankcore.rate-limit.burst=" + BURST,
            "--spring.datasource.hikari.maximum-pool-size=4"
        };
        nodeA = Nodes.inProcess(database, "node-a", settings);
        nodeB = Nodes.inProcess(database, "node-b", settings);
    }

    @AfterAll
    static void stop() {
        for (var node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void on_postgresql_the_buckets_are_shared() {
        assertThat(nodeA.getBean(RateLimiter.class)).isInstanceOf(SharedRateLimiter.class);
        assertThat(nodeB.getBean(RateLimiter.class)).isInstanceOf(SharedRateLimiter.class);
    }

    @Test
    void one_client_spread_over_both_instances_gets_the_shared_rate_not_twice_it() throws Exception {
        int portA = Nodes.port(nodeA);
        int portB = Nodes.port(nodeB);
        String owner = ApiKeyAuthTest.createKey(portA, "owner", List.of("accounts:write"));
        String account = new Http(portB, Map.of("X-API-Key", owner)).openAccount(500);
        String key = ApiKeyAuthTest.createKey(portB, "spread", List.of("accounts:read"));
        var clients = List.of(new Http(portA, Map.of("X-API-Key", key)), new Http(portB, Map.of("X-API-Key", key)));

        // 80 requests, 25 a second, in turns through each instance: five times the rate.
        int[] passed = new int[2];
        var refusals = new ArrayList<Http.Response>();
        int[] refusedOn = new int[2];
        long began = System.nanoTime();
        for (int i = 0; i < 80; i++) {
            var response = clients.get(i % 2).get("/accounts/" + account + "/balance");
            if (response.status() == 429) {
                refusals.add(response);
                refusedOn[i % 2]++;
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                assertThat(response.json().get("balance_cents").longValue()).isEqualTo(500);
                passed[i % 2]++;
            }
            Thread.sleep(40);
        }
        double elapsedSeconds = (System.nanoTime() - began) / 1e9;

        int total = passed[0] + passed[1];
        // At most the burst plus the rate over the time the requests took (the one bucket can hold no
        // more); each instance on its own would have passed about twice that.
        assertThat(total)
                .as("passed %s in %.2f s", total, elapsedSeconds)
                .isGreaterThanOrEqualTo(BURST)
                .isLessThanOrEqualTo((int) Math.floor(BURST + PER_SECOND * elapsedSeconds) + 1);
        assertThat(refusedOn[0]).as("429s from node A").isPositive();
        assertThat(refusedOn[1]).as("429s from node B").isPositive();
        for (var refused : refusals) {
            assertThat(refused.json().get("code").stringValue()).isEqualTo("RATE_LIMITED");
            assertThat(refused.json().get("retryable").booleanValue()).isTrue();
            assertThat(Long.parseLong(refused.header("Retry-After"))).isEqualTo(1L);
        }
    }

    @Test
    void bucket_ids_name_principals_never_a_credential() throws SQLException {
        int port = Nodes.port(nodeA);
        String key = ApiKeyAuthTest.createKey(port, "named", List.of("accounts:read"));
        assertThat(new Http(port, Map.of("X-API-Key", key)).get("/accounts").status())
                .isEqualTo(200);
        List<String> ids = new ArrayList<>();
        try (var connection = database.connect();
                var rows = connection.createStatement().executeQuery("SELECT id FROM rate_limit_bucket")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        // bk_live_<12-character id>_<secret>
        String keyId = key.substring("bk_live_".length(), "bk_live_".length() + 12);
        String secret = key.substring("bk_live_".length() + 13);
        assertThat(ids).isNotEmpty().allMatch(id -> id.startsWith("key:") && id.endsWith("|5.0|10.0"));
        assertThat(ids).noneMatch(id -> id.contains(secret) || id.contains(ApiKeyAuthTest.BOOTSTRAP));
        assertThat(ids).contains("key:" + keyId + "|5.0|10.0");
    }
}
