package io.bankcore.query.replay;

import io.bankcore.api.Memo;
import io.bankcore.query.AccountProjection;
import io.bankcore.query.EventMemos;
import io.bankcore.query.LiveTablesGate;
import io.bankcore.query.ProjectionProgress;
import io.bankcore.query.TransferProjection;
import io.bankcore.query.replay.ReplayStatus.Phase;
import io.bankcore.query.replay.ReplayStatus.Status;
import io.bankcore.query.tables.AccountTables;
import io.bankcore.query.tables.JdbcReadTables;
import io.bankcore.query.tables.ReadTables;
import io.bankcore.query.tables.TransferTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Rebuilds the balance, ledger and transfer read models from the event store, without emptying the
 * live tables and without running anything but the two projections' own handlers (no saga, no
 * command: a replay has no side effects).
 *
 * <ol>
 *   <li><b>Copying</b>: the whole store is read in global order (keyset pages) and folded into the
 *       new tables ({@link ReadTables#NEXT}) through the projections' handlers on {@link
 *       BulkReadTables}; rows are appended with PostgreSQL's COPY (JDBC batches on H2). The live
 *       tables keep serving queries and the live processors keep applying new events to them.
 *   <li><b>Catching up</b>: the events appended since are applied to the new tables statement by
 *       statement, until few remain.
 *   <li><b>Switching</b>, on PostgreSQL in one transaction: the live tables are locked against writers
 *       ({@code EXCLUSIVE}: readers go on), so every event a live processor applied to them is committed;
 *       the remaining events are applied to the new tables; the live tables are dropped and the new ones
 *       take their names, constraints and indexes. Readers wait only for the renames. On H2 (one
 *       instance by nature) this instance's processors are paused instead, and the rows are copied
 *       into the live tables in one transaction.
 * </ol>
 *
 * <p>Why nothing is lost or applied twice: every write of the projections is guarded by the account's
 * event sequence (see {@link io.bankcore.query.tables.AccountTables}), so the live processors, whose
 * tokens may be behind or ahead of the replay's position, re-apply the events past their token to the
 * new tables harmlessly. An event committed late into a hole of the global index (a slow transaction)
 * is covered because the replay keeps the holes it passed and reads them again while switching; the
 * live processors' own tokens track the holes they passed, so they apply such an event after the switch.
 */
public class ReadModelReplay {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplay.class);

    static final int PAGE_SIZE = 5_000;
    /** Catch up until fewer events than this remain, then switch. */
    static final int SWITCH_BELOW = 2_000;

    private static final int SWITCH_ATTEMPTS = 20;
    private static final String LOCK_TIMEOUT = "2s";
    private static final java.time.Duration GATE_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processors;
    private final ReplayRuns runs;
    private final Executor executor;
    private final String node;
    private final Clock clock;
    private final LiveTablesGate gate;

    public ReadModelReplay(
            DataSource dataSource,
            Serializer serializer,
            EventProcessingConfiguration processors,
            LiveTablesGate gate,
            ReplayRuns runs,
            Executor executor,
            String node,
            Clock clock) {
        this.dataSource = dataSource;
        this.gate = gate;
        this.jdbc = new JdbcTemplate(dataSource);
        this.serializer = serializer;
        this.processors = processors;
        this.runs = runs;
        this.executor = executor;
        this.node = node;
        this.clock = clock;
    }

    /** Thrown by {@link #start()} when a replay is already running on some instance. */
    public static final class AlreadyRunning extends RuntimeException {
        private final String replayId;

        AlreadyRunning(String replayId) {
            super("replay " + replayId + " is running");
            this.replayId = replayId;
        }

        public String replayId() {
            return replayId;
        }
    }

    /**
     * Starts a replay in the background.
     *
     * @return its status, RUNNING
     * @throws AlreadyRunning if one is running (on this or another instance)
     */
    public ReplayStatus start() {
        String replayId = UUID.randomUUID().toString();
        // The store's size is counted by the run itself: on a large store a full count takes seconds.
        ReplayStatus status = runs.begin(replayId, node)
                .orElseThrow(() -> new AlreadyRunning(runs.running().orElse("unknown")));
        executor.execute(() -> run(replayId));
        return status;
    }

    public Optional<ReplayStatus> find(String replayId) {
        return runs.find(replayId);
    }

    public Optional<ReplayStatus> latest() {
        return runs.latest();
    }

    // ---- one run -----------------------------------------------------------------------------------

    /** Where a run is: the last global index read, and the holes it passed below it. */
    private static final class Cursor {
        long position = -1;
        final TreeSet<Long> holes = new TreeSet<>();
        long done;
        long total;

        Cursor copy() {
            var copy = new Cursor();
            copy.position = position;
            copy.holes.addAll(holes);
            copy.done = done;
            copy.total = total;
            return copy;
        }
    }

    private void run(String replayId) {
        var cursor = new Cursor();
        Phase phase = Phase.COPYING;
        Instant started = clock.instant();
        try {
            cursor.total = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry", Long.class);
            runs.progress(replayId, phase, cursor.done, cursor.total);
            boolean postgres = isPostgres();
            List<Definition> definitions = postgres ? liveDefinitions() : List.of();
            prepareNextTables(postgres);
            copy(replayId, cursor);
            if (postgres) {
                buildPostgresIndexes(definitions);
            }
            phase = Phase.CATCHING_UP;
            runs.progress(replayId, phase, cursor.done, cursor.total);
            int applied;
            do {
                applied = catchUp(replayId, phase, cursor);
            } while (applied >= SWITCH_BELOW);
            phase = Phase.SWITCHING;
            runs.progress(replayId, phase, cursor.done, cursor.total);
            if (postgres) {
                switchPostgres(replayId, cursor, definitions);
            } else {
                switchPaused(replayId, cursor);
            }
            phase = Phase.DONE;
            runs.finish(replayId, Status.COMPLETED, phase, cursor.done, cursor.total, null);
            log.info(
                    "replay {} completed: {} events in {} ms",
                    replayId,
                    cursor.done,
                    java.time.Duration.between(started, clock.instant()).toMillis());
        } catch (Exception | LinkageError e) {
            log.error("replay {} failed in phase {}; the live tables are unchanged", replayId, phase, e);
            try {
                dropNextTables();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            runs.finish(replayId, Status.FAILED, phase, cursor.done, cursor.total, String.valueOf(e.getMessage()));
        }
    }

    private boolean isPostgres() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase()
                    .contains("postgres");
        }
    }

    // ---- the new tables ----------------------------------------------------------------------------

    /** One read table: its live and new names, its columns, and the key the catch-up looks rows up by. */
    private record Table(String live, String next, List<String> columns, String key) {}

    private static final List<Table> TABLES = List.of(
            new Table(
                    ReadTables.LIVE.balance(), ReadTables.NEXT.balance(), ReadTables.BALANCE_COLUMNS, "account_number"),
            new Table(
                    ReadTables.LIVE.ledger(),
                    ReadTables.NEXT.ledger(),
                    ReadTables.LEDGER_COLUMNS,
                    "account_number, sequence"),
            new Table(
                    ReadTables.LIVE.transfer(), ReadTables.NEXT.transfer(), ReadTables.TRANSFER_COLUMNS, "transfer_id"),
            new Table(
                    ReadTables.LIVE.reversal(),
                    ReadTables.NEXT.reversal(),
                    ReadTables.REVERSAL_COLUMNS,
                    "reversal_id"));

    private void dropNextTables() {
        for (Table table : TABLES) {
            jdbc.execute("DROP TABLE IF EXISTS " + table.next());
        }
    }

    private void prepareNextTables(boolean postgres) {
        dropNextTables();
        for (Table t : TABLES) {
            if (postgres) {
                // Columns, defaults, NOT NULL and CHECK constraints; keys and indexes come after the copy.
                jdbc.execute("CREATE TABLE " + t.next() + " (LIKE " + t.live()
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            } else {
                jdbc.execute("CREATE TABLE " + t.next() + " AS SELECT * FROM " + t.live() + " WITH NO DATA");
                // Only to find rows while catching up (the copied columns are nullable, so no primary key).
                jdbc.execute("CREATE INDEX " + t.next() + "_key ON " + t.next() + " (" + t.key() + ")");
            }
        }
    }

    /** A live table's key, unique constraints and indexes, to be rebuilt on its new table. */
    private record Definition(Table table, String name, boolean constraint, String sql) {}

    /** Read once per run: the indexes are built from it and renamed back from it when switching. */
    private List<Definition> liveDefinitions() {
        var definitions = new ArrayList<Definition>();
        for (Table t : TABLES) {
            String live = t.live();
            var constraints = jdbc.query(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                            + " WHERE conrelid = to_regclass(?) AND contype IN ('p', 'u') ORDER BY conname",
                    (rs, row) -> new Definition(t, rs.getString(1), true, rs.getString(2)),
                    live);
            definitions.addAll(constraints);
            var constraintNames = constraints.stream().map(Definition::name).toList();
            jdbc
                    .query(
                            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                                    + " AND tablename = ? ORDER BY indexname",
                            (rs, row) -> new Definition(t, rs.getString(1), false, rs.getString(2)),
                            live)
                    .stream()
                    .filter(d -> !constraintNames.contains(d.name()))
                    .forEach(definitions::add);
        }
        return definitions;
    }

    private void buildPostgresIndexes(List<Definition> definitions) {
        for (Definition d : definitions) {
            String next = d.table().next();
            if (d.constraint()) {
                jdbc.execute("ALTER TABLE " + next + " ADD CONSTRAINT " + d.name() + "_next " + d.sql());
            } else {
                // "CREATE [UNIQUE] INDEX name ON [schema.]table USING ..." -> the same on the new table.
                String sql = d.sql()
                        .replaceFirst(
                                "(?i)^(CREATE (UNIQUE )?INDEX )" + d.name() + " ON (\\S+\\.)?"
                                        + d.table().live() + " ",
                                "$1" + d.name() + "_next ON " + next + " ");
                if (sql.equals(d.sql())) {
                    throw new IllegalStateException("cannot rebuild index " + d.name() + ": " + d.sql());
                }
                jdbc.execute(sql);
            }
        }
        for (Table t : TABLES) {
            jdbc.execute("ANALYZE " + t.next());
        }
    }

    // ---- reading and applying events ---------------------------------------------------------------

    /** The two projections' handlers, writing to the given tables. */
    private static final class Handlers {
        private final List<AnnotationEventHandlerAdapter> all;
        /** Which handlers take a payload type: it depends on the type alone, so it is looked up once. */
        private final Map<Class<?>, List<AnnotationEventHandlerAdapter>> byType = new HashMap<>();

        private Handlers(List<AnnotationEventHandlerAdapter> all) {
            this.all = all;
        }

        static Handlers on(AccountTables a, TransferTables t) {
            // A private progress: nobody waits on a replay's tables.
            var progress = new ProjectionProgress();
            return new Handlers(List.of(
                    new AnnotationEventHandlerAdapter(new AccountProjection(a, progress)),
                    new AnnotationEventHandlerAdapter(new TransferProjection(t, progress))));
        }

        void apply(GenericDomainEventMessage<?> message) throws Exception {
            var handlers = byType.computeIfAbsent(
                    message.getPayloadType(),
                    type -> all.stream().filter(h -> h.canHandle(message)).toList());
            for (AnnotationEventHandlerAdapter handler : handlers) {
                handler.handle(message);
            }
        }
    }

    private static final String SELECT_EVENTS = "SELECT global_index, type, aggregate_identifier, sequence_number,"
            + " event_identifier, payload_type, payload_revision, payload, time_stamp, meta_data FROM domain_event_entry";

    /** Applies the rows of a query in global order; returns how many there were; records holes. */
    private int apply(ResultSet rs, Handlers handlers, Cursor cursor, boolean advance) throws Exception {
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
            cursor.done++;
        }
        return rows;
    }

    /** An event's metadata as far as the projections read it: its memo. */
    private MetaData memo(byte[] serialized) {
        Memo memo = EventMemos.read(serializer, serialized);
        return memo.empty() ? MetaData.emptyInstance() : MetaData.from(memo.asMetaData());
    }

    /** One keyset page of events after the cursor. */
    private int page(Connection connection, Handlers handlers, Cursor cursor) throws Exception {
        try (var query = connection.prepareStatement(
                SELECT_EVENTS + " WHERE global_index > ? ORDER BY global_index LIMIT " + PAGE_SIZE)) {
            query.setLong(1, cursor.position);
            query.setFetchSize(PAGE_SIZE);
            try (ResultSet rs = query.executeQuery()) {
                int rows = apply(rs, handlers, cursor, true);
                if (cursor.done > cursor.total) {
                    cursor.total = cursor.done;
                }
                return rows;
            }
        }
    }

    /** The holes passed so far, read again: an event committed late into one is applied now. */
    private int holes(Connection connection, Handlers handlers, Cursor cursor) throws Exception {
        int found = 0;
        var holes = new ArrayList<>(cursor.holes);
        for (int from = 0; from < holes.size(); from += 500) {
            var chunk = holes.subList(from, Math.min(holes.size(), from + 500));
            String in = String.join(",", chunk.stream().map(String::valueOf).toList());
            try (Statement query = connection.createStatement();
                    ResultSet rs = query.executeQuery(
                            SELECT_EVENTS + " WHERE global_index IN (" + in + ") ORDER BY global_index")) {
                found += apply(rs, handlers, cursor, false);
            }
        }
        cursor.total += found;
        return found;
    }

    private void copy(String replayId, Cursor cursor) throws Exception {
        try (Connection connection = dataSource.getConnection();
                var sink = new RowSink.Async(dataSource)) {
            connection.setAutoCommit(true);
            var bulk = new BulkReadTables(sink, ReadTables.NEXT);
            var handlers = Handlers.on(bulk, bulk);
            long reported = System.nanoTime();
            while (page(connection, handlers, cursor) == PAGE_SIZE) {
                bulk.flushIfLarge();
                if (System.nanoTime() - reported > 250_000_000L) {
                    runs.progress(replayId, Phase.COPYING, cursor.done, cursor.total);
                    reported = System.nanoTime();
                }
            }
            bulk.finish();
            sink.drain();
            if (bulk.orphanSettlements() > 0) {
                log.warn(
                        "replay {}: {} transfer settlements without their request", replayId, bulk.orphanSettlements());
            }
        }
        runs.progress(replayId, Phase.COPYING, cursor.done, cursor.total);
    }

    /** Applies every event after the cursor (and in its holes) to the new tables; returns how many. */
    private int catchUp(String replayId, Phase phase, Cursor cursor) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            int applied = catchUp(connection, cursor);
            connection.commit();
            runs.progress(replayId, phase, cursor.done, cursor.total);
            return applied;
        }
    }

    private int catchUp(Connection connection, Cursor cursor) throws Exception {
        var tables =
                new JdbcReadTables(new JdbcTemplate(new SingleConnectionDataSource(connection, true)), ReadTables.NEXT);
        var handlers = Handlers.on(tables, tables);
        int applied = holes(connection, handlers, cursor);
        int rows;
        do {
            rows = page(connection, handlers, cursor);
            applied += rows;
        } while (rows == PAGE_SIZE);
        return applied;
    }

    // ---- switching ---------------------------------------------------------------------------------

    private void switchPostgres(String replayId, Cursor cursor, List<Definition> definitions) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Cursor before = cursor.copy();
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    statement.execute("LOCK TABLE " + String.join(", ", ReadTables.LIVE.all()) + " IN EXCLUSIVE MODE");
                    long lockedAt = System.nanoTime();
                    catchUp(connection, cursor);
                    statement.execute("DROP TABLE " + String.join(", ", ReadTables.LIVE.all()));
                    for (Table t : TABLES) {
                        statement.execute("ALTER TABLE " + t.next() + " RENAME TO " + t.live());
                    }
                    for (Definition d : definitions) {
                        statement.execute(
                                d.constraint()
                                        ? "ALTER TABLE " + d.table().live() + " RENAME CONSTRAINT " + d.name()
                                                + "_next TO " + d.name()
                                        : "ALTER INDEX " + d.name() + "_next RENAME TO " + d.name());
                    }
                    connection.commit();
                    log.info(
                            "replay {}: live tables locked against writers for {} ms",
                            replayId,
                            (System.nanoTime() - lockedAt) / 1_000_000);
                    return;
                } catch (SQLException e) {
                    connection.rollback();
                    boolean contention = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                    if (!contention || attempt >= SWITCH_ATTEMPTS) {
                        throw e;
                    }
                    log.info(
                            "replay {}: switch attempt {} met a lock ({}), retrying",
                            replayId,
                            attempt,
                            e.getMessage());
                }
            }
            // The rolled-back attempt's catch-up is undone: go back to where it started, catch up again.
            restore(cursor, before);
            catchUp(replayId, Phase.SWITCHING, cursor);
        }
    }

    private static void restore(Cursor cursor, Cursor before) {
        cursor.position = before.position;
        cursor.holes.clear();
        cursor.holes.addAll(before.holes);
        cursor.done = before.done;
        cursor.total = before.total;
    }

    /**
     * H2: one instance, so this instance's writers are all the writers: its streaming processors are
     * paused, and the units of work that write the live tables in their own transaction (subscribing
     * projections) are held at the gate. Then the last events are applied and the rows copied over in
     * one transaction (readers see the old rows until it commits).
     */
    private void switchPaused(String replayId, Cursor cursor) throws Exception {
        var paused = new ArrayList<TrackingEventProcessor>();
        boolean gateClosed = false;
        try {
            for (String name : List.of(AccountProjection.PROCESSING_GROUP, TransferProjection.PROCESSING_GROUP)) {
                Optional<EventProcessor> processor = processors.eventProcessor(name);
                if (processor.isPresent()
                        && processor.get() instanceof TrackingEventProcessor tracking
                        && tracking.isRunning()) {
                    tracking.shutDown();
                    paused.add(tracking);
                }
            }
            if (!gate.close(GATE_TIMEOUT)) {
                throw new IllegalStateException("writers of the live tables did not finish within " + GATE_TIMEOUT);
            }
            gateClosed = true;
            long closedAt = System.nanoTime();
            catchUp(replayId, Phase.SWITCHING, cursor);
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    for (Table t : TABLES) {
                        statement.execute("DELETE FROM " + t.live());
                    }
                    for (Table t : TABLES) {
                        String list = String.join(", ", t.columns());
                        statement.execute(
                                "INSERT INTO " + t.live() + " (" + list + ") SELECT " + list + " FROM " + t.next());
                    }
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            }
            log.info("replay {}: writers held for {} ms", replayId, (System.nanoTime() - closedAt) / 1_000_000);
        } finally {
            if (gateClosed) {
                gate.open();
            }
            paused.forEach(TrackingEventProcessor::start);
        }
        dropNextTables();
    }
}
