package io.bankcore.query.audit;

import io.bankcore.query.audit.LedgerAudit.Gap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * Every event of the store up to a head, in the store's order, through Axon's streaming API
 * ({@link StreamableMessageSource#openStream} from the first token): the database's event table, Axon
 * Server, or any other store alike. One event at a time: nothing of the stream is kept. Events appended
 * after the head was taken are left for the next audit. Missing positions between two events are
 * recorded as {@link Gap}s (with Axon Server there are none).
 */
final class EventWalk {

    /** How long the stream may stay silent before the head is reached, before the audit gives up. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    private final List<Gap> gaps = new ArrayList<>();
    private long events;

    /**
     * @param head the store's head when the audit began ({@code createHeadToken()}); null for an empty store
     */
    void walk(
            StreamableMessageSource<TrackedEventMessage<?>> source,
            TrackingToken head,
            Consumer<TrackedEventMessage<?>> each) {
        long end = head == null ? -1 : position(head);
        if (end < 0) {
            return;
        }
        long previous = Long.MIN_VALUE;
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            while (previous < end) {
                if (!stream.hasNextAvailable((int) STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the event stream went silent for " + STALL_TIMEOUT.toSeconds()
                            + " s at position " + previous + ", before the head " + end);
                }
                TrackedEventMessage<?> event = stream.nextAvailable();
                long at = position(event.trackingToken());
                if (at > end) {
                    break;
                }
                if (previous != Long.MIN_VALUE && at > previous + 1) {
                    gaps.add(new Gap(previous + 1, at - 1));
                }
                previous = at;
                events++;
                each.accept(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audit interrupted", e);
        }
    }

    List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    long events() {
        return events;
    }

    /** An event's place in the store: the global index (database), or Axon Server's token. */
    static long position(TrackingToken token) {
        TrackingToken bound = WrappedToken.unwrapUpperBound(token);
        if (bound instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex();
        }
        return bound.position().orElseThrow(() -> new IllegalStateException("a token without a position: " + token));
    }
}
