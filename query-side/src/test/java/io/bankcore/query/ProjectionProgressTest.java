package io.bankcore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionProgressTest {

    static final String ACCOUNT = "000123456";
    static final String OTHER_ACCOUNT = "000654321";
    static final Duration LONG = Duration.ofSeconds(30);
    static final LongSupplier NOTHING_COMMITTED = () -> -1;

    private final ProjectionProgress progress = new ProjectionProgress();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void a_sequence_already_committed_is_reported_without_waiting() throws Exception {
        LongSupplier committed = () -> 5;

        assertThat(progress.await(ACCOUNT, 5, Duration.ZERO, committed)).isTrue();
        assertThat(progress.await(ACCOUNT, 3, Duration.ZERO, committed)).isTrue();
        assertThat(progress.await(ACCOUNT, 6, Duration.ZERO, committed)).isFalse();
    }

    @Test
    void a_wait_gives_up_after_the_timeout() throws Exception {
        long started = System.nanoTime();
        boolean reached = progress.await(ACCOUNT, 0, Duration.ofMillis(50), NOTHING_COMMITTED);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reached).isFalse();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(50)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_wait_notices_a_commit_made_elsewhere_by_polling() throws Exception {
        var committed = new AtomicLong(-1);
        threads.submit(() -> {
            Thread.sleep(50);
            committed.set(7);
            return null;
        });

        long started = System.nanoTime();
        boolean reached = progress.await(ACCOUNT, 7, LONG, committed::get);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reached).isTrue();
        assertThat(waited).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_key_advanced_here_before_is_polled_sparsely_and_still_notices_a_commit_made_elsewhere() throws Exception {
        progress.advanced(ACCOUNT, 0); // this JVM's projection handles the account
        var polls = new AtomicLong();
        LongSupplier nothing = () -> {
            polls.incrementAndGet();
            return -1;
        };

        assertThat(progress.await(ACCOUNT, 1, Duration.ofMillis(200), nothing)).isFalse();
        // At once, then every 20 and 50 ms at the most: the database is only a fallback here.
        assertThat(polls.get()).isBetween(1L, 6L);

        // The segment may have moved to another instance: its commit is still seen, by polling.
        var committed = new AtomicLong(-1);
        threads.submit(() -> {
            Thread.sleep(50);
            committed.set(2);
            return null;
        });
        assertThat(progress.await(ACCOUNT, 2, LONG, committed::get)).isTrue();
    }

    @Test
    void a_new_key_of_a_group_advanced_here_lately_is_polled_sparsely_too() throws Exception {
        progress.advanced("transfer:a", 1);
        var polls = new AtomicLong();
        LongSupplier nothing = () -> {
            polls.incrementAndGet();
            return -1;
        };

        assertThat(progress.await("transfer:b", 1, Duration.ofMillis(200), nothing))
                .isFalse();
        assertThat(polls.get()).isBetween(1L, 6L);
    }

    @Test
    void one_advance_releases_every_waiter_at_or_below_it() throws Exception {
        int waiterCount = 16;
        var registered = new CountDownLatch(waiterCount);
        var waiting = new ArrayList<Future<Boolean>>();
        for (int i = 0; i < waiterCount; i++) {
            waiting.add(waitOnlyForNotification(ACCOUNT, i % 6, LONG, registered));
        }
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        progress.advanced(ACCOUNT, 5);

        for (Future<Boolean> waiter : waiting) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void an_advance_below_a_waiters_sequence_does_not_release_it() throws Exception {
        var registered = new CountDownLatch(2);
        Future<Boolean> low = waitOnlyForNotification(ACCOUNT, 3, LONG, registered);
        Future<Boolean> high = waitOnlyForNotification(ACCOUNT, 7, Duration.ofMillis(300), registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        progress.advanced(ACCOUNT, 5);

        assertThat(low.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(high.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void an_advance_of_another_account_does_not_release_a_waiter() throws Exception {
        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 1, Duration.ofMillis(300), registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

        progress.advanced(OTHER_ACCOUNT, Long.MAX_VALUE);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void an_advance_before_anyone_waits_is_harmless() throws Exception {
        progress.advanced(ACCOUNT, 3);

        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 4, LONG, registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
        progress.advanced(ACCOUNT, 4);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void after_many_timed_out_waits_a_new_waiter_is_still_released() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            assertThat(progress.await(ACCOUNT, i, Duration.ZERO, NOTHING_COMMITTED))
                    .isFalse();
            assertThat(progress.await("0000" + i, 0, Duration.ZERO, NOTHING_COMMITTED))
                    .isFalse();
        }
        for (int i = 0; i < 20; i++) {
            // Long enough to block on the release latch, not only to look at the committed position.
            assertThat(progress.await(ACCOUNT, 1, Duration.ofMillis(2), NOTHING_COMMITTED))
                    .isFalse();
        }

        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 1, LONG, registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
        progress.advanced(ACCOUNT, 1);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waiters_are_never_lost_while_others_on_the_same_account_time_out() throws Exception {
        // Timed-out waiters keep emptying and dropping the account's list; a new waiter must never land
        // in a list that has just been dropped, or no advance could reach it.
        var stop = new AtomicBoolean(false);
        var churners = new ArrayList<Future<Long>>();
        for (int i = 0; i < 4; i++) {
            churners.add(threads.submit(() -> {
                long timeouts = 0;
                while (!stop.get()) {
                    if (!progress.await(ACCOUNT, Long.MAX_VALUE, Duration.ZERO, NOTHING_COMMITTED)) {
                        timeouts++;
                    }
                }
                return timeouts;
            }));
        }
        try {
            for (int round = 0; round < 300; round++) {
                var registered = new CountDownLatch(1);
                Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, round, LONG, registered);
                assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
                progress.advanced(ACCOUNT, round);
                assertThat(waiter.get(10, TimeUnit.SECONDS))
                        .as("waiter of round %d", round)
                        .isTrue();
            }
        } finally {
            stop.set(true);
        }
        for (Future<Long> churner : churners) {
            assertThat(churner.get(10, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void an_interrupted_wait_throws_and_a_later_wait_still_works() throws Exception {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> progress.await(ACCOUNT, 1, LONG, NOTHING_COMMITTED))
                .isInstanceOf(InterruptedException.class);

        var registered = new CountDownLatch(1);
        Future<Boolean> waiter = waitOnlyForNotification(ACCOUNT, 1, LONG, registered);
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
        progress.advanced(ACCOUNT, 1);

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void finished_waits_leave_no_waiter_behind() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            progress.await("0000" + i, 0, Duration.ZERO, NOTHING_COMMITTED);
        }
        var registered = new CountDownLatch(8);
        var released = new ArrayList<Future<Boolean>>();
        for (int i = 0; i < 8; i++) {
            released.add(waitOnlyForNotification(ACCOUNT, 1, LONG, registered));
        }
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
        progress.advanced(ACCOUNT, 1);
        for (Future<Boolean> waiter : released) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        }
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> progress.await(ACCOUNT, 1, LONG, NOTHING_COMMITTED))
                .isInstanceOf(InterruptedException.class);

        // A retained waiter changes no answer, only memory, so the registry itself is the one witness.
        assertThat(registeredWaiters()).isEmpty();
    }

    /**
     * Waits in the background with a committed position that never advances, so only {@link
     * ProjectionProgress#advanced} can release the waiter. {@code registered} counts down once the waiter
     * is in place.
     */
    private Future<Boolean> waitOnlyForNotification(
            String accountNumber, long sequence, Duration timeout, CountDownLatch registered) {
        var first = new AtomicBoolean(true);
        LongSupplier neverCommitted = () -> {
            if (first.getAndSet(false)) {
                registered.countDown();
            }
            return -1;
        };
        return threads.submit(() -> progress.await(accountNumber, sequence, timeout, neverCommitted));
    }

    private Map<?, ?> registeredWaiters() throws ReflectiveOperationException {
        var field = ProjectionProgress.class.getDeclaredField("waiters");
        field.setAccessible(true);
        return (Map<?, ?>) field.get(progress);
    }
}
