package io.bankcore.query;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Lets a writer wait until the account projection has committed a given event of an account.
 *
 * <p>A projection running in this JVM wakes waiters as soon as it commits. The projection may also run
 * on another instance that shares the database (it claims the token segment there), so a waiter also
 * re-reads the committed position from the database, at growing intervals, while it waits: quickly
 * (from 1 ms) for a key this JVM has never advanced, sparsely (20, then 50 ms) for one it has, whose
 * segment is most likely held here.
 */
public class ProjectionProgress {

    private static final long[] POLL_INTERVALS_MS = {1, 2, 5, 10, 20, 50};
    /**
     * For a key this JVM's projection has advanced before: it most likely holds the key's segment and
     * will wake the waiter itself, so the database is polled only as a fallback (a segment can move).
     */
    private static final long[] LOCAL_POLL_INTERVALS_MS = {20, 50};

    private static final int LOCAL_KEYS = 100_000;

    /**
     * Keys named {@code group:id} (a transfer's settlement: {@code transfer:<id>}) are new each time;
     * their group counts as handled here while this JVM advanced one of its keys in the last 10 s.
     */
    private static final long LOCAL_GROUP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, Long> localGroups = new ConcurrentHashMap<>();

    /** Keys advanced in this JVM, least recently advanced dropped first. */
    private final Map<String, Boolean> localKeys = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > LOCAL_KEYS;
        }
    });

    private final Map<String, CopyOnWriteArrayList<Waiter>> waiters = new ConcurrentHashMap<>();

    private final BooleanSupplier inTransaction;

    /** Progress that waiters follow: the projections run after the append (streaming processors). */
    public ProjectionProgress() {
        this(() -> false);
    }

    /**
     * @param inTransaction true while the projections run in the appending transaction: nobody waits
     *     then, and the projections need not report their progress
     */
    public ProjectionProgress(BooleanSupplier inTransaction) {
        this.inTransaction = inTransaction;
    }

    /** Whether a projection has to report what it committed (see {@link #advanced}). */
    boolean followed() {
        return !inTransaction.getAsBoolean();
    }

    /** Called by the projection once the transaction that applied {@code sequence} has committed. */
    void advanced(String accountNumber, long sequence) {
        localKeys.put(accountNumber, Boolean.TRUE);
        int colon = accountNumber.indexOf(':');
        if (colon > 0) {
            localGroups.put(accountNumber.substring(0, colon + 1), System.nanoTime());
        }
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
            long[] intervals = handledHere(accountNumber) ? LOCAL_POLL_INTERVALS_MS : POLL_INTERVALS_MS;
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
                        TimeUnit.MILLISECONDS.toNanos(intervals[Math.min(poll++, intervals.length - 1)]));
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

    private boolean handledHere(String key) {
        if (localKeys.containsKey(key)) {
            return true;
        }
        int colon = key.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        Long last = localGroups.get(key.substring(0, colon + 1));
        return last != null && System.nanoTime() - last < LOCAL_GROUP_NANOS;
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
