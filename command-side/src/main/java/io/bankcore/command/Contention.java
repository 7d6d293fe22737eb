package io.bankcore.command;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Accounts this instance recently lost an append race on: another instance shares them, so this one's
 * cached copy is likely stale. Told by {@link WritePipeline} and {@link ConflictRetry}; asked by {@link AccountLockFactory}, which
 * then reloads such an account once it holds its lock instead of deciding on the cached copy and
 * losing the race again. Entries expire, so an account that quietens down is served from the cache again.
 */
public final class Contention {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_ACCOUNTS = 10_000;

    private final Map<String, Long> lastConflict = new ConcurrentHashMap<>();

    private static final String SEPARATOR = "->";

    /** The retry key of a command on several accounts (a transfer's): {@link #conflicted} splits it again. */
    public static String key(String... accountNumbers) {
        return String.join(SEPARATOR, accountNumbers);
    }

    /** A conflict on a retried command's key: an account number, or a {@link #key} of several. */
    public void conflicted(String key) {
        if (lastConflict.size() >= MAX_ACCOUNTS) {
            long now = System.nanoTime();
            lastConflict.values().removeIf(at -> now - at > WINDOW_NANOS);
        }
        long now = System.nanoTime();
        for (String account : key.split(SEPARATOR)) {
            lastConflict.put(account, now);
        }
    }

    public boolean recent(String accountNumber) {
        Long at = lastConflict.get(accountNumber);
        return at != null && System.nanoTime() - at < WINDOW_NANOS;
    }
}
