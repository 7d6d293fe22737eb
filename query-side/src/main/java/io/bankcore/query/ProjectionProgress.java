package io.bankcore.query;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Lets a writer wait until the account projection has committed a given event of an account.
 *
 * <p>A projection running in this JVM wakes waiters as soon as it commits. The projection may also run
 * on another instance that shares the database (it claims the token segment there), so a waiter also
 * re-reads the committed position from the database, at growing intervals, while it waits.
 */
public class ProjectionProgress {

    private static final long[] POLL_INTERVALS_MS = {1, 2, 5, 10, 20, 50};

    private final Map<String, CopyOnWriteArrayList<Waiter>> waiters = new ConcurrentHashMap<>();

    /** Called by the projection once the transaction that applied {@code sequence} has committed. */
    void advanced(String accountNumber, long sequence) {
        var list = waiters.get(accountNumber);
        if (list == null) {
            return;
        }
        for (Waiter waiter : list) {
            if (waiter.sequence <= sequence) {
                waiter.release();
            }
        }
    }

    /**
     * Waits until {@code committedSequence} reports at least {@code sequence} for the account, or the
     * timeout passes.
     *
     * @return true when the projection has reached the sequence, false on timeout
     */
    public boolean await(String accountNumber, long sequence, Duration timeout, LongSupplier committedSequence)
            throws InterruptedException {
        var waiter = new Waiter(sequence);
        // Adding and removing inside compute() keeps a waiter from landing in a list that is being dropped.
        waiters.compute(accountNumber, (k, list) -> {
            var l = list == null ? new CopyOnWriteArrayList<Waiter>() : list;
            l.add(waiter);
            return l;
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            int poll = 0;
            while (true) {
                if (committedSequence.getAsLong() >= sequence) {
                    return true;
                }
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0) {
                    return false;
                }
                long sliceNanos = Math.min(
                        remainingNanos,
                        TimeUnit.MILLISECONDS.toNanos(
                                POLL_INTERVALS_MS[Math.min(poll++, POLL_INTERVALS_MS.length - 1)]));
                if (waiter.awaitRelease(sliceNanos)) {
                    return true;
                }
            }
        } finally {
            waiters.computeIfPresent(accountNumber, (k, list) -> {
                list.remove(waiter);
                return list.isEmpty() ? null : list;
            });
        }
    }

    private static final class Waiter {
        final long sequence;
        private final CountDownLatch released = new CountDownLatch(1);

        Waiter(long sequence) {
            this.sequence = sequence;
        }

        void release() {
            released.countDown();
        }

        boolean awaitRelease(long nanos) throws InterruptedException {
            return released.await(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
