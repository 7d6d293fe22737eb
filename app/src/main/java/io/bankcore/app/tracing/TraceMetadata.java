package io.bankcore.app.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * A trace context as W3C {@code traceparent} (and {@code tracestate}) entries of a map: an Axon
 * message's metadata, which the event store keeps with every event, or the headers of a delivery.
 * Only these two keys are read or written; nothing else of the metadata reaches a span.
 */
final class TraceMetadata {

    static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, ?>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, ?> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, ?> carrier, String key) {
            Object value = carrier == null ? null : carrier.get(key);
            return value instanceof String text ? text : null;
        }
    };

    private TraceMetadata() {}

    /** {@code base} with the span context the entries name as its parent (base itself when they name none). */
    static Context extract(Context base, Map<String, ?> entries) {
        if (entries == null || !(entries.get(TRACEPARENT) instanceof String)) {
            return base;
        }
        return W3C.extract(base, entries, GETTER);
    }

    /** The span context the entries name; invalid when they name none. */
    static SpanContext spanContext(Map<String, ?> entries) {
        return Span.fromContext(extract(Context.root(), entries)).getSpanContext();
    }

    /** The entries that carry a span's context ({@code traceparent}, and {@code tracestate} if any). */
    static Map<String, String> of(Context context) {
        var entries = new HashMap<String, String>(4);
        W3C.inject(context, entries, Map::put);
        return entries;
    }
}
