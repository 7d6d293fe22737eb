package io.bankcore.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A batch's appends are held back and sent as one, before any read and before the batch commits. */
class BatchedAppendsTest {

    /** Records each append (the events' aggregate ids) and each read; fails appends of "conflict". */
    static final class RecordingEngine implements EventStorageEngine {
        final List<String> calls = new ArrayList<>();

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            var ids = events.stream()
                    .map(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                    .toList();
            calls.add("append " + String.join(",", ids));
            if (ids.contains("conflict")) {
                throw new IllegalStateException("duplicate key");
            }
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {}

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            calls.add("read stream");
            return Stream.empty();
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            calls.add("read " + aggregateIdentifier);
            return DomainEventStream.empty();
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return Optional.empty();
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            calls.add("last " + aggregateIdentifier);
            return Optional.empty();
        }
    }

    final RecordingEngine engine = new RecordingEngine();
    final BatchedAppends appends = new BatchedAppends(engine);

    static EventMessage<?> event(String aggregate) {
        return new GenericDomainEventMessage<>("Account", aggregate, 0, "payload");
    }

    @AfterEach
    void end() {
        appends.end();
    }

    @Test
    void outside_a_batch_every_append_goes_straight_through() {
        appends.appendEvents(List.of(event("a")));
        assertThat(engine.calls).containsExactly("append a");
    }

    @Test
    void a_request_alone_holds_nothing_back() {
        appends.begin(1);
        appends.appendEvents(List.of(event("a")));
        assertThat(engine.calls).containsExactly("append a");
    }

    @Test
    void a_batch_sends_its_appends_as_one_before_a_read_and_at_its_end() {
        appends.begin(3);
        appends.appendEvents(List.of(event("a")));
        appends.appendEvents(List.of(event("b"), event("c")));
        assertThat(engine.calls).isEmpty();

        appends.readEvents("b");
        appends.appendEvents(List.of(event("d")));
        appends.lastSequenceNumberFor("e");
        appends.appendEvents(List.of(event("f")));
        appends.flush();
        appends.flush();

        assertThat(engine.calls).containsExactly("append a,b,c", "read b", "append d", "last e", "append f");
    }

    @Test
    void an_append_that_failed_fails_the_batch_at_its_end_too() {
        appends.begin(2);
        appends.appendEvents(List.of(event("conflict")));
        assertThatThrownBy(() -> appends.readEvents("a")).hasMessage("duplicate key");
        appends.appendEvents(List.of(event("b")));

        assertThatThrownBy(appends::flush).hasMessage("duplicate key");
        assertThat(engine.calls).containsExactly("append conflict");
    }

    @Test
    void the_next_batch_starts_with_nothing_held() {
        appends.begin(2);
        appends.appendEvents(List.of(event("a")));
        appends.end();
        appends.begin(2);
        appends.flush();
        assertThat(engine.calls).isEmpty();
    }
}
