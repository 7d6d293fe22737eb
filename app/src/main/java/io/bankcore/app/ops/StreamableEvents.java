package io.bankcore.app.ops;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The operations dashboard's head and rate from a streamable event store (Axon Server's): the head is
 * the head token's position; the events since an instant are the distance from the token at that
 * instant, which Axon Server answers as the position of the first event appended at or after it (the
 * head's position + 1 when there is none). Axon Server's positions have no gaps, so the count is exact.
 * Each call is one round trip to the server, bounded by the connector's commit timeout.
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
        long first = position(source.createTokenAt(since), head + 1);
        return Math.max(0, head - first + 1);
    }

    private static long position(TrackingToken token, long otherwise) {
        return token == null ? otherwise : token.position().orElse(otherwise);
    }
}
