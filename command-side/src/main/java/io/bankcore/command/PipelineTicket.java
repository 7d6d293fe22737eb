package io.bankcore.command;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.transaction.TransactionStatus;

/** One request's work, its place in the queue and its outcome. */
final class PipelineTicket<R> {

    private static final Object NO_RESULT = new Object();
    /** Set once the running request's unit of work began to commit: from then on it may have written. */
    private static final ThreadLocal<boolean[]> COMMITTING = ThreadLocal.withInitial(() -> new boolean[1]);

    /** See {@link WritePipeline#committing()}. */
    static void committing() {
        COMMITTING.get()[0] = true;
    }

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int CANCELLED = 2;

    final List<String> accounts;
    final Supplier<R> work;
    final List<WritePipeline.ThreadContext> contexts;
    final Object[] captured;
    final long queuedAt = System.nanoTime();
    final AtomicInteger state = new AtomicInteger(QUEUED);
    final CompletableFuture<R> outcome = new CompletableFuture<>();
    Object result = NO_RESULT;
    RuntimeException refusal;

    PipelineTicket(
            List<String> accounts, Supplier<R> work, List<WritePipeline.ThreadContext> contexts, Object[] captured) {
        this.accounts = accounts;
        this.work = work;
        this.contexts = contexts;
        this.captured = captured;
    }

    boolean start() {
        return state.compareAndSet(QUEUED, RUNNING);
    }

    /**
     * Runs the work in the batch. A refusal that left the transaction sound is this request's
     * answer; a failure that broke it (a failed statement, a participant that marked it rollback-only)
     * or that signals a lost race fails the batch.
     */
    void run(WritePipeline.TransactionHealth health, TransactionStatus transaction) {
        result = NO_RESULT;
        refusal = null;
        var committing = COMMITTING.get();
        committing[0] = false;
        var restore = new Runnable[captured.length];
        for (int i = 0; i < captured.length; i++) {
            restore[i] = contexts.get(i).install(captured[i]);
        }
        try {
            result = work.get();
        } catch (RuntimeException failed) {
            if (committing[0]
                    || ConflictRetry.isConflict(failed)
                    || fromTheDatabase(failed)
                    || transaction.isRollbackOnly()
                    || health.failed()) {
                throw failed;
            }
            refusal = failed;
        } finally {
            for (int i = restore.length - 1; i >= 0; i--) {
                restore[i].run();
            }
        }
    }

    /**
     * A failure that came from the database or the event store rather than from a rule: what else it
     * undid cannot be known here, so the batch is run again without the neighbours.
     */
    private static boolean fromTheDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException
                    || t instanceof org.springframework.dao.DataAccessException
                    || t instanceof org.springframework.transaction.TransactionException
                    || t instanceof org.axonframework.common.AxonTransientException
                    || t instanceof org.axonframework.eventsourcing.eventstore.EventStoreException
                    || t instanceof org.axonframework.common.jdbc.JdbcException) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    void answer() {
        if (refusal != null) {
            outcome.completeExceptionally(refusal);
        } else {
            outcome.complete((R) result);
        }
    }

    void fail(RuntimeException failure) {
        outcome.completeExceptionally(failure);
    }

    /**
     * Waits for the outcome. Work no writer took in time is cancelled and never runs; work already
     * running is waited for to its end, however long: its effect may commit.
     */
    R await(Duration timeout) {
        boolean interrupted = false;
        try {
            try {
                return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                if (state.compareAndSet(QUEUED, CANCELLED)) {
                    throw new PipelineOverloaded("no writer took the write within " + timeout + "; nothing was done");
                }
            } catch (InterruptedException stop) {
                interrupted = true;
                if (state.compareAndSet(QUEUED, CANCELLED)) {
                    throw new PipelineOverloaded();
                }
            }
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException stop) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException failed) {
            var cause = failed.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
