package io.bankcore.app.events;

import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/** A destination of the event feed, delivered in position order from its own cursor by {@link SinkRunner}. */
public interface Sink {

    /** The cursor's name in {@code event_sink}, and the processor's name in {@code /admin/processors}. */
    String name();

    /** The kind shown as the processor's mode: {@code webhook}, {@code amqp}. */
    String mode();

    /** False to stop delivering (deleted, or disabled): the runner drops it. */
    boolean active();

    /** Whether this sink wants the event; the cursor moves past those it does not. */
    boolean accepts(PublicEvent event);

    /**
     * Delivers events in order; {@code failedAttempts} is how many attempts at the first of them failed
     * already (0 on a first try). {@code delivered} is told the position of each event (or the last of a
     * group) once it is durably delivered; the runner moves the cursor there. Throws {@link Failure} at
     * the first event that could not be delivered: the runner retries from it after a back-off.
     */
    void deliver(List<PublicEvent> events, int failedAttempts, LongConsumer delivered) throws Failure;

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
