package io.bankcore.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

/**
 * Head and rate from a streamable store that answers tokens as Axon Server SE 4.6.11 through the
 * connector does (read in their sources, seen against a running server): positions from 0 without
 * gaps; the token at an instant is the last event before it (the server's first event at or after it,
 * minus one), and none when the instant is before the first event.
 */
class StreamableEventsTest {

    /** Events appended at these instants, at positions 0, 1, 2, ... */
    record AxonServerLike(List<Instant> appended) implements StreamableMessageSource<TrackedEventMessage<?>> {

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TrackingToken createHeadToken() {
            return appended.isEmpty() ? null : new GlobalSequenceTrackingToken(appended.size() - 1);
        }

        @Override
        public TrackingToken createTokenAt(Instant instant) {
            for (int i = 0; i < appended.size(); i++) {
                if (!appended.get(i).isBefore(instant)) {
                    // -1 (nothing before the instant) reaches Axon as no token at all.
                    return i == 0 ? null : new GlobalSequenceTrackingToken(i - 1);
                }
            }
            return appended.isEmpty() ? null : new GlobalSequenceTrackingToken(appended.size() - 1);
        }
    }

    private static final Instant T0 = Instant.parse("2026-12-02T15:00:00Z");

    @Test
    void an_empty_store_has_no_head() {
        assertThat(new StreamableEvents(new AxonServerLike(List.of())).headPosition())
                .isEqualTo(-1);
    }

    @Test
    void events_since_an_instant_count_from_the_first_at_or_after_it() {
        var events = new StreamableEvents(new AxonServerLike(
                List.of(T0, T0.plusSeconds(10), T0.plusSeconds(70), T0.plusSeconds(80), T0.plusSeconds(90))));
        long head = events.headPosition();
        assertThat(head).isEqualTo(4);
        assertThat(events.appendedSince(T0.plusSeconds(60), head)).isEqualTo(3);
        assertThat(events.appendedSince(T0.plusSeconds(80), head)).isEqualTo(2);
        assertThat(events.appendedSince(T0.plusSeconds(91), head)).isZero();
    }

    @Test
    void an_instant_before_the_first_event_counts_every_event() {
        var events = new StreamableEvents(new AxonServerLike(List.of(T0, T0.plusSeconds(1), T0.plusSeconds(2))));
        assertThat(events.appendedSince(T0.minusSeconds(60), events.headPosition()))
                .isEqualTo(3);
        assertThat(events.appendedSince(T0, events.headPosition())).isEqualTo(3);
    }
}
