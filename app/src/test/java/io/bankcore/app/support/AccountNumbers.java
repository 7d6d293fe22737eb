package io.bankcore.app.support;

import java.util.concurrent.atomic.AtomicLong;

/** Fresh, valid account numbers, so tests sharing one application context never collide. */
public final class AccountNumbers {

    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private AccountNumbers() {}

    /** A 10-digit number not handed out before in this JVM. */
    public static String fresh() {
        return String.format("%010d", NEXT.incrementAndGet() % 10_000_000_000L);
    }
}
