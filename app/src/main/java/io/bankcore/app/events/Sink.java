package io.bankcore.app.events;

import java.time.Duration;
import java.util.List;

/** A destination of the event feed, delivered in position order from its own cursor by {@link SinkRunner}. */
public interface Sink {

    /** The cursor's name in {@code event_sink}, and the processor's name in {@code /admin/processors}. */
    String name();

    /** The kind shown as the processor's mode: {@code WEBHOOK}, {@code AMQP}. */
    String mode();

    /** False to stop delivering (deleted, or disabled): the runner drops it. */
    boolean active();

    /** Whether this sink wants the event; the cursor moves past those it does not. */
    boolean accepts(PublicEvent event);

    /**
     * Delivers events in order; {@code failedAttempts} is how many attempts at the first of them failed
     * already (0 on a first try). {@code round} is told the position of each event (or the last of a
     * group) once it is durably delivered, and takes the sink's own records of its attempts; the runner
     * writes those and moves the cursor past the delivered events in one transaction when the round
     * ends. Throws {@link Failure} at the first event that could not be delivered: the runner retries
     * from it after a back-off. A sink may also end a round early (returning normally) once
     * {@link Round#overtime()}: the next round goes on from the first event not reported delivered.
     */
    void deliver(List<PublicEvent> events, int failedAttempts, Round round) throws Failure;

    /** One delivery round, as the sink reports it to the runner. */
    interface Round {

        /** The event at {@code position}, and every earlier one of the round, is durably delivered. */
        void delivered(long position);

        /** A write to make in the transaction that moves the cursor at the end of the round. */
        void onCommit(Runnable write);

        /**
         * True once the round has run long enough that it should end at the next event: progress is
         * committed, the lease renewed, and a crash resends less.
         */
        boolean overtime();
    }

    /** How many events one delivery round takes. */
    int batchSize();

    /** The wait after the n-th consecutive failure. */
    Duration backoff(int failures);

    /** Called once the consecutive failures reach the sink's limit, if it has one. */
    default void tooManyFailures(int failures, String lastError) {}

    /** A delivery that failed; its message is shown to operators (never a secret). */
    final class Failure extends Exception {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }
}
