package io.bankcore.query.replay;

import io.bankcore.api.Memo;
import io.bankcore.query.EventMemos;
import io.bankcore.query.replay.ReplayStatus.Phase;
import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.ReadTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The fast rebuild, for the database's own event store ({@code domain_event_entry}): the whole table is
 * read in global order (keyset pages) and folded into the new tables through the projections' handlers
 * on {@link BulkReadTables}, rows appended with PostgreSQL's COPY (JDBC batches on H2); then the events
 * appended since are applied statement by statement until few remain; then the switch ({@link
 * NextTables}) applies the last ones.
 *
 * <p>An event committed late into a hole of the global index (a slow transaction) is covered because
 * the rebuild keeps the holes it passed and reads them again while catching up and switching; the live
 * processors' own tokens track the holes they passed, so they apply such an event after the switch.
 */
final class EventTableRebuild implements Rebuild {

    private static final Logger log = LoggerFactory.getLogger(EventTableRebuild.class);

    static final int PAGE_SIZE = 5_000;
    /** Catch up until fewer events than this remain, then switch. */
    static final int SWITCH_BELOW = 2_000;

    private static final String SELECT_EVENTS = "SELECT global_index, type, aggregate_identifier, sequence_number,"
            + " event_identifier, payload_type, payload_revision, payload, time_stamp, meta_data FROM domain_event_entry";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final NextTables tables;

    EventTableRebuild(DataSource dataSource, Serializer serializer, NextTables tables) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.serializer = serializer;
        this.tables = tables;
    }

    /** Where a run is: the last global index read, and the holes it passed below it. */
    private static final class Cursor {
        long position = -1;
        final TreeSet<Long> holes = new TreeSet<>();

        Cursor copy() {
            var copy = new Cursor();
            copy.position = position;
            copy.holes.addAll(holes);
            return copy;
        }
    }

    @Override
    public void run(Run run) throws Exception {
        var cursor = new Cursor();
        run.total = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
        run.report();
        tables.create();
        copy(run, cursor);
        tables.index();
        run.enter(Phase.CATCHING_UP);
        int applied;
        do {
            applied = catchUp(run, cursor);
        } while (applied >= SWITCH_BELOW);
        run.enter(Phase.SWITCHING);
        // Where an attempt starts: a rolled-back attempt (also one that never got its lock) goes back there.
        var before = new Cursor[] {cursor.copy()};
        var counts = new long[] {run.done, run.total};
        tables.switchIn(
                run.replayId,
                connection -> {
                    if (connection != null) {
                        catchUp(connection, run, cursor);
                    } else {
                        catchUp(run, cursor);
                    }
                },
                () -> {
                    cursor.position = before[0].position;
                    cursor.holes.clear();
                    cursor.holes.addAll(before[0].holes);
                    run.done = counts[0];
                    run.total = counts[1];
                    catchUp(run, cursor);
                    before[0] = cursor.copy();
                    counts[0] = run.done;
                    counts[1] = run.total;
                });
    }

    @Override
    public void cleanUp() {
        tables.drop();
    }

    /** Applies the rows of a query in global order; returns how many there were; records holes. */
    private int apply(ResultSet rs, ReplayHandlers handlers, Run run, Cursor cursor, boolean advance) throws Exception {
        int rows = 0;
        while (rs.next()) {
            rows++;
            long index = rs.getLong(1);
            if (advance) {
                for (long hole = cursor.position + 1; hole < index && cursor.position >= 0; hole++) {
                    cursor.holes.add(hole);
                }
                cursor.position = Math.max(cursor.position, index);
            }
            cursor.holes.remove(index);
            Object payload = serializer.deserialize(
                    new SimpleSerializedObject<>(rs.getBytes(8), byte[].class, rs.getString(6), rs.getString(7)));
            handlers.apply(new GenericDomainEventMessage<>(
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    payload,
                    memo(rs.getBytes(10)),
                    rs.getString(5),
                    Instant.parse(rs.getString(9))));
            run.done++;
        }
        return rows;
    }

    /** An event's metadata as far as the projections read it: its memo. */
    private MetaData memo(byte[] serialized) {
        Memo memo = EventMemos.read(serializer, serialized);
        return memo.empty() ? MetaData.emptyInstance() : MetaData.from(memo.asMetaData());
    }

    /** One keyset page of events after the cursor. */
    private int page(Connection connection, ReplayHandlers handlers, Run run, Cursor cursor) throws Exception {
        try (var query = connection.prepareStatement(
                SELECT_EVENTS + " WHERE global_index > ? ORDER BY global_index LIMIT " + PAGE_SIZE)) {
            query.setLong(1, cursor.position);
            query.setFetchSize(PAGE_SIZE);
            try (ResultSet rs = query.executeQuery()) {
                int rows = apply(rs, handlers, run, cursor, true);
                if (run.done > run.total) {
                    run.total = run.done;
                }
                return rows;
            }
        }
    }

    /** The holes passed so far, read again: an event committed late into one is applied now. */
    private int holes(Connection connection, ReplayHandlers handlers, Run run, Cursor cursor) throws Exception {
        int found = 0;
        var holes = new ArrayList<>(cursor.holes);
        for (int from = 0; from < holes.size(); from += 500) {
            var chunk = holes.subList(from, Math.min(holes.size(), from + 500));
            String in = String.join(",", chunk.stream().map(String::valueOf).toList());
            try (Statement query = connection.createStatement();
                    ResultSet rs = query.executeQuery(
                            SELECT_EVENTS + " WHERE global_index IN (" + in + ") ORDER BY global_index")) {
                found += apply(rs, handlers, run, cursor, false);
            }
        }
        run.total += found;
        return found;
    }

    private void copy(Run run, Cursor cursor) throws Exception {
        try (Connection connection = dataSource.getConnection();
                var sink = new RowSink.Async(dataSource)) {
            connection.setAutoCommit(true);
            var bulk = new BulkReadTables(sink, ReadTables.NEXT);
            var handlers = ReplayHandlers.on(bulk, bulk);
            while (page(connection, handlers, run, cursor) == PAGE_SIZE) {
                bulk.flushIfLarge();
                run.reportNow();
            }
            bulk.finish();
            sink.drain();
            if (bulk.orphanSettlements() > 0) {
                log.warn(
                        "replay {}: {} transfer settlements without their request",
                        run.replayId,
                        bulk.orphanSettlements());
            }
        }
        run.report();
    }

    /** Applies every event after the cursor (and in its holes) to the new tables; returns how many. */
    private int catchUp(Run run, Cursor cursor) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int applied = catchUp(connection, run, cursor);
            connection.commit();
            run.report();
            return applied;
        }
    }

    private int catchUp(Connection connection, Run run, Cursor cursor) throws Exception {
        var next =
                new JdbcReadTables(new JdbcTemplate(new SingleConnectionDataSource(connection, true)), ReadTables.NEXT);
        var handlers = ReplayHandlers.on(next, next);
        int applied = holes(connection, handlers, run, cursor);
        int rows;
        do {
            rows = page(connection, handlers, run, cursor);
            applied += rows;
        } while (rows == PAGE_SIZE);
        return applied;
    }
}
