package io.bankcore.app.tracing;

import io.bankcore.app.events.DeliveryTracing;
import io.bankcore.app.events.PublicEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery spans ({@link DeliveryTracing}) from the trace contexts the events keep in the event store's
 * metadata column, read with one statement per round (the feed itself reads no metadata). A delivery
 * span starts a trace of its own, linked to the request's: a delivery happens later, possibly again,
 * and on any instance. Its attributes name the sink, the event and its type; never a URL, a header or
 * anything of the event's data.
 */
final class EventDeliveryTracing implements DeliveryTracing {

    private static final Logger log = LoggerFactory.getLogger(EventDeliveryTracing.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Tracer tracer;
    private final JdbcTemplate jdbc;

    EventDeliveryTracing(Tracer tracer, JdbcTemplate jdbc) {
        this.tracer = tracer;
        this.jdbc = jdbc;
    }

    @Override
    public Round round(List<PublicEvent> events) {
        if (events.isEmpty()) {
            return NONE.round(events);
        }
        long first = events.get(0).position();
        long last = events.get(events.size() - 1).position();
        var requests = new HashMap<Long, SpanContext>(events.size() * 2);
        try {
            read(requests, Math.min(first, last), Math.max(first, last));
        } catch (DataAccessException unreadable) {
            // The deliveries go on, their spans unlinked: tracing never holds up a delivery.
            log.debug("cannot read the trace contexts of events {} to {}: {}", first, last, unreadable.toString());
        }
        return (operation, sink, event, carrier) ->
                start(operation, sink, event, requests.get(event.position()), carrier);
    }

    private void read(Map<Long, SpanContext> requests, long first, long last) {
        jdbc.query(
                "SELECT global_index, meta_data FROM domain_event_entry WHERE global_index BETWEEN ? AND ?",
                rs -> {
                    SpanContext request = TraceMetadata.spanContext(traceEntries(rs.getBytes(2)));
                    if (request.isValid()) {
                        requests.put(rs.getLong(1), request);
                    }
                },
                first,
                last);
    }

    private Delivery start(
            String operation, String sink, PublicEvent event, SpanContext request, BiConsumer<String, String> carrier) {
        var builder = tracer.spanBuilder(operation + "(" + event.type() + ")")
                .setNoParent()
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("bankcore.sink", sink)
                .setAttribute("bankcore.event.id", event.eventId())
                .setAttribute("bankcore.event.type", event.type())
                .setAttribute("bankcore.event.position", event.position());
        if (request != null) {
            builder.addLink(request);
        }
        Span span = builder.startSpan();
        TraceMetadata.of(Context.root().with(span)).forEach(carrier);
        return error -> {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error);
            }
            span.end();
        };
    }

    /** The trace entries of serialized metadata (a JSON object); none when it is unreadable. */
    static Map<String, String> traceEntries(byte[] metadata) {
        if (metadata == null) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(metadata);
            var entries = new HashMap<String, String>(4);
            for (String key : List.of(TraceMetadata.TRACEPARENT, "tracestate")) {
                JsonNode value = node == null ? null : node.get(key);
                if (value != null && value.isString()) {
                    entries.put(key, value.stringValue());
                }
            }
            return entries;
        } catch (JacksonException unreadable) {
            return Map.of();
        }
    }
}
