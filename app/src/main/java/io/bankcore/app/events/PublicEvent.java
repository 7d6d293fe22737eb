package io.bankcore.app.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event as consumers see it (version 2): never Axon's internal message. {@code event_id} is the
 * store's event identifier (stable and unique: a redelivery carries the same one), {@code position}
 * the store's global index, {@code data} the payload's fields by their public names
 * ({@link EventTypes#field}: snake_case, amounts in cents as {@code *_cents}) and the memo of the write
 * that caused it ({@code description}, {@code metadata}). {@code json} is the exact
 * body of a webhook delivery, an SSE {@code data} line and a RabbitMQ message. Version 1 named amounts
 * {@code *_minor}.
 */
public record PublicEvent(
        long position,
        String eventId,
        String type,
        Instant occurredAt,
        String accountNumber,
        String correlationId,
        ObjectNode node,
        String json) {

    public static final int VERSION = 2;

    /**
     * Fields an event type gained after events of it were stored, with the value an older event means:
     * filled in, so that every event of a type has the same fields whenever it was written.
     */
    static final Map<String, Map<String, Long>> ADDED_LATER =
            Map.of("account.opened", Map.of("overdraft_limit_cents", 0L));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The public form of a stored event. A payload that is not a JSON object is kept under {@code data.value}. */
    public static PublicEvent of(EventLog.StoredEvent stored) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        JsonNode payload;
        try {
            payload = JSON.readTree(stored.payload());
        } catch (JacksonException unreadable) {
            payload = JsonNodeFactory.instance.stringNode(new String(stored.payload(), StandardCharsets.UTF_8));
        }
        if (payload != null && payload.isObject()) {
            data = publicFields((ObjectNode) payload);
        } else if (payload != null) {
            data.set("value", payload);
        }
        // The memo of the write that caused the event: a null description and {} metadata when it had none.
        // An event whose own fields are a description and metadata (account.updated) keeps its own.
        if (!data.has("description") && !data.has("metadata")) {
            data.put("description", stored.memo().description());
            ObjectNode metadata = data.putObject("metadata");
            stored.memo().metadata().forEach(metadata::put);
        }
        // The events of a transfer applied by an atomic batch name the batch.
        if (stored.memo().batchId() != null) {
            data.put("batch_id", stored.memo().batchId());
        }
        String type = EventTypes.of(stored.payloadType());
        for (var added : ADDED_LATER.getOrDefault(type, Map.of()).entrySet()) {
            if (!data.has(added.getKey())) {
                data.put(added.getKey(), added.getValue());
            }
        }
        String accountNumber = text(data, "account_number");
        // A reversal's events carry its own id, as its ledger lines do; every other transfer event the transfer's.
        String correlationId = data.has("reversal_id") ? text(data, "reversal_id") : text(data, "transfer_id");
        Instant occurredAt = stored.timestamp().truncatedTo(ChronoUnit.MICROS);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("version", VERSION);
        node.put("event_id", stored.eventId());
        node.put("position", stored.position());
        node.put("type", type);
        node.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(occurredAt));
        node.put("account_number", accountNumber);
        node.put("correlation_id", correlationId);
        node.set("data", data);
        return new PublicEvent(
                stored.position(),
                stored.eventId(),
                type,
                occurredAt,
                accountNumber,
                correlationId,
                node,
                JSON.writeValueAsString(node));
    }

    private static ObjectNode publicFields(ObjectNode source) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = source.properties().iterator(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode value = field.getValue();
            out.set(EventTypes.field(field.getKey()), value.isObject() ? publicFields((ObjectNode) value) : value);
        }
        return out;
    }

    private static String text(ObjectNode data, String field) {
        JsonNode value = data.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
