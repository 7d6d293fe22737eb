package io.bankcore.app.ops;

import java.time.Instant;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the event store ends, and how far behind a position is: what processor lag is measured
 * against. The JDBC event store answers from {@code domain_event_entry}, so the figures are the same on
 * every instance sharing the database; Axon Server only tells its head position.
 */
public interface EventStoreHead {

    /** The last event: its global index and when it was appended; {@code index} is -1 on an empty store. */
    record Head(long index, Instant timestamp) {
        static final Head EMPTY = new Head(-1, null);

        boolean empty() {
            return index < 0;
        }
    }

    /** Events after a position up to the head, and the append time of the oldest of them (null if unknown). */
    record Behind(long events, Instant oldest) {
        static final Behind NOTHING = new Behind(0, null);
    }

    Head head();

    Behind behind(long position, Head head);

    /** True when the event store is this database's {@code domain_event_entry}. */
    boolean fromDatabase();

    /**
     * Reads {@code domain_event_entry}: the head is an index lookup ({@code max(global_index)}), and a
     * lagging position costs one more index range read, capped at {@value #COUNT_CAP} rows; beyond it
     * the lag in events is the distance in global index (an upper bound: rolled-back appends leave gaps).
     */
    final class Jdbc implements EventStoreHead {

        static final int COUNT_CAP = 10_000;

        private final JdbcTemplate jdbc;

        public Jdbc(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public Head head() {
            return jdbc.query(
                    "SELECT global_index, time_stamp FROM domain_event_entry"
                            + " WHERE global_index = (SELECT max(global_index) FROM domain_event_entry)",
                    rs -> rs.next() ? new Head(rs.getLong(1), Instant.parse(rs.getString(2))) : Head.EMPTY);
        }

        @Override
        public Behind behind(long position, Head head) {
            if (head.empty() || position >= head.index()) {
                return Behind.NOTHING;
            }
            Long counted = jdbc.queryForObject(
                    "SELECT count(*) FROM (SELECT global_index FROM domain_event_entry"
                            + " WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT "
                            + COUNT_CAP + ") behind",
                    Long.class,
                    position,
                    head.index());
            long events = counted == null ? 0 : counted;
            if (events >= COUNT_CAP) {
                events = head.index() - position;
            }
            Instant oldest = jdbc.query(
                    "SELECT time_stamp FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT 1",
                    rs -> rs.next() ? Instant.parse(rs.getString(1)) : null,
                    position);
            return new Behind(events, oldest);
        }

        @Override
        public boolean fromDatabase() {
            return true;
        }
    }

    /**
     * Any streamable event store (Axon Server's): the head from its head token, the lag in events as the
     * distance in positions, no append times.
     */
    final class Streamable implements EventStoreHead {

        private final StreamableMessageSource<?> source;

        public Streamable(StreamableMessageSource<?> source) {
            this.source = source;
        }

        @Override
        public Head head() {
            TrackingToken token = source.createHeadToken();
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            return position.isPresent() ? new Head(position.getAsLong(), null) : Head.EMPTY;
        }

        @Override
        public Behind behind(long position, Head head) {
            if (head.empty() || position >= head.index()) {
                return Behind.NOTHING;
            }
            return new Behind(head.index() - position, null);
        }

        @Override
        public boolean fromDatabase() {
            return false;
        }
    }
}
