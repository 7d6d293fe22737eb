package io.bankcore.app.security;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the shared rate-limit buckets that have stood full for a while, in small batches (a client
 * that comes back gets a new, full bucket: the same thing). Every instance purges; rows another
 * instance is using are skipped. Does nothing without a {@link SharedRateLimiter}.
 */
class RateLimitPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RateLimitPurge.class);
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int BATCH = 1_000;

    private final SharedRateLimiter limiter;
    private ScheduledExecutorService scheduler;

    RateLimitPurge(SharedRateLimiter limiter) {
        this.limiter = limiter;
    }

    /** One pass: batches until one is not full; how many buckets it deleted. */
    int purge() {
        int total = 0;
        int deleted;
        do {
            deleted = limiter.removeExpired(BATCH);
            total += deleted;
        } while (deleted >= BATCH);
        return total;
    }

    private void run() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                log.debug("purged {} idle rate-limit buckets", deleted);
            }
        } catch (RuntimeException failed) {
            log.debug("rate-limit bucket purge failed, will try again: {}", failed.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (limiter == null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "rate-limit-purge");
            thread.setDaemon(true);
            return thread;
        });
        long interval = INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(this::run, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
