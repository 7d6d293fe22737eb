package io.bankcore.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * The pipeline's own rules, with a transaction manager that counts: what is batched, what a refusal
 * and a failed batch do to their neighbours, and when nothing is done at all.
 */
class WritePipelineTest {

    /** Counts transactions; a work that "writes" records itself in the open transaction's list. */
    static final class CountingTransactions implements PlatformTransactionManager {
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();
        final List<List<String>> committed = new CopyOnWriteArrayList<>();
        final ThreadLocal<List<String>> open = new ThreadLocal<>();
        /** Transactions open at once, now and at most: one batch runs at a time, whichever thread runs it. */
        final AtomicInteger active = new AtomicInteger();

        final AtomicInteger mostActive = new AtomicInteger();

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            open.set(new ArrayList<>());
            mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            return new SimpleTransactionStatus(true);
        }

        /** Thrown by the next commit, once, instead of committing. */
        volatile RuntimeException failNextCommit;

        @Override
        public void commit(TransactionStatus status) {
            var failure = failNextCommit;
            if (failure != null) {
                failNextCommit = null;
                open.remove();
                active.decrementAndGet();
                throw failure;
            }
            committed.add(List.copyOf(open.get()));
            open.remove();
            active.decrementAndGet();
            commits.incrementAndGet();
        }

        @Override
        public void rollback(TransactionStatus status) {
            open.remove();
            active.decrementAndGet();
            rollbacks.incrementAndGet();
        }

        Supplier<String> write(String name) {
            return () -> {
                open.get().add(name);
                return name;
            };
        }
    }

    private final CountingTransactions transactions = new CountingTransactions();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final ExecutorService clients = Executors.newFixedThreadPool(16);
    private WritePipeline pipeline;
    private boolean callerRuns = true;

    private WritePipeline pipeline(int queueCapacity) {
        return pipeline(queueCapacity, Duration.ofSeconds(5));
    }

    private WritePipeline pipeline(int queueCapacity, Duration databaseWait) {
        return pipeline(queueCapacity, databaseWait, WritePipeline.BatchWrites.NONE);
    }

    private WritePipeline pipeline(int queueCapacity, Duration databaseWait, WritePipeline.BatchWrites writes) {
        return pipeline(queueCapacity, databaseWait, writes, List.of());
    }

    private WritePipeline pipeline(
            int queueCapacity,
            Duration databaseWait,
            WritePipeline.BatchWrites writes,
            List<WritePipeline.ThreadContext> contexts) {
        var retry = new ConflictRetry(
                new ConflictRetry.Policy(3, Duration.ZERO, Duration.ZERO), ConflictRetry.Observer.NONE, d -> {});
        pipeline = new WritePipeline(
                new WritePipeline.Settings(true, 1, 64, queueCapacity, databaseWait, callerRuns),
                transactions,
                null,
                null,
                WritePipeline.TransactionHealth.NEVER,
                retry,
                new Contention(),
                new WritePipeline.Observer() {
                    @Override
                    public void batch(int requests, boolean committed, long nanos) {
                        batches.add(committed ? requests : -requests);
                    }
                },
                Duration.ofSeconds(5),
                contexts,
                writes);
        return pipeline;
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Holds the writer in a first batch until released, so that what follows queues behind it. */
    private Future<String> holdTheWriter(CountDownLatch running, CountDownLatch release) {
        return clients.submit(() -> pipeline.execute(List.of("hold"), () -> {
            running.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return transactions.write("hold").get();
        }));
    }

    private void awaitQueued(int depth) throws InterruptedException {
        for (int i = 0; i < 500 && pipeline.depth() < depth; i++) {
            Thread.sleep(10);
        }
        assertThat(pipeline.depth()).isEqualTo(depth);
    }

    @Test
    void a_lone_write_runs_on_its_callers_thread_which_keeps_its_own_context() {
        var current = new ThreadLocal<String>();
        var context = new WritePipeline.ThreadContext() {
            @Override
            public Object capture() {
                return current.get();
            }

            @Override
            public Runnable install(Object captured) {
                var previous = current.get();
                current.set("installed " + captured);
                return () -> current.set(previous);
            }
        };
        pipeline(16, Duration.ofSeconds(5), WritePipeline.BatchWrites.NONE, List.of(context));
        current.set("mine");

        String ran = pipeline.execute(List.of("a"), () -> {
            transactions.write("one").get();
            return Thread.currentThread().getName() + ", " + current.get();
        });

        assertThat(ran).isEqualTo(Thread.currentThread().getName() + ", installed mine");
        assertThat(current.get()).isEqualTo("mine");
        assertThat(WritePipeline.writing()).isFalse();
        assertThat(transactions.committed).containsExactly(List.of("one"));
    }

    @Test
    void a_write_goes_to_the_writer_thread_when_callers_may_not_run_or_are_in_a_unit_of_work() {
        callerRuns = false;
        pipeline(16);
        assertThat(pipeline.execute(List.of("a"), () -> Thread.currentThread().getName()))
                .startsWith("write-pipeline-");
        pipeline.close();

        callerRuns = true;
        pipeline(16);
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
        try {
            assertThat(pipeline.execute(
                            List.of("a"), () -> Thread.currentThread().getName()))
                    .startsWith("write-pipeline-");
        } finally {
            unitOfWork.rollback();
        }
    }

    @Test
    void many_callers_at_once_never_run_two_batches_at_a_time_and_every_write_commits_once() throws Exception {
        pipeline(512);
        var futures = new ArrayList<Future<?>>();
        for (int client = 0; client < 16; client++) {
            int c = client;
            futures.add(clients.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    pipeline.execute(List.of("c" + c), transactions.write(c + "-" + i));
                }
            }));
        }
        for (var future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }

        assertThat(transactions.mostActive).hasValue(1);
        var written = transactions.committed.stream().flatMap(List::stream).toList();
        assertThat(written).hasSize(16 * 200).doesNotHaveDuplicates();
    }

    @Test
    void a_lone_write_runs_at_once_in_a_transaction_of_its_own() {
        pipeline(16);

        assertThat(pipeline.execute(List.of("a"), transactions.write("one"))).isEqualTo("one");
        assertThat(transactions.committed).containsExactly(List.of("one"));
        assertThat(batches).containsExactly(1);
    }

    @Test
    void writes_that_queue_while_a_batch_runs_commit_together_in_the_next() throws Exception {
        pipeline(64);
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var first = holdTheWriter(running, release);
        running.await(5, TimeUnit.SECONDS);
        var queued = new ArrayList<Future<String>>();
        for (int i = 0; i < 10; i++) {
            var name = "w" + i;
            queued.add(clients.submit(() -> pipeline.execute(List.of(name), transactions.write(name))));
        }
        awaitQueued(10);

        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("hold");
        for (int i = 0; i < 10; i++) {
            assertThat(queued.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("w" + i);
        }
        assertThat(batches).containsExactly(1, 10);
        assertThat(transactions.commits).hasValue(2);
        assertThat(transactions.committed.get(1)).hasSize(10);
    }

    @Test
    void a_batch_context_sees_what_each_request_captured_at_the_batchs_flush_and_commit() throws Exception {
        var current = new ThreadLocal<String>();
        var installed = new CopyOnWriteArrayList<String>();
        var steps = new CopyOnWriteArrayList<String>();
        var context = new WritePipeline.BatchContext() {
            @Override
            public Object capture() {
                return current.get();
            }

            @Override
            public Runnable install(Object captured) {
                installed.add(String.valueOf(captured));
                return () -> {};
            }

            @Override
            public Step begin(String step, List<Object> captured) {
                return failure -> steps.add(step + captured + (failure == null ? "" : " failed"));
            }
        };
        pipeline(64, Duration.ofSeconds(5), WritePipeline.BatchWrites.NONE, List.of(context));
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        holdTheWriter(running, release);
        running.await(5, TimeUnit.SECONDS);
        var first = clients.submit(() -> {
            current.set("r1");
            return pipeline.execute(List.of("a"), transactions.write("r1"));
        });
        awaitQueued(1);
        var second = clients.submit(() -> {
            current.set("r2");
            return pipeline.execute(List.of("b"), transactions.write("r2"));
        });
        awaitQueued(2);

        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("r1");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("r2");
        assertThat(installed).containsExactly("null", "r1", "r2");
        // A lone request's batch holds nothing back: no flush step.
        assertThat(steps).containsExactly("commit[null]", "flush[r1, r2]", "commit[r1, r2]");
    }

    @Test
    void a_refusal_is_its_requests_answer_and_its_neighbours_commit() throws Exception {
        pipeline(64);
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        holdTheWriter(running, release);
        running.await(5, TimeUnit.SECONDS);
        var before = clients.submit(() -> pipeline.execute(List.of("a"), transactions.write("before")));
        awaitQueued(1);
        var refused = clients.submit(() -> pipeline.execute(List.of("b"), () -> {
            throw new IllegalArgumentException("insufficient funds");
        }));
        awaitQueued(2);
        var after = clients.submit(() -> pipeline.execute(List.of("c"), transactions.write("after")));
        awaitQueued(3);

        release.countDown();

        assertThat(before.get(5, TimeUnit.SECONDS)).isEqualTo("before");
        assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("after");
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("insufficient funds");
        assertThat(batches).containsExactly(1, 3);
        assertThat(transactions.committed.get(1)).containsExactly("before", "after");
        assertThat(transactions.rollbacks).hasValue(0);
    }

    @Test
    void a_batch_broken_by_one_request_runs_again_in_halves_and_only_that_request_fails() throws Exception {
        pipeline(64);
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        holdTheWriter(running, release);
        running.await(5, TimeUnit.SECONDS);
        var answers = new ArrayList<Future<String>>();
        for (int i = 0; i < 8; i++) {
            var name = "w" + i;
            Supplier<String> work = i == 5
                    ? () -> {
                        throw new DataIntegrityViolationException("a statement failed");
                    }
                    : transactions.write(name);
            answers.add(clients.submit(() -> pipeline.execute(List.of(name), work)));
            awaitQueued(i + 1);
        }

        release.countDown();

        for (int i = 0; i < 8; i++) {
            var answer = answers.get(i);
            if (i == 5) {
                assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(DataIntegrityViolationException.class);
            } else {
                assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("w" + i);
            }
        }
        // 8 fail; halves 4 (ok) and 4 (fail); 2 (w4, w5: fail) and 2 (ok); w4 ok, w5 fails alone.
        assertThat(batches).containsExactly(1, -8, 4, -4, -2, 1, -1, 2);
        var committed = transactions.committed.stream().flatMap(List::stream).toList();
        assertThat(committed).containsExactlyInAnyOrder("hold", "w0", "w1", "w2", "w3", "w4", "w6", "w7");
    }

    /**
     * Holds a batch's writes back while it has several requests, as the event store's appends are, and
     * sends them at its end: "bad" cannot be written (an append conflict), which a request alone meets
     * in its own work.
     */
    final class HeldWrites implements WritePipeline.BatchWrites {
        final ThreadLocal<List<String>> held = new ThreadLocal<>();
        final List<Integer> begun = new CopyOnWriteArrayList<>();

        @Override
        public void begin(int requests) {
            begun.add(requests);
            held.set(requests > 1 ? new ArrayList<>() : null);
        }

        @Override
        public void flush() {
            var writes = held.get();
            if (writes != null) {
                if (writes.contains("bad")) {
                    throw new DataIntegrityViolationException("a held write failed");
                }
                transactions.open.get().addAll(writes);
                writes.clear();
            }
        }

        @Override
        public void end() {
            held.remove();
        }

        Supplier<String> write(String name) {
            return () -> {
                var writes = held.get();
                if (writes != null) {
                    writes.add(name);
                } else if (name.equals("bad")) {
                    throw new DataIntegrityViolationException("a write failed");
                } else {
                    transactions.open.get().add(name);
                }
                return name;
            };
        }
    }

    @Test
    void writes_held_back_are_sent_before_the_commit_and_a_failure_to_send_them_splits_the_batch() throws Exception {
        var writes = new HeldWrites();
        pipeline(64, Duration.ofSeconds(5), writes);
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        holdTheWriter(running, release);
        running.await(5, TimeUnit.SECONDS);
        var answers = new ArrayList<Future<String>>();
        for (var name : List.of("w0", "w1", "bad", "w3")) {
            answers.add(clients.submit(() -> pipeline.execute(List.of(name), writes.write(name))));
            awaitQueued(answers.size());
        }

        release.countDown();

        assertThat(answers.get(0).get(5, TimeUnit.SECONDS)).isEqualTo("w0");
        assertThat(answers.get(1).get(5, TimeUnit.SECONDS)).isEqualTo("w1");
        assertThatThrownBy(() -> answers.get(2).get(5, TimeUnit.SECONDS)).hasRootCauseMessage("a write failed");
        assertThat(answers.get(3).get(5, TimeUnit.SECONDS)).isEqualTo("w3");
        assertThat(writes.begun).containsExactly(1, 4, 2, 2, 1, 1);
        assertThat(batches).containsExactly(1, -4, 2, -2, -1, 1);
        assertThat(transactions.committed).containsExactly(List.of("hold"), List.of("w0", "w1"), List.of("w3"));
    }

    @Test
    void a_write_that_lost_a_race_alone_is_run_again() {
        pipeline(16);
        var attempts = new AtomicInteger();

        var answer = pipeline.execute(List.of("a"), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ConcurrencyException("another instance appended first");
            }
            return transactions.write("third").get();
        });

        assertThat(answer).isEqualTo("third");
        assertThat(transactions.rollbacks).hasValue(2);
        assertThat(transactions.committed).containsExactly(List.of("third"));
    }

    @Test
    void a_write_that_keeps_losing_races_is_answered_as_a_conflict_with_nothing_done() {
        pipeline(16);

        assertThatThrownBy(() -> pipeline.execute(List.of("a"), () -> {
                    throw new ConcurrencyException("another instance appended first");
                }))
                .isInstanceOf(ConcurrentUpdateExhausted.class);
        assertThat(transactions.commits).hasValue(0);
    }

    @Test
    void a_full_queue_refuses_at_once_and_runs_nothing() throws Exception {
        pipeline(2);
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        holdTheWriter(running, release);
        running.await(5, TimeUnit.SECONDS);
        clients.submit(() -> pipeline.execute(List.of("q1"), transactions.write("q1")));
        clients.submit(() -> pipeline.execute(List.of("q2"), transactions.write("q2")));
        awaitQueued(2);

        assertThatThrownBy(() -> pipeline.execute(List.of("x"), transactions.write("refused")))
                .isInstanceOf(PipelineOverloaded.class);
        release.countDown();
        for (int i = 0; i < 500 && transactions.commits.get() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(transactions.committed.stream().flatMap(List::stream)).doesNotContain("refused");
    }

    @Test
    void a_write_from_inside_a_batch_runs_in_that_batch() {
        pipeline(16);

        var answer = pipeline.execute(
                List.of("a"),
                () -> transactions.write("outer").get() + "+"
                        + pipeline.execute(List.of("b"), transactions.write("inner")));

        assertThat(answer).isEqualTo("outer+inner");
        assertThat(transactions.committed).containsExactly(List.of("outer", "inner"));
    }

    @Test
    void a_batch_whose_database_went_away_before_its_commit_runs_again_once_it_is_back() {
        pipeline(16);
        var attempts = new AtomicInteger();

        var answer = pipeline.execute(List.of("a"), () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new CannotGetJdbcConnectionException("the database is restarting");
            }
            return transactions.write("landed").get();
        });

        assertThat(answer).isEqualTo("landed");
        assertThat(transactions.committed).containsExactly(List.of("landed"));
    }

    @Test
    void a_database_away_for_longer_than_the_wait_is_answered_unavailable_with_nothing_done() {
        pipeline(16, Duration.ofMillis(300));

        assertThatThrownBy(() -> pipeline.execute(List.of("a"), () -> {
                    throw new CannotGetJdbcConnectionException("the database is down");
                }))
                .isInstanceOf(DatabaseUnavailable.class);
        assertThat(transactions.commits).hasValue(0);
    }

    @Test
    void a_connection_lost_during_the_commit_leaves_every_request_of_the_batch_told_the_outcome_is_unknown() {
        pipeline(16);
        transactions.failNextCommit =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));

        assertThatThrownBy(() -> pipeline.execute(List.of("a"), transactions.write("maybe")))
                .isInstanceOf(CommitOutcomeUnknown.class);
        // Not run again: it may have been kept.
        assertThat(transactions.rollbacks).hasValue(0);
        assertThat(transactions.committed).isEmpty();
    }

    @Test
    void a_commit_the_database_refused_is_a_failure_like_any_other_and_runs_again() {
        pipeline(16);
        transactions.failNextCommit =
                new CannotAcquireLockException("serialization", new SQLException("could not serialize", "40001"));

        assertThat(pipeline.execute(List.of("a"), transactions.write("second"))).isEqualTo("second");
        assertThat(transactions.committed).containsExactly(List.of("second"));
    }

    @Test
    void an_instance_has_one_writer() {
        assertThatThrownBy(() -> new WritePipeline.Settings(true, 2, 64, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bankcore.pipeline.writers must be 1");
    }
}
