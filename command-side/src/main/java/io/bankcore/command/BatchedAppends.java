package io.bankcore.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * An event storage engine that, while a batch of several requests is open on the write pipeline's
 * thread, keeps the requests' appends back and sends them all at the batch's end as one append (one
 * JDBC batch: one round trip for every event of the batch, where each request's unit of work and each
 * round of a transfer's saga would otherwise send its own).
 *
 * <p>What is kept back is in no one's way: the events are handled (projections, the saga) when they
 * are published, not when they are stored, and nothing reads the batch's uncommitted events from the
 * database but the batch itself, through this engine, which sends what it holds before any read. A
 * failed append fails the batch whichever request's read sent it (the pipeline then runs the batch in
 * halves, down to each request alone, which {@link #begin} never holds back: a request alone meets an
 * append conflict in its own unit of work, as without a pipeline).
 */
public final class BatchedAppends implements EventStorageEngine, WritePipeline.BatchWrites {

    private final EventStorageEngine delegate;
    private final ThreadLocal<Held> held = new ThreadLocal<>();

    /** The events kept back in one batch, and the failure of an append of them, which fails the batch. */
    private static final class Held {
        final List<EventMessage<?>> events = new ArrayList<>();
        RuntimeException failed;
    }

    public BatchedAppends(EventStorageEngine delegate) {
        this.delegate = delegate;
    }

    @Override
    public void begin(int requests) {
        held.set(requests > 1 ? new Held() : null);
    }

    @Override
    public void flush() {
        var batch = held.get();
        if (batch == null) {
            return;
        }
        if (batch.failed != null) {
            throw batch.failed;
        }
        if (batch.events.isEmpty()) {
            return;
        }
        var events = List.copyOf(batch.events);
        batch.events.clear();
        try {
            delegate.appendEvents(events);
        } catch (RuntimeException failed) {
            batch.failed = failed;
            throw failed;
        }
    }

    @Override
    public void end() {
        held.remove();
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        var batch = held.get();
        if (batch == null) {
            delegate.appendEvents(events);
        } else {
            batch.events.addAll(events);
        }
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        flush();
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        flush();
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        flush();
        return delegate.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        flush();
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        flush();
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        flush();
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        flush();
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        flush();
        return delegate.createTokenAt(dateTime);
    }
}
