package io.bankcore.command;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a command that lost an optimistic-concurrency race: another instance appended to the same
 * aggregate first, so this append hit the event store's unique key. The aggregate is reloaded on the
 * next attempt (the failed unit of work evicts it from the cache), after an exponential back-off with
 * full jitter. Nothing else is retried: business refusals and a second stream for one id (an account
 * number taken) are final, and so is any other failure.
 */
public class ConflictRetry {

    /** Bounds: attempts in all (the first included), and the back-off's first and largest step. */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        Duration backoff(int failedAttempts) {
            long cap = Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() << Math.min(failedAttempts - 1, 20));
            return Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap + 1));
        }
    }

    /** Told about every conflict; the app counts them in metrics. */
    public interface Observer {

        void conflict(String aggregateId, int attempt);

        void retry(String aggregateId, int attempt);

        void exhausted(String aggregateId, int attempts);

        Observer NONE = new Observer() {
            @Override
            public void conflict(String aggregateId, int attempt) {}

            @Override
            public void retry(String aggregateId, int attempt) {}

            @Override
            public void exhausted(String aggregateId, int attempts) {}
        };
    }

    /** Sleeps between attempts; replaced in tests. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

    /** PostgreSQL's deadlock_detected and serialization_failure. */
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40P01", "40001");

    private final Policy policy;
    private final Observer observer;
    private final Sleeper sleeper;

    public ConflictRetry(Policy policy, Observer observer, Sleeper sleeper) {
        this.policy = policy;
        this.observer = observer;
        this.sleeper = sleeper;
    }

    Policy policy() {
        return policy;
    }

    Observer observer() {
        return observer;
    }

    /**
     * Runs the attempt, again after a conflict. Inside a unit of work already started (a request that
     * an idempotency key wraps), a lost race cannot be retried here: the unit of work holds what the
     * attempt locked and wrote until it ends, so the conflict goes up to whoever started it.
     */
    public <R> R run(String aggregateId, Supplier<R> attempt) {
        return run(() -> aggregateId, attempt);
    }

    /** As {@link #run(String, Supplier)}, for an attempt that learns what it writes as it runs. */
    public <R> R run(Supplier<String> contended, Supplier<R> attempt) {
        if (CurrentUnitOfWork.isStarted()) {
            return attempt.get();
        }
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException failure) {
                if (!isConflict(failure)) {
                    throw failure;
                }
                String aggregateId = contended.get();
                observer.conflict(aggregateId, n);
                log.debug("concurrent update of {} on attempt {} of {}", aggregateId, n, policy.maxAttempts());
                if (n >= policy.maxAttempts()) {
                    observer.exhausted(aggregateId, n);
                    throw new ConcurrentUpdateExhausted(aggregateId, n, failure);
                }
                try {
                    sleeper.sleep(policy.backoff(n));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConcurrentUpdateExhausted(aggregateId, n, failure);
                }
                observer.retry(aggregateId, n + 1);
            }
        }
    }

    /**
     * A lost race, anywhere in the cause chain: an append that lost to another instance, a cycle of
     * aggregate locks in this JVM, or the database's deadlock or serialization failure (two instances
     * moving money between the same accounts in opposite directions). A duplicate stream creation is
     * not one: the account number is taken.
     */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException) {
                return false;
            }
            if (t instanceof ConcurrencyException || t instanceof DeadlockException) {
                return true;
            }
            if (AxonServerErrors.sequenceTaken(t) > 0) {
                // Through Axon Server: another instance appended to the aggregate first.
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && RETRYABLE_SQL_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
