package io.bankcore.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way a write reaches the database: group commit. A request thread hands its work (the
 * commands of one request, already parsed and checked) to a bounded queue and waits; a writer thread
 * takes everything queued, up to {@link Settings#maxBatch}, and runs it as one batch in one database
 * transaction, then answers each request once that transaction has committed. Nothing waits for a batch
 * to fill: a lone request runs at once, and under load batches grow by themselves while the previous
 * one commits. A request that finds nothing queued and no batch running runs its batch on its own
 * thread ({@link Settings#callerRuns}), sparing a lone request the hand-off to the writer and back; one
 * lock keeps a single batch running at a time, whichever thread runs it.
 *
 * <p>Each request's work runs in its own unit of work, one after the other on the writer thread, each
 * joining the batch's transaction: its events are appended and handled (projections, the transfer saga)
 * before the next request runs, so every request sees the accounts as the ones before it left them, and
 * a refusal (an exception that left the transaction intact) changes nothing but is that request's
 * answer, while the others commit. The accounts' locks, in this JVM and in the database, are held until
 * the batch ends, taken at its start in one order for the accounts the requests name (see
 * {@link AccountLockFactory.Batch}).
 *
 * <p>A failure of the batch itself (a failed SQL statement, which aborts a PostgreSQL transaction; an
 * append that lost a race to another instance; a lock cycle; a failed commit) rolls all of it back and
 * runs its requests again in two halves, down to each alone, so one request never fails its neighbours.
 * A request that fails alone on a lost race is tried again, up to {@link ConflictRetry.Policy#maxAttempts};
 * any other failure alone is its answer. No request is answered before the commit that holds its effect.
 */
public final class WritePipeline implements AutoCloseable {

    /**
     * Writer threads, the largest batch, how many requests may wait, how long a batch waits for a
     * database that went away (a restart) before its requests are told it is unavailable, and whether a
     * request that finds no batch running and nothing queued runs its batch on its own thread.
     */
    public record Settings(
            boolean enabled, int writers, int maxBatch, int queueCapacity, Duration databaseWait, boolean callerRuns) {

        public Settings(boolean enabled, int writers, int maxBatch, int queueCapacity) {
            this(enabled, writers, maxBatch, queueCapacity, Duration.ofSeconds(5));
        }

        public Settings(boolean enabled, int writers, int maxBatch, int queueCapacity, Duration databaseWait) {
            this(enabled, writers, maxBatch, queueCapacity, databaseWait, true);
        }

        public Settings {
            if (maxBatch < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("max-batch and queue-capacity must be at least 1");
            }
            if (writers != 1) {
                // Two writers of one instance can each hold an account's lock in this JVM while waiting
                // for another's lock in the database, held by another instance's batch that waits for
                // the first: a cycle across the JVM and the database that neither detects (measured:
                // lock waits of 60 s and 500s in the two-instance storm with 4 writers).
                throw new IllegalArgumentException("bankcore.pipeline.writers must be 1 (was " + writers
                        + "): several writers per instance can wait on each other's account locks in a cycle"
                        + " that neither this JVM nor the database detects");
            }
        }
    }

    /** Told about every batch; the app turns this into metrics. */
    public interface Observer {

        default void batch(int requests, boolean committed, long nanos) {}

        default void queued(long waitedNanos) {}

        default void split(int requests) {}

        default void overloaded() {}

        Observer NONE = new Observer() {};
    }

    /**
     * What of the request thread's context its work needs on the writer (who is asking, for the events'
     * metadata; the log's context): captured when the work is queued, in place while it runs.
     */
    public interface ThreadContext {

        Object capture();

        /** Puts the captured context in place on this thread; the returned action restores what was there. */
        Runnable install(Object captured);
    }

    /**
     * A context that also follows what a batch does once for all its requests, after their work ran:
     * sending its held writes, and its commit. Tracing gives each request a span for these, under the
     * context captured with it, so that every request's trace shows the commit that holds its effect.
     */
    public interface BatchContext extends ThreadContext {

        /**
         * Told before a batch step ({@link #FLUSH}, {@link #COMMIT}) with what this context captured for each
         * of the batch's requests; the returned step is ended after it, with its failure (null if none).
         */
        Step begin(String step, List<Object> captured);

        String FLUSH = "flush";
        String COMMIT = "commit";

        /** A step under way. */
        interface Step {
            void end(Throwable failure);
        }
    }

    /** The log's mapped diagnostic context. */
    static final ThreadContext LOG_CONTEXT = new ThreadContext() {
        @Override
        public Object capture() {
            return org.slf4j.MDC.getCopyOfContextMap();
        }

        @Override
        public Runnable install(Object captured) {
            var previous = org.slf4j.MDC.getCopyOfContextMap();
            put(captured);
            return () -> put(previous);
        }

        @SuppressWarnings("unchecked")
        private static void put(Object map) {
            if (map == null) {
                org.slf4j.MDC.clear();
            } else {
                org.slf4j.MDC.setContextMap((java.util.Map<String, String>) map);
            }
        }
    };

    /**
     * Writes that a batch of several requests keeps back and sends together before it commits (see
     * {@link BatchedAppends}): told when a batch begins (with its number of requests), when its requests
     * have run (send what is held; a failure fails the batch), and when it ends, committed or not.
     */
    public interface BatchWrites {

        void begin(int requests);

        void flush();

        void end();

        BatchWrites NONE = new BatchWrites() {
            @Override
            public void begin(int requests) {}

            @Override
            public void flush() {}

            @Override
            public void end() {}
        };
    }

    /** Whether the batch's transaction can still commit after a request failed (PostgreSQL aborts it). */
    public interface TransactionHealth {

        boolean failed();

        TransactionHealth NEVER = () -> false;
    }

    private static final Logger log = LoggerFactory.getLogger(WritePipeline.class);
    private static final ThreadLocal<Boolean> WRITING = new ThreadLocal<>();

    private final Settings settings;
    private final PlatformTransactionManager transactions;
    private final AccountLockFactory locks;
    private final BoundedAggregateCache cache;
    private final TransactionHealth health;
    private final ConflictRetry retry;
    private final ConflictRetry.Policy policy;
    private final Contention contention;
    private final Observer observer;
    private final Duration timeout;
    private final List<ThreadContext> contexts;
    /** The positions in {@link #contexts} of the {@link BatchContext}s (none unless tracing is on). */
    private final int[] batchContexts;

    private final BatchWrites writes;
    private final BlockingQueue<PipelineTicket<?>> queue;
    private final List<Thread> writers = new ArrayList<>();
    /** Held by whoever runs a batch: a writer thread, or a request thread that found the pipeline idle. */
    private final ReentrantLock running = new ReentrantLock();
    /** Notified when work is queued; the writers wait on it while the queue is empty. */
    private final Object arrivals = new Object();

    private final PipelineStatistics statistics = new PipelineStatistics();
    private volatile boolean closed;

    public WritePipeline(
            Settings settings,
            PlatformTransactionManager transactions,
            AccountLockFactory locks,
            BoundedAggregateCache cache,
            TransactionHealth health,
            ConflictRetry retry,
            Contention contention,
            Observer observer,
            Duration timeout,
            List<ThreadContext> contexts,
            BatchWrites writes) {
        this.settings = settings;
        this.writes = writes;
        var all = new ArrayList<ThreadContext>(contexts);
        all.add(LOG_CONTEXT);
        this.contexts = List.copyOf(all);
        this.batchContexts = IntStream.range(0, this.contexts.size())
                .filter(i -> this.contexts.get(i) instanceof BatchContext)
                .toArray();
        this.transactions = transactions;
        this.locks = locks;
        this.cache = cache;
        this.health = health;
        this.retry = retry;
        this.policy = retry.policy();
        this.contention = contention;
        this.observer = observer;
        this.timeout = timeout;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        if (settings.enabled()) {
            var counter = new AtomicInteger();
            for (int i = 0; i < settings.writers(); i++) {
                var thread = new Thread(this::write, "write-pipeline-" + counter.incrementAndGet());
                thread.setDaemon(true);
                writers.add(thread);
                thread.start();
            }
        }
    }

    /** A pipeline that runs each write on its caller's thread, in a transaction of its own (tests, tools). */
    public static WritePipeline inline(ConflictRetry retry) {
        return new WritePipeline(
                new Settings(false, 1, 1, 1),
                null,
                null,
                null,
                TransactionHealth.NEVER,
                retry,
                new Contention(),
                Observer.NONE,
                Duration.ofSeconds(10),
                List.of(),
                BatchWrites.NONE);
    }

    /** Requests waiting for a writer. */
    public int depth() {
        return queue.size();
    }

    /**
     * What the pipeline has done since it started: batches by outcome, the requests they committed,
     * failed batches run again in halves, writes refused for a full queue, the largest batch, and how
     * many committed batches had 1, 2-3, 4-7, 8-15, 16-31, 32-63 and 64 or more requests.
     */
    public record Snapshot(
            boolean enabled,
            int writers,
            int maxBatch,
            int queueDepth,
            int queueCapacity,
            long batchesCommitted,
            long batchesFailed,
            long requestsCommitted,
            long batchRetries,
            long overloaded,
            int largestBatch,
            long[] batchSizes) {}

    public Snapshot snapshot() {
        return statistics.snapshot(settings, depth());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Runs the work in a batch and answers what it returned, or throws what it threw, once the batch
     * has committed. Called from work that already runs in a batch, it runs there, at once.
     *
     * @param accounts the accounts the work writes, as far as known beforehand: locked at the batch's
     *     start, in one order with the other requests' (others are locked as the work loads them)
     * @throws PipelineOverloaded when the queue is full (nothing was done)
     *     (also when no writer took the work within the command timeout)
     */
    public <R> R execute(Collection<String> accounts, Supplier<R> work) {
        if (WRITING.get() != null) {
            return work.get();
        }
        if (!settings.enabled()) {
            return retry.run(() -> Contention.key(accounts.toArray(String[]::new)), work);
        }
        var captured = new Object[contexts.size()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = contexts.get(i).capture();
        }
        var ticket = new PipelineTicket<>(List.copyOf(accounts), work, contexts, captured);
        if (!closed && mayRunHere() && !running.hasQueuedThreads() && running.tryLock()) {
            try {
                runHere(ticket);
            } finally {
                running.unlock();
            }
            return ticket.await(timeout);
        }
        if (closed || !queue.offer(ticket)) {
            statistics.overloaded.incrementAndGet();
            observer.overloaded();
            throw new PipelineOverloaded();
        }
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
        return ticket.await(timeout);
    }

    /**
     * Whether this request may run its batch on its own thread: nothing is queued (else the writer is
     * about to run it, with what is ahead of it) and the thread is in no unit of work or transaction
     * of its own, which the batch's would join.
     */
    private boolean mayRunHere() {
        return settings.callerRuns()
                && queue.isEmpty()
                && !CurrentUnitOfWork.isStarted()
                && !TransactionSynchronizationManager.isActualTransactionActive();
    }

    /**
     * Runs a batch on the request's own thread, with whatever was queued meanwhile: a lone request
     * does not wait for a writer thread to wake up and hand its answer back. The pipeline's lock keeps
     * this the only batch running, as a writer's would be.
     */
    private void runHere(PipelineTicket<?> own) {
        WRITING.set(Boolean.TRUE);
        try {
            runBatch(own);
        } finally {
            WRITING.remove();
        }
    }

    /**
     * Runs {@code first} (already out of the queue) with what is queued behind it, up to the largest
     * batch, as one batch; the caller holds {@link #running}. Every ticket is answered, even on a defect.
     */
    private void runBatch(PipelineTicket<?> first) {
        var batch = new ArrayList<PipelineTicket<?>>(settings.maxBatch());
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        var live = new ArrayList<PipelineTicket<?>>(batch.size());
        long now = System.nanoTime();
        for (var ticket : batch) {
            if (ticket.start()) {
                observer.queued(now - ticket.queuedAt);
                live.add(ticket);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        try {
            settle(live, 1);
        } catch (RuntimeException | Error unexpected) {
            // settle answers every ticket; this is a defect, and the thread running it must live on.
            log.error("write pipeline: unexpected failure", unexpected);
            live.forEach(
                    t -> t.fail(unexpected instanceof RuntimeException r ? r : new IllegalStateException(unexpected)));
        }
    }

    /** Whether the current thread is running a batch (a writer's, or a request's own). */
    public static boolean writing() {
        return WRITING.get() != null;
    }

    /**
     * Told by a unit of work of the running request when it starts to commit (the command bus's
     * interceptor registers this): its events are appended and handled from then on, so a failure after
     * this point may leave writes behind in the batch's transaction and must fail the batch, while one
     * before it (a rule refused the command) left nothing.
     */
    public static void committing() {
        if (writing()) {
            PipelineTicket.committing();
        }
    }

    /**
     * Stops taking work: batches under way finish (their requests are answered), then whatever is
     * still queued is refused as an overload (nothing of it was done).
     */
    @Override
    public void close() {
        closed = true;
        for (var writer : writers) {
            try {
                writer.join(timeout.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        PipelineTicket<?> left;
        while ((left = queue.poll()) != null) {
            if (left.start()) {
                left.fail(new PipelineOverloaded("the instance is stopping; nothing was done"));
            }
        }
    }

    private void write() {
        WRITING.set(Boolean.TRUE);
        while (!closed) {
            try {
                if (queue.isEmpty()) {
                    synchronized (arrivals) {
                        if (queue.isEmpty()) {
                            arrivals.wait(200);
                        }
                    }
                    continue;
                }
                // Taken only once no batch runs (a request may be running its own): until then what is
                // queued stays queued, counted in the depth and against the queue's capacity.
                running.lock();
                try {
                    PipelineTicket<?> first = queue.poll();
                    if (first != null) { // else a request running its own batch took it
                        runBatch(first);
                    }
                } finally {
                    running.unlock();
                }
            } catch (InterruptedException interrupted) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Runs the tickets as one batch; on a failure of the batch, in halves, down to each alone. */
    private void settle(List<PipelineTicket<?>> tickets, int attempt) {
        long started = System.nanoTime();
        Failure failure = attempt(tickets);
        statistics.batch(tickets.size(), failure == null);
        observer.batch(tickets.size(), failure == null, System.nanoTime() - started);
        if (failure == null) {
            tickets.forEach(PipelineTicket::answer);
            return;
        }
        if (failure.inCommit() && DatabaseUnavailable.outcomeUnknown(failure.cause())) {
            outcomeUnknown(tickets, failure);
            return;
        }
        if (DatabaseUnavailable.isConnectionFailure(failure.cause())) {
            awaitTheDatabase(tickets, failure, started);
            return;
        }
        if (tickets.size() > 1) {
            statistics.retries.incrementAndGet();
            observer.split(tickets.size());
            log.debug(
                    "batch of {} failed ({}); running it in halves",
                    tickets.size(),
                    failure.cause().toString());
            int half = tickets.size() / 2;
            settle(new ArrayList<>(tickets.subList(0, half)), 1);
            settle(new ArrayList<>(tickets.subList(half, tickets.size())), 1);
            return;
        }
        var ticket = tickets.get(0);
        if (failure.cause() instanceof RuntimeException runtime && ConflictRetry.isConflict(runtime)) {
            String key = Contention.key(ticket.accounts.toArray(String[]::new));
            if (attempt < policy.maxAttempts()) {
                retry.observer().conflict(key, attempt);
                contention.conflicted(key);
                sleep(policy.backoff(attempt));
                retry.observer().retry(key, attempt + 1);
                settle(tickets, attempt + 1);
                return;
            }
            retry.observer().exhausted(key, attempt);
            ticket.fail(new ConcurrentUpdateExhausted(key, attempt, runtime));
            return;
        }
        ticket.fail(
                failure.cause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(failure.cause()));
    }

    /**
     * The database was away (a restart, a failover, no connection in the pool's time) before the
     * commit was sent, so nothing of the batch was kept: the whole batch runs again, after a back-off, until the database is back or
     * {@link Settings#databaseWait} has passed since the batch began; then each request is told that
     * nothing was done.
     */
    private void awaitTheDatabase(List<PipelineTicket<?>> tickets, Failure failure, long batchStarted) {
        if (failure.inCommit()) {
            log.warn(
                    "connection lost while a batch of {} committed: {}",
                    tickets.size(),
                    failure.cause().toString());
            tickets.forEach(t -> t.fail(new CommitOutcomeUnknown(failure.cause())));
            return;
        }
        long deadline = batchStarted + settings.databaseWait().toNanos();
        Duration pause = Duration.ofMillis(50);
        Failure last = failure;
        while (System.nanoTime() + pause.toNanos() < deadline && !closed) {
            sleep(pause);
            last = attempt(tickets);
            statistics.batch(tickets.size(), last == null);
            observer.batch(tickets.size(), last == null, 0);
            if (last == null) {
                tickets.forEach(PipelineTicket::answer);
                return;
            }
            if (!DatabaseUnavailable.isConnectionFailure(last.cause())) {
                // Back, with another failure: the usual rules decide.
                settle(tickets, 1);
                return;
            }
            if (last.inCommit() && DatabaseUnavailable.outcomeUnknown(last.cause())) {
                outcomeUnknown(tickets, last);
                return;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(1)) > 0
                    ? Duration.ofSeconds(1)
                    : pause.multipliedBy(2);
        }
        log.warn(
                "database unavailable for a batch of {}: {}",
                tickets.size(),
                last.cause().toString());
        var cause = last.cause();
        tickets.forEach(t -> t.fail(new DatabaseUnavailable(cause)));
    }

    /**
     * The commit was sent and no definite answer came back (the connection was lost, or closed under
     * it): the batch may or may not have been kept, and no request of it may be answered either way.
     */
    private void outcomeUnknown(List<PipelineTicket<?>> tickets, Failure failure) {
        log.warn(
                "commit of a batch of {} ended without an answer: {}",
                tickets.size(),
                failure.cause().toString());
        tickets.forEach(t -> t.fail(new CommitOutcomeUnknown(failure.cause())));
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why a batch failed, and whether its commit had been sent (then a lost connection leaves it unknown). */
    private record Failure(Throwable cause, boolean inCommit) {}

    /** One batch in one transaction: null when it committed, else why it failed (all of it rolled back). */
    private Failure attempt(List<PipelineTicket<?>> tickets) {
        var touched = cache == null ? null : cache.track();
        var batch = locks == null ? null : locks.openBatch();
        TransactionStatus transaction = null;
        boolean inCommit = false;
        try {
            transaction = transactions.getTransaction(new DefaultTransactionDefinition());
            writes.begin(tickets.size());
            if (batch != null) {
                batch.lockAll(accounts(tickets));
            }
            for (var ticket : tickets) {
                ticket.run(health, transaction);
            }
            if (tickets.size() > 1) {
                step(BatchContext.FLUSH, tickets, writes::flush);
            } else {
                writes.flush();
            }
            var committing = transaction;
            transaction = null;
            inCommit = true;
            step(BatchContext.COMMIT, tickets, () -> transactions.commit(committing));
            return null;
        } catch (RuntimeException | Error failed) {
            if (touched != null) {
                touched.evictAll();
            }
            if (cache != null) {
                accounts(tickets).forEach(cache::remove);
            }
            if (transaction != null && !transaction.isCompleted()) {
                try {
                    transactions.rollback(transaction);
                } catch (RuntimeException rollbackFailed) {
                    failed.addSuppressed(rollbackFailed);
                }
            }
            return new Failure(failed, inCommit);
        } finally {
            writes.end();
            if (batch != null) {
                batch.close();
            }
            if (touched != null) {
                touched.close();
            }
        }
    }

    /** Runs a step of the whole batch, told to the {@link BatchContext}s (if any) with each request's capture. */
    private void step(String name, List<PipelineTicket<?>> tickets, Runnable step) {
        if (batchContexts.length == 0) {
            step.run();
            return;
        }
        var steps = new BatchContext.Step[batchContexts.length];
        for (int i = 0; i < steps.length; i++) {
            int index = batchContexts[i];
            var captured = new ArrayList<Object>(tickets.size());
            tickets.forEach(t -> captured.add(t.captured[index]));
            steps[i] = ((BatchContext) contexts.get(index)).begin(name, captured);
        }
        Throwable failure = null;
        try {
            step.run();
        } catch (RuntimeException | Error failed) {
            failure = failed;
            throw failed;
        } finally {
            for (var started : steps) {
                started.end(failure);
            }
        }
    }

    private static List<String> accounts(List<PipelineTicket<?>> tickets) {
        var all = new TreeSet<String>();
        tickets.forEach(t -> all.addAll(t.accounts));
        return List.copyOf(all);
    }
}
