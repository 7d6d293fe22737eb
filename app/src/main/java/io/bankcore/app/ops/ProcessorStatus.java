package io.bankcore.app.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where every event processor stands. Two sources, on purpose: {@code running}, {@code error} and the
 * processor's mode come from this JVM's processor objects, while segments, owners and positions come
 * from {@code token_entry}, which every instance sharing the database sees alike. The lag of a segment
 * is measured against the event store's head (see {@link EventStoreHead}). Cost: one read of
 * {@code token_entry}, one index lookup for the head, and for each distinct position behind the head
 * two small index reads; nothing more when every processor is caught up.
 */
public class ProcessorStatus {

    public record Snapshot(EventStoreHead.Head head, List<Processor> processors, Instant at) {

        public Processor processor(String name) {
            return processors.stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * One processor. {@code lagEvents}/{@code lagMs} are the worst of its segments; {@code lagMs} is null
     * when the event store does not tell append times.
     */
    public record Processor(
            String name,
            String mode,
            boolean running,
            boolean error,
            boolean replaying,
            long lagEvents,
            Long lagMs,
            List<SegmentStatus> segments) {}

    /** {@code owner} is null for an unclaimed segment; {@code position} -1 before the first event. */
    public record SegmentStatus(
            int segment,
            int of,
            String owner,
            long position,
            long lagEvents,
            Long lagMs,
            boolean claimedByThisInstance,
            boolean replaying) {}

    private record TokenRow(String processor, int segment, String owner, TrackingToken token) {}

    /**
     * Streaming processors that are not Axon's (the event feed's sinks): each one cursor, reported like a
     * processor of one segment.
     */
    public interface Extra {

        record Cursor(String name, String mode, boolean running, boolean error, String owner, long position) {}

        List<Cursor> cursors();
    }

    private java.util.function.Supplier<List<Extra>> extras = List::of;

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventStoreHead store;
    private final String nodeId;
    private final Clock clock;

    public ProcessorStatus(
            EventProcessingConfiguration processing,
            JdbcTemplate jdbc,
            Serializer serializer,
            EventStoreHead store,
            String nodeId,
            Clock clock) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.store = store;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public String nodeId() {
        return nodeId;
    }

    public ProcessorStatus withExtras(java.util.function.Supplier<List<Extra>> extras) {
        this.extras = extras;
        return this;
    }

    public Snapshot snapshot() {
        // Tokens before the head: a token read first can only be at or behind the head read after it.
        Map<String, List<TokenRow>> tokens = tokens();
        EventStoreHead.Head head = store.head();
        Instant now = clock.instant();
        var behindCache = new HashMap<Long, EventStoreHead.Behind>();
        var processors = new ArrayList<Processor>();
        for (Map.Entry<String, EventProcessor> entry : new TreeMap<>(processing.eventProcessors()).entrySet()) {
            processors.add(processor(
                    entry.getKey(),
                    entry.getValue(),
                    tokens.getOrDefault(entry.getKey(), List.of()),
                    head,
                    now,
                    behindCache));
        }
        for (Extra extra : extras.get()) {
            for (Extra.Cursor cursor : extra.cursors()) {
                var behind = behindCache.computeIfAbsent(cursor.position(), p -> store.behind(p, head));
                Long lagMs = lagMs(behind, now);
                processors.add(new Processor(
                        cursor.name(),
                        cursor.mode(),
                        cursor.running(),
                        cursor.error(),
                        false,
                        behind.events(),
                        lagMs,
                        List.of(new SegmentStatus(
                                0,
                                1,
                                cursor.owner(),
                                cursor.position(),
                                behind.events(),
                                lagMs,
                                nodeId.equals(cursor.owner()),
                                false))));
            }
        }
        return new Snapshot(head, List.copyOf(processors), now);
    }

    private Processor processor(
            String name,
            EventProcessor processor,
            List<TokenRow> rows,
            EventStoreHead.Head head,
            Instant now,
            Map<Long, EventStoreHead.Behind> behindCache) {
        String mode = mode(processor);
        boolean streaming = processor instanceof StreamingEventProcessor;
        boolean replaying = streaming && ((StreamingEventProcessor) processor).isReplaying();
        var segments = new ArrayList<SegmentStatus>();
        long lagEvents = 0;
        Long lagMs = store.fromDatabase() ? 0L : null;
        if (streaming) {
            Segment[] computed = Segment.computeSegments(
                    rows.stream().mapToInt(TokenRow::segment).toArray());
            var masks = new HashMap<Integer, Integer>();
            for (Segment segment : computed) {
                masks.put(segment.getSegmentId(), segment.getMask());
            }
            for (TokenRow row : rows) {
                long position = position(row.token());
                var behind = behindCache.computeIfAbsent(position, p -> store.behind(p, head));
                Long segmentLagMs = lagMs(behind, now);
                boolean segmentReplaying = row.token() instanceof ReplayToken;
                replaying |= segmentReplaying;
                segments.add(new SegmentStatus(
                        row.segment(),
                        masks.getOrDefault(row.segment(), 0) + 1,
                        row.owner(),
                        position,
                        behind.events(),
                        segmentLagMs,
                        nodeId.equals(row.owner()),
                        segmentReplaying));
                lagEvents = Math.max(lagEvents, behind.events());
                lagMs = lagMs == null || segmentLagMs == null ? null : Math.max(lagMs, segmentLagMs);
            }
            if (rows.isEmpty()) {
                // No token yet: nothing handled, every event is ahead of it.
                var behind = behindCache.computeIfAbsent(-1L, p -> store.behind(p, head));
                lagEvents = behind.events();
                lagMs = lagMs(behind, now);
            }
        }
        return new Processor(
                name,
                mode,
                processor.isRunning(),
                processor.isError(),
                replaying,
                lagEvents,
                lagMs,
                List.copyOf(segments));
    }

    private Long lagMs(EventStoreHead.Behind behind, Instant now) {
        if (behind.events() == 0) {
            return 0L;
        }
        if (behind.oldest() == null) {
            return store.fromDatabase() ? 0L : null;
        }
        return Math.max(0, Duration.between(behind.oldest(), now).toMillis());
    }

    private static long position(TrackingToken token) {
        if (token == null) {
            return -1;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : -1;
    }

    static String mode(EventProcessor processor) {
        if (processor instanceof TrackingEventProcessor) {
            return "TRACKING";
        }
        if (processor instanceof PooledStreamingEventProcessor) {
            return "POOLED";
        }
        if (processor instanceof SubscribingEventProcessor) {
            return "SUBSCRIBING";
        }
        return "OTHER";
    }

    private Map<String, List<TokenRow>> tokens() {
        var rows = new HashMap<String, List<TokenRow>>();
        jdbc.query(
                "SELECT processor_name, segment, owner, token, token_type FROM token_entry ORDER BY processor_name, segment",
                rs -> {
                    byte[] bytes = rs.getBytes(4);
                    String type = rs.getString(5);
                    TrackingToken token = bytes == null || type == null
                            ? null
                            : serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
                    rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new TokenRow(rs.getString(1), rs.getInt(2), rs.getString(3), token));
                });
        return rows;
    }
}
