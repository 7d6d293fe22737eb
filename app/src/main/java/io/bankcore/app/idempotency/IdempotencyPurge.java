package io.bankcore.app.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes expired idempotency keys in the background: small batches, each in a short transaction of
 * its own, so the purge never holds many row locks or blocks a request for long. Every instance purges;
 * two purging at once only share the work.
 */
public class IdempotencyPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurge.class);

    private final IdempotencyStore store;
    private final TransactionTemplate transactions;
    private final IdempotencyMetrics metrics;
    private final Duration interval;
    private final int batch;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;

    public IdempotencyPurge(
            IdempotencyStore store,
            TransactionTemplate transactions,
            IdempotencyMetrics metrics,
            Duration interval,
            int batch) {
        this.store = store;
        this.transactions = transactions;
        this.metrics = metrics;
        this.interval = interval;
        this.batch = batch;
    }

    /** One pass: batches until none is full; how many keys it deleted. */
    public int purge() {
        int total = 0;
        int deleted;
        do {
            Integer n = transactions.execute(status -> store.purge(clock.instant(), batch));
            deleted = n == null ? 0 : n;
            total += deleted;
        } while (deleted >= batch);
        metrics.stored(store.count());
        return total;
    }

    private void run() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                log.info("purged {} expired idempotency keys", deleted);
            }
        } catch (RuntimeException failed) {
            log.warn("idempotency key purge failed, will try again: {}", failed.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var thread = new Thread(r, "idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
