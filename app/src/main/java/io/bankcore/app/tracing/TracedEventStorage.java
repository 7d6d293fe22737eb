package io.bankcore.app.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * An {@code EventStore.appendEvents} span around each append to the event store, in the trace of the
 * request whose events it writes. One append may hold the events of a whole batch of requests (the
 * write pipeline sends them together at the batch's end, with no request's context current): it then
 * has a span in each of their traces, under the context each event keeps in its metadata, all covering
 * the one statement, with the events of that request and of the whole append as attributes.
 */
final class TracedEventStorage implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final Tracer tracer;

    TracedEventStorage(EventStorageEngine delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        List<Span> spans = start(events);
        try {
            delegate.appendEvents(events);
        } catch (RuntimeException | Error failed) {
            spans.forEach(span -> AxonSpans.failed(span, failed));
            throw failed;
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** A span per trace the events belong to (events without a trace, appended outside any, get none). */
    private List<Span> start(List<? extends EventMessage<?>> events) {
        Context current = Context.current();
        SpanContext currentSpan = Span.fromContext(current).getSpanContext();
        var traces = new LinkedHashMap<String, Context>();
        var counts = new LinkedHashMap<String, Integer>();
        for (EventMessage<?> event : events) {
            SpanContext own = TraceMetadata.spanContext(event.getMetaData());
            String trace = own.isValid() ? own.getTraceId() : currentSpan.isValid() ? currentSpan.getTraceId() : null;
            if (trace == null) {
                continue;
            }
            counts.merge(trace, 1, Integer::sum);
            traces.computeIfAbsent(
                    trace,
                    t -> currentSpan.isValid() && currentSpan.getTraceId().equals(t)
                            ? current
                            : TraceMetadata.extract(Context.root(), event.getMetaData()));
        }
        var spans = new ArrayList<Span>(traces.size());
        traces.forEach((trace, parent) -> spans.add(tracer.spanBuilder("EventStore.appendEvents")
                .setParent(parent)
                .setAttribute("bankcore.events", counts.get(trace))
                .setAttribute("bankcore.append.events", events.size())
                .startSpan()));
        return spans;
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return delegate.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return delegate.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
