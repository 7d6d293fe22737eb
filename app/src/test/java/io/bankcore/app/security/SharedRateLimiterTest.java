package io.bankcore.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.PostgresDatabase;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The shared limiter on a real PostgreSQL database, with clocks the test moves: two limiters on one
 * database stand for two instances.
 */
class SharedRateLimiterTest {

    static PostgresDatabase database;
    static DataSource dataSource;

    private final AtomicLong wallNanos = new AtomicLong(1_767_225_600_000_000_000L);
    private final AtomicLong monotonicNanos = new AtomicLong(5_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return wallNanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    @BeforeAll
    static void migrate() {
        database = PostgresDatabase.create("shared_rate_limit");
        dataSource = new DriverManagerDataSource(database.url(), PostgresDatabase.USER, PostgresDatabase.PASSWORD);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/postgresql", "classpath:db/migration/common")
                .load()
                .migrate();
    }

    /** An exact limiter: every granted request written at once. */
    SharedRateLimiter limiter(DataSource on, double perSecond, double burst) {
        return limiter(on, perSecond, burst, 0);
    }

    SharedRateLimiter limiter(DataSource on, double perSecond, double burst, double unsynchronizedFraction) {
        return new SharedRateLimiter(
                perSecond,
                burst,
                unsynchronizedFraction,
                on,
                Duration.ofSeconds(5),
                registry,
                clock,
                monotonicNanos::get);
    }

    void advance(Duration by) {
        wallNanos.addAndGet(by.toNanos());
        monotonicNanos.addAndGet(by.toNanos());
    }

    @Test
    void two_instances_draw_from_one_bucket_per_client() {
        var a = limiter(dataSource, 5, 10);
        var b = limiter(dataSource, 5, 10);
        List<Boolean> passed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            passed.add((i % 2 == 0 ? a : b).acquire("key:two-instances").isEmpty());
        }
        // The burst of 10 in all, not 10 on each.
        assertThat(passed.stream().filter(p -> p)).hasSize(10);
        assertThat(passed.subList(0, 10)).containsOnly(true);
        assertThat(b.acquire("key:two-instances")).hasValue(1);
        assertThat(a.acquire("key:another-client")).isEmpty();

        advance(Duration.ofSeconds(1)); // five tokens at 5/s, for both
        int more = 0;
        for (int i = 0; i < 10; i++) {
            more += (i % 2 == 0 ? b : a).acquire("key:two-instances").isEmpty() ? 1 : 0;
        }
        assertThat(more).isEqualTo(5);
        assertThat(registry.counter("bankcore.rate.limited").count()).isEqualTo(16);
    }

    @Test
    void with_an_unsynchronized_share_instances_exceed_the_burst_by_at_most_that_share_each_and_repay_it() {
        // 10/s, burst 100, 5 % of it: each instance grants up to 5 requests from its last reading.
        var connections = new Switchable(dataSource);
        var a = limiter(connections, 10, 100, 0.05);
        var b = limiter(connections, 10, 100, 0.05);
        int burst = 0;
        for (int i = 0; i < 200; i++) {
            burst += (i % 2 == 0 ? a : b).acquire("key:delayed").isEmpty() ? 1 : 0;
        }
        assertThat(burst).isBetween(100, 100 + 2 * 5);
        assertThat(connections.opened).as("round trips for 200 checks").isLessThan(60);

        // Ten seconds of a client asking 50 times a second through each instance. What was granted in all
        // stays within one unsynchronized share per instance of burst + rate x time: the excess does not
        // accumulate (what an instance overdrew, the bucket owes, and later requests wait it out).
        int steady = 0;
        for (int step = 0; step < 100; step++) {
            advance(Duration.ofMillis(100));
            for (int i = 0; i < 10; i++) {
                steady += (i % 2 == 0 ? a : b).acquire("key:delayed").isEmpty() ? 1 : 0;
            }
        }
        assertThat(burst + steady).isBetween(100 + 100 - 2 * 5, 100 + 100 + 2 * 5);
    }

    @Test
    void exact_without_an_unsynchronized_share_every_grant_is_a_round_trip() {
        var connections = new Switchable(dataSource);
        var a = limiter(connections, 10, 100, 0.005); // half a request: below one, so exact
        var b = limiter(connections, 10, 100, 0);
        int passed = 0;
        for (int i = 0; i < 200; i++) {
            passed += (i % 2 == 0 ? a : b).acquire("key:exact").isEmpty() ? 1 : 0;
        }
        assertThat(passed).isEqualTo(100);
        // One per grant, one per instance to learn that the bucket is empty, and one that inserted the row
        // (Bucket4j then starts again in a new transaction).
        assertThat(connections.opened).isEqualTo(103);
    }

    @Test
    void a_client_refused_is_told_when_a_request_would_pass() {
        var limiter = limiter(dataSource, 0.5, 1); // one request every two seconds
        assertThat(limiter.acquire("key:slow")).isEmpty();
        assertThat(limiter.acquire("key:slow")).hasValue(2);
        advance(Duration.ofMillis(1_500));
        assertThat(limiter.acquire("key:slow")).hasValue(1);
        advance(Duration.ofMillis(500));
        assertThat(limiter.acquire("key:slow")).isEmpty();
    }

    @Test
    void a_refused_client_is_refused_again_without_a_round_trip_until_a_token_is_due() throws SQLException {
        var limiter = limiter(dataSource, 1, 2);
        assertThat(limiter.acquire("key:skips")).isEmpty();
        assertThat(limiter.acquire("key:skips")).isEmpty();
        assertThat(limiter.acquire("key:skips")).isPresent();
        // The row is gone; the instance still knows the bucket was empty and refuses from that.
        database.execute("DELETE FROM rate_limit_bucket WHERE id = '" + limiter.key("key:skips") + "'");
        assertThat(limiter.acquire("key:skips")).isPresent();
        assertThat(database.queryLong(
                        "SELECT count(*) FROM rate_limit_bucket WHERE id = '" + limiter.key("key:skips") + "'"))
                .isZero();
        advance(Duration.ofSeconds(1));
        assertThat(limiter.acquire("key:skips")).isEmpty();
    }

    @Test
    void the_database_unreachable_each_instance_limits_on_its_own_then_shares_again() {
        var switchable = new Switchable(dataSource);
        var a = limiter(switchable, 5, 10);
        var b = limiter(dataSource, 5, 10);
        for (int i = 0; i < 4; i++) {
            assertThat(a.acquire("key:outage")).isEmpty();
        }
        switchable.down = true;
        // Local buckets are full: the burst passes again, no error; then refused by the local bucket.
        for (int i = 0; i < 10; i++) {
            assertThat(a.acquire("key:outage"))
                    .as("request %d in the outage", i)
                    .isEmpty();
        }
        assertThat(a.acquire("key:outage")).hasValue(1);
        assertThat(switchable.refused)
                .as("one failed try, then local until local-after-failure")
                .isEqualTo(1);
        assertThat(registry.counter("bankcore.rate.limit.fallback").count()).isEqualTo(11);

        switchable.down = false;
        advance(Duration.ofSeconds(4));
        assertThat(a.acquire("key:outage")).as("still local: 4 s of 5").isEmpty();
        assertThat(switchable.refused).isEqualTo(1);
        assertThat(registry.counter("bankcore.rate.limit.fallback").count()).isEqualTo(12);
        advance(Duration.ofSeconds(1));
        // Both buckets are full again. Were a still on its own, a and b would pass 10 each; they share 10.
        int passed = 0;
        for (int i = 0; i < 20; i++) {
            passed += (i % 2 == 0 ? a : b).acquire("key:outage").isEmpty() ? 1 : 0;
        }
        assertThat(passed).isEqualTo(10);
        assertThat(registry.counter("bankcore.rate.limit.fallback").count()).isEqualTo(12);
    }

    @Test
    void the_bucket_id_is_the_principal_and_the_settings_a_long_principal_hashed() throws SQLException {
        var limiter = limiter(dataSource, 5, 10);
        assertThat(limiter.acquire("key:ab12cd")).isEmpty();
        assertThat(database.queryLong("SELECT count(*) FROM rate_limit_bucket WHERE id = 'key:ab12cd|5.0|10.0'"))
                .isEqualTo(1);
        String longSubject = "jwt:" + "s".repeat(3_000);
        assertThat(limiter.acquire(longSubject)).isEmpty();
        assertThat(limiter.key(longSubject)).matches("sha256:[0-9a-f]{64}\\|5\\.0\\|10\\.0");

        // New settings start a bucket of their own, full.
        var changed = limiter(dataSource, 5, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(changed.acquire("key:ab12cd")).isEmpty();
        }
        assertThat(changed.acquire("key:ab12cd")).isPresent();
    }

    @Test
    void idle_buckets_are_purged() throws SQLException {
        var limiter = limiter(dataSource, 5, 10);
        assertThat(limiter.acquire("key:idle")).isEmpty();
        assertThat(limiter.acquire("key:busy")).isEmpty();
        database.execute("UPDATE rate_limit_bucket SET expires_at = 0 WHERE id = '" + limiter.key("key:idle") + "'");
        assertThat(new RateLimitPurge(limiter).purge()).isEqualTo(1);
        assertThat(database.queryLong(
                        "SELECT count(*) FROM rate_limit_bucket WHERE id = '" + limiter.key("key:busy") + "'"))
                .isEqualTo(1);
    }

    /** A data source that can be made unreachable. */
    static final class Switchable extends DelegatingDataSource {
        volatile boolean down;
        int refused;
        int opened;

        Switchable(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                refused++;
                throw new SQLTransientConnectionException("Connection is not available (test outage)");
            }
            opened++;
            return super.getConnection();
        }
    }
}
