package io.bankcore.app.ops;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The operations dashboard's head and rate from a streamable event store (Axon Server's): the head is
 * the head token's position; the events since an instant are the distance from the token at that
 * instant. That token is a tracking token: the position of the last event appended before the instant
 * (Axon Server answers the first event at or after it, or the head + 1 when there is none, and the
 * connector subtracts one), and none when the instant is before the first event. Axon Server's
 * positions start at 0 and have no gaps, so the count is exact. Each call is one round trip to the
 * server, bounded by the connector's commit timeout.
 */
final class StreamableEvents implements OpsStatistics.RemoteEvents {

    private final StreamableMessageSource<?> source;

    StreamableEvents(StreamableMessageSource<?> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public long headPosition() {
        return position(source.createHeadToken(), -1);
    }

    @Override
    public long appendedSince(Instant since, long head) {
        // No token: the instant is before the first event, so every event counts (from position 0).
        long lastBefore = position(source.createTokenAt(since), -1);
        return Math.max(0, head - lastBefore);
    }

    private static long position(TrackingToken token, long otherwise) {
        return token == null ? otherwise : token.position().orElse(otherwise);
    }
}
