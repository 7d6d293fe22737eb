package io.bankcore.app.events;

import io.bankcore.api.Memo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed events of {@code domain_event_entry} in position (global index) order, without ever
 * passing one that may still commit.
 *
 * <p>Global indexes are drawn when an event is inserted, but transactions commit in any order: index 7
 * can become visible after 8. A missing index is either such a transaction still open or one that
 * rolled back (its index is never used). A read stops before a missing index until the event after it
 * is {@code gapTimeout} old; then the index counts as rolled back, the rule Axon's gap-aware token uses
 * to forget gaps (same default: 60 s). So every consumer sees every committed event exactly in position
 * order, and a cursor is one number; the price is that a rolled-back append holds the feed back for
 * up to {@code gapTimeout}. An event whose transaction commits later than that after a later event
 * became visible is passed over, as Axon's own processors would pass it (keep appending transactions
 * short; the audit reports such gaps).
 */
public class EventLog {

    /** One row of the event store, as stored. */
    public record StoredEvent(
            long position,
            String eventId,
            String aggregateId,
            long sequenceNumber,
            String payloadType,
            byte[] payload,
            Instant timestamp,
            Memo memo) {

        /** An event without a memo. */
        public StoredEvent(
                long position,
                String eventId,
                String aggregateId,
                long sequenceNumber,
                String payloadType,
                byte[] payload,
                Instant timestamp) {
            this(position, eventId, aggregateId, sequenceNumber, payloadType, payload, timestamp, Memo.NONE);
        }
    }

    /**
     * Events after {@code after}, in order; {@code through} is where the read may resume (the last
     * event returned, or {@code after}), {@code heldBack} true when a young gap stopped the read.
     */
    public record Batch(List<StoredEvent> events, long through, boolean heldBack) {}

    private final JdbcTemplate jdbc;
    private final Duration gapTimeout;
    private final Clock clock;

    public EventLog(JdbcTemplate jdbc, Duration gapTimeout, Clock clock) {
        this.jdbc = jdbc;
        this.gapTimeout = gapTimeout;
        this.clock = clock;
    }

    public Duration gapTimeout() {
        return gapTimeout;
    }

    /** At most {@code max} events after the position {@code after}, stopping before a young gap. */
    public Batch after(long after, int max) {
        List<StoredEvent> rows = jdbc.query(
                "SELECT global_index, event_identifier, aggregate_identifier, sequence_number, payload_type, payload,"
                        + " time_stamp, meta_data FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT ?",
                EventLog::row,
                after,
                max);
        Instant settled = clock.instant().minus(gapTimeout);
        var events = new ArrayList<StoredEvent>(rows.size());
        long expected = after + 1;
        for (StoredEvent row : rows) {
            if (row.position() > expected && !row.timestamp().isBefore(settled)) {
                // Something between the last event and this one may still commit: not past it yet.
                return new Batch(events, expected - 1, true);
            }
            events.add(row);
            expected = row.position() + 1;
        }
        return new Batch(events, expected - 1, false);
    }

    /** The event at a position, if it is in the store. */
    public StoredEvent at(long position) {
        List<StoredEvent> rows = jdbc.query(
                "SELECT global_index, event_identifier, aggregate_identifier, sequence_number, payload_type, payload,"
                        + " time_stamp, meta_data FROM domain_event_entry WHERE global_index = ?",
                EventLog::row,
                position);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static StoredEvent row(ResultSet rs, int n) throws SQLException {
        return new StoredEvent(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getBytes(6),
                Instant.parse(rs.getString(7)),
                memo(rs.getBytes(8)));
    }

    /**
     * The memo in an event's stored metadata (a JSON object, as Axon's Jackson serializer writes it);
     * none when the metadata cannot be read.
     */
    static Memo memo(byte[] metaData) {
        if (metaData == null) {
            return Memo.NONE;
        }
        try {
            JsonNode node = JSON.readTree(metaData);
            if (node == null || !node.isObject()) {
                return Memo.NONE;
            }
            return Memo.of(JSON.convertValue(node, MAP));
        } catch (JacksonException | IllegalArgumentException unreadable) {
            return Memo.NONE;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** The positions of an aggregate's events from sequence {@code from} to {@code to}, by sequence number. */
    public Map<Long, Long> positions(String aggregateId, long from, long to) {
        var positions = new HashMap<Long, Long>();
        jdbc.query(
                "SELECT sequence_number, global_index FROM domain_event_entry WHERE aggregate_identifier = ?"
                        + " AND sequence_number BETWEEN ? AND ?",
                rs -> {
                    positions.put(rs.getLong(1), rs.getLong(2));
                },
                aggregateId,
                from,
                to);
        return positions;
    }

    /** The newest committed position, 0 when the store is empty. */
    public long newest() {
        Long max = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }
}
