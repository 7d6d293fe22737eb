package io.bankcore.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client says about one of its writes: a free {@code description} and its own {@code metadata}
 * (references such as an order id, as string keys and values). A write's memo travels in the Axon
 * metadata of its command under {@value #DESCRIPTION} and {@value #METADATA}; Axon copies both into
 * every event the command causes and every command a saga sends for those events, so both legs of a
 * transfer, its outcome and the feed carry the memo of the request that made them. An empty memo adds
 * nothing to the metadata, so events without one look as they always did.
 *
 * <p>A transfer made by an atomic batch also carries the batch's id ({@value #BATCH_ID}), set by the
 * server, never by a client: its events, ledger lines and record name the batch they were applied with.
 *
 * <p>Validation of the client's values is the HTTP layer's; here a memo only keeps what it is given,
 * metadata in key order.
 */
public record Memo(String description, Map<String, String> metadata, String batchId) {

    public static final String DESCRIPTION = "description";
    public static final String METADATA = "metadata";
    public static final String BATCH_ID = "batch_id";

    public static final Memo NONE = new Memo(null, Map.of());

    public Memo {
        metadata = metadata == null || metadata.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** A client's memo, of a write made alone (no batch). */
    public Memo(String description, Map<String, String> metadata) {
        this(description, metadata, null);
    }

    /** The same memo, for a write applied by the batch {@code batchId}. */
    public Memo inBatch(String batchId) {
        return new Memo(description, metadata, batchId);
    }

    public boolean empty() {
        return description == null && metadata.isEmpty() && batchId == null;
    }

    /** The entries to put in a message's metadata: only those that are set. */
    public Map<String, Object> asMetaData() {
        var entries = new LinkedHashMap<String, Object>(2);
        if (description != null) {
            entries.put(DESCRIPTION, description);
        }
        if (!metadata.isEmpty()) {
            entries.put(METADATA, metadata);
        }
        if (batchId != null) {
            entries.put(BATCH_ID, batchId);
        }
        return entries;
    }

    /**
     * The memo in a message's metadata; {@link #NONE} for a message that has none (every event written
     * before memos existed). Values that are not strings are ignored rather than trusted.
     */
    public static Memo of(Map<String, ?> messageMetaData) {
        Object description = messageMetaData.get(DESCRIPTION);
        Object metadata = messageMetaData.get(METADATA);
        Object batchId = messageMetaData.get(BATCH_ID);
        if (description == null && metadata == null && batchId == null) {
            return NONE;
        }
        var entries = new TreeMap<String, String>();
        if (metadata instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (key instanceof String k && value instanceof String v) {
                    entries.put(k, v);
                }
            });
        }
        return new Memo(
                description instanceof String text ? text : null, entries, batchId instanceof String id ? id : null);
    }
}
