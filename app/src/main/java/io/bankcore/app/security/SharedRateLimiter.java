package io.bankcore.app.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.delay.DelayOptimization;
import io.github.bucket4j.distributed.proxy.optimization.skiponzero.SkipSyncOnZeroOptimization;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per credential in PostgreSQL (table {@code rate_limit_bucket}, Bucket4j's
 * select-for-update proxy manager), drawn from by every instance: a client spread over N instances
 * gets the configured rate, not N times it.
 *
 * <p>A check that goes to the database is one short transaction on the application's pool (a
 * {@code SELECT ... FOR UPDATE} of the client's row and its {@code UPDATE}). Concurrent checks of one
 * client on an instance go together, as one transaction, so a flooding client holds at most one
 * connection per instance. A check is decided from the instance's last reading of the bucket, without
 * a round trip, when that reading refuses it (other instances can only have taken tokens since, never
 * added any), and, when {@code unsynchronizedFraction} of the burst is at least one request, when it
 * grants it: the instance then grants up to that many requests from its reading before it writes them
 * back (Bucket4j's delaying optimization; at most a second between writes). N instances may so grant
 * up to N times that many requests beyond the bucket at once; the bucket then goes into debt and later
 * requests wait it out, so over time the rate is exact. With a smaller fraction (or 0), every granted
 * request goes to the database and the limit is exact at every moment.
 *
 * <p>When the database fails a check (unreachable, no connection within the pool's wait, a statement
 * beyond its one-second timeout, any other error), the request is decided by this instance's own
 * bucket ({@link LocalRateLimiter}, the same settings), and so is every request for the next
 * {@code localAfterFailure}; then one request tries the database again while the others still go
 * local. A database outage thus never turns into an error of the limiter: for its length each
 * instance limits on its own, as on H2.
 *
 * <p>The row's id is the client's principal ({@code key:<id>}, {@code jwt:<sub>}, a SHA-256 when
 * long) and the settings, never a credential. A change of settings starts new buckets (full); rows
 * idle past a refill expire and are deleted by {@link #removeExpired(int)}.
 */
public class SharedRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SharedRateLimiter.class);
    /** Tokens per request: buckets count thousandths of a request, so fractional settings stay exact. */
    static final long TOKENS_PER_REQUEST = 1_000;

    static final String TABLE = "rate_limit_bucket";
    private static final int MAX_CLIENTS = 100_000;
    private static final int MAX_PRINCIPAL_IN_KEY = 200;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration KEEP_AFTER_REFILL = Duration.ofMinutes(1);
    private static final Duration MAX_UNSYNCHRONIZED_TIME = Duration.ofSeconds(1);

    private final LocalRateLimiter local;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final BucketConfiguration configuration;
    private final Optimization optimization;
    private final String settingsSuffix;
    private final TimeMeter clock;
    private final LongSupplier nanos;
    private final long localAfterFailureNanos;
    private final Counter limited;
    private final Counter fallbacks;
    private final Map<String, BucketProxy> proxies = new ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** While non-zero, the {@link #nanos} time before which checks go to the local bucket. */
    private volatile long localUntil;

    /**
     * @param clock a wall clock, the same on every instance (Bucket4j refills from its readings, taken on
     *     whichever instance updates the row): {@link TimeMeter#SYSTEM_MILLISECONDS}, or a test's
     * @param unsynchronizedFraction the share of the burst an instance may grant from its last reading of
     *     a bucket before it writes back; below one request, every granted request is written at once
     * @param nanos a monotonic clock for the fallback period on this instance alone
     */
    public SharedRateLimiter(
            double perSecond,
            double burst,
            double unsynchronizedFraction,
            DataSource dataSource,
            Duration localAfterFailure,
            MeterRegistry registry,
            TimeMeter clock,
            LongSupplier nanos) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a shared rate limiter needs a rate");
        }
        this.local = new LocalRateLimiter(perSecond, burst, registry, nanos);
        this.configuration = configuration(perSecond, Math.max(1, burst));
        this.optimization = optimization(Math.max(1, burst), unsynchronizedFraction, clock);
        this.settingsSuffix = "|" + perSecond + "|" + Math.max(1, burst);
        this.clock = clock;
        this.nanos = nanos;
        this.localAfterFailureNanos = localAfterFailure.toNanos();
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL))
                .clientClock(clock)
                .requestTimeout(STATEMENT_TIMEOUT)
                .build();
        this.limited = RateLimiter.limitedCounter(registry);
        this.fallbacks = RateLimiter.fallbackCounter(registry);
    }

    /** {@code burst} requests at once, refilled at {@code perSecond}, continuously (greedy refill). */
    static BucketConfiguration configuration(double perSecond, double burst) {
        long capacity = Math.max(TOKENS_PER_REQUEST, Math.round(burst * TOKENS_PER_REQUEST));
        long nanosPerRequest = Math.max(1, Math.round(1e9 / perSecond));
        return BucketConfiguration.builder()
                .addLimit(limit ->
                        limit.capacity(capacity).refillGreedy(TOKENS_PER_REQUEST, Duration.ofNanos(nanosPerRequest)))
                .build();
    }

    /**
     * Delaying when the unsynchronized share is a request or more (it refuses from the last reading too),
     * else skip-sync-on-zero (refusals only); both batch concurrent checks of a bucket.
     */
    static Optimization optimization(double burst, double unsynchronizedFraction, TimeMeter clock) {
        long unsynchronized = (long) Math.floor(burst * unsynchronizedFraction * TOKENS_PER_REQUEST);
        if (unsynchronized >= TOKENS_PER_REQUEST) {
            return new DelayOptimization(
                    new DelayParameters(unsynchronized, MAX_UNSYNCHRONIZED_TIME),
                    NopeOptimizationListener.INSTANCE,
                    clock);
        }
        return new SkipSyncOnZeroOptimization(NopeOptimizationListener.INSTANCE, clock);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public OptionalLong acquire(String client) {
        long until = localUntil;
        if (until != 0) {
            if (nanos.getAsLong() - until < 0 || !probing.compareAndSet(false, true)) {
                fallbacks.increment();
                return local.acquire(client);
            }
            try {
                OptionalLong answer = shared(client);
                localUntil = 0;
                log.info("rate limits: the shared buckets in PostgreSQL answer again; every instance draws from"
                        + " them");
                return answer;
            } catch (RuntimeException failed) {
                return fallBack(client, failed, false);
            } finally {
                probing.set(false);
            }
        }
        try {
            return shared(client);
        } catch (RuntimeException failed) {
            return fallBack(client, failed, true);
        }
    }

    private OptionalLong shared(String client) {
        ConsumptionProbe probe = proxy(client).tryConsumeAndReturnRemaining(TOKENS_PER_REQUEST);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        limited.increment();
        long nanosToWait = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanosToWait + 999_999_999) / 1_000_000_000));
    }

    private OptionalLong fallBack(String client, RuntimeException failed, boolean wasShared) {
        long until = nanos.getAsLong() + localAfterFailureNanos;
        localUntil = until == 0 ? 1 : until; // 0 means "shared"
        fallbacks.increment();
        if (wasShared) {
            log.warn(
                    "rate limits: the shared buckets in PostgreSQL failed ({}); each instance limits on its own for"
                            + " {} ms, then tries again",
                    rootCause(failed),
                    localAfterFailureNanos / 1_000_000);
        }
        return local.acquire(client);
    }

    /** The bucket proxy of a client, kept: Bucket4j's optimizations live in it. */
    private BucketProxy proxy(String client) {
        String key = key(client);
        BucketProxy proxy = proxies.get(key);
        if (proxy != null) {
            return proxy;
        }
        if (proxies.size() >= MAX_CLIENTS) {
            proxies.clear();
        }
        return proxies.computeIfAbsent(
                key, k -> buckets.builder().withOptimization(optimization).build(k, () -> configuration));
    }

    /** The row's id: the principal (hashed when long) and the settings, so new settings get new buckets. */
    String key(String principal) {
        String who = principal.length() <= MAX_PRINCIPAL_IN_KEY ? principal : "sha256:" + sha256(principal);
        return who + settingsSuffix;
    }

    /** Deletes up to {@code batch} rows whose buckets have been full for a while; how many it deleted. */
    public int removeExpired(int batch) {
        return buckets.removeExpired(batch);
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
