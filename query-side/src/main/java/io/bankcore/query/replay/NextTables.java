package io.bankcore.query.replay;

import io.bankcore.query.AccountProjection;
import io.bankcore.query.LiveTablesGate;
import io.bankcore.query.TransferProjection;
import io.bankcore.query.tables.ReadTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The new read tables a replay builds beside the live ones ({@link ReadTables#NEXT}), and the switch
 * that puts them in their place.
 *
 * <p>On PostgreSQL, in one transaction: the live tables are locked against writers ({@code EXCLUSIVE}:
 * readers go on) with a {@value #LOCK_TIMEOUT} {@code lock_timeout}, so every event a live writer
 * applied to them is committed; the last events are applied to the new tables; the live tables are
 * dropped and the new ones take their names, constraints and indexes. A lock not obtained in time, a
 * deadlock or a rebuild that does not reach the head in time rolls the attempt back (the writers go on)
 * and it is tried again, up to {@value #SWITCH_ATTEMPTS} times. On H2 (one instance by nature) this
 * instance's streaming projections are paused and the writers of the live tables held at the gate
 * instead, and the rows are copied into the live tables in one transaction.
 */
final class NextTables {

    private static final Logger log = LoggerFactory.getLogger(NextTables.class);

    static final int SWITCH_ATTEMPTS = 20;
    static final String LOCK_TIMEOUT = "2s";
    static final Duration GATE_TIMEOUT = Duration.ofSeconds(2);

    /** What is applied to the new tables at the switch, while the live tables' writers are held. */
    interface LastEvents {
        /** @param connection the switching transaction's (PostgreSQL), or null (H2) */
        void apply(Connection connection) throws Exception;
    }

    /** What to do before an attempt that follows one rolled back. */
    interface Retry {
        void prepare() throws Exception;
    }

    /** The rebuild did not reach the head in the time the live tables may be held: the attempt is rolled back. */
    static final class NotCaughtUp extends Exception {
        NotCaughtUp(String message) {
            super(message);
        }
    }

    /** One read table: its live and new names, its columns, and the key the catch-up looks rows up by. */
    record Table(String live, String next, List<String> columns, String key) {}

    static final List<Table> TABLES = List.of(
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

    /** A live table's key, unique constraints and indexes, to be rebuilt on its new table. */
    private record Definition(Table table, String name, boolean constraint, String sql) {}

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processors;
    private final LiveTablesGate gate;
    private boolean postgres;
    private List<Definition> definitions = List.of();

    NextTables(DataSource dataSource, EventProcessingConfiguration processors, LiveTablesGate gate) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.processors = processors;
        this.gate = gate;
    }

    boolean postgres() {
        return postgres;
    }

    /** Creates the new tables, empty, without keys or indexes on PostgreSQL (see {@link #index()}). */
    void create() throws SQLException {
        postgres = isPostgres();
        definitions = postgres ? liveDefinitions() : List.of();
        drop();
        for (Table t : TABLES) {
            if (postgres) {
                // Columns, defaults, NOT NULL and CHECK constraints; keys and indexes come after the copy.
                jdbc.execute("CREATE TABLE " + t.next() + " (LIKE " + t.live()
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            } else {
                jdbc.execute("CREATE TABLE " + t.next() + " AS SELECT * FROM " + t.live() + " WITH NO DATA");
                copyDefaults(t);
                // Only to find rows while catching up (the copied columns are nullable, so no primary key).
                jdbc.execute("CREATE INDEX " + t.next() + "_key ON " + t.next() + " (" + t.key() + ")");
            }
        }
    }

    /**
     * H2: a table made from a query has no column defaults, and the projections' row-by-row inserts
     * leave some columns to them (a transfer's {@code pending}).
     */
    private void copyDefaults(Table t) {
        var defaults = jdbc.query(
                "SELECT COLUMN_NAME, COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA()"
                        + " AND TABLE_NAME = ? AND COLUMN_DEFAULT IS NOT NULL",
                (rs, row) -> new String[] {rs.getString(1), rs.getString(2)},
                t.live().toUpperCase(java.util.Locale.ROOT));
        for (String[] column : defaults) {
            jdbc.execute("ALTER TABLE " + t.next() + " ALTER COLUMN " + column[0] + " SET DEFAULT " + column[1]);
        }
    }

    void drop() {
        for (Table table : TABLES) {
            jdbc.execute("DROP TABLE IF EXISTS " + table.next());
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

    /** Read once per run: the indexes are built from it and renamed back from it when switching. */
    private List<Definition> liveDefinitions() {
        var found = new ArrayList<Definition>();
        for (Table t : TABLES) {
            String live = t.live();
            var constraints = jdbc.query(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                            + " WHERE conrelid = to_regclass(?) AND contype IN ('p', 'u') ORDER BY conname",
                    (rs, row) -> new Definition(t, rs.getString(1), true, rs.getString(2)),
                    live);
            found.addAll(constraints);
            var constraintNames = constraints.stream().map(Definition::name).toList();
            jdbc
                    .query(
                            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                                    + " AND tablename = ? ORDER BY indexname",
                            (rs, row) -> new Definition(t, rs.getString(1), false, rs.getString(2)),
                            live)
                    .stream()
                    .filter(d -> !constraintNames.contains(d.name()))
                    .forEach(found::add);
        }
        return found;
    }

    /** PostgreSQL: the live tables' keys, unique constraints and indexes on the new tables (under other names). */
    void index() {
        if (!postgres) {
            return;
        }
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

    /** Puts the new tables in place of the live ones (see the class comment). */
    void switchIn(String replayId, LastEvents last, Retry retry) throws Exception {
        if (postgres) {
            switchPostgres(replayId, last, retry);
        } else {
            switchPaused(replayId, last);
        }
    }

    private void switchPostgres(String replayId, LastEvents last, Retry retry) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    statement.execute("LOCK TABLE " + String.join(", ", ReadTables.LIVE.all()) + " IN EXCLUSIVE MODE");
                    long lockedAt = System.nanoTime();
                    last.apply(connection);
                    rename(statement);
                    connection.commit();
                    log.info(
                            "replay {}: live tables locked against writers for {} ms",
                            replayId,
                            (System.nanoTime() - lockedAt) / 1_000_000);
                    return;
                } catch (SQLException | NotCaughtUp e) {
                    connection.rollback();
                    if (!contention(e) || attempt >= SWITCH_ATTEMPTS) {
                        throw e;
                    }
                    log.info(
                            "replay {}: switch attempt {} rolled back ({}), retrying",
                            replayId,
                            attempt,
                            e.getMessage());
                }
            }
            retry.prepare();
        }
    }

    private static boolean contention(Exception e) {
        if (e instanceof NotCaughtUp) {
            return true;
        }
        String state = ((SQLException) e).getSQLState();
        return "55P03".equals(state) || "40P01".equals(state);
    }

    private void rename(Statement statement) throws SQLException {
        statement.execute("DROP TABLE " + String.join(", ", ReadTables.LIVE.all()));
        for (Table t : TABLES) {
            statement.execute("ALTER TABLE " + t.next() + " RENAME TO " + t.live());
        }
        for (Definition d : definitions) {
            statement.execute(
                    d.constraint()
                            ? "ALTER TABLE " + d.table().live() + " RENAME CONSTRAINT " + d.name() + "_next TO "
                                    + d.name()
                            : "ALTER INDEX " + d.name() + "_next RENAME TO " + d.name());
        }
    }

    /**
     * H2: one instance, so this instance's writers are all the writers: its streaming projections are
     * paused, and the units of work that write the live tables in their own transaction (subscribing
     * projections) are held at the gate. Then the last events are applied and the rows copied over in
     * one transaction (readers see the old rows until it commits).
     */
    private void switchPaused(String replayId, LastEvents last) throws Exception {
        var paused = new ArrayList<StreamingEventProcessor>();
        boolean gateClosed = false;
        try {
            for (String name : List.of(AccountProjection.PROCESSING_GROUP, TransferProjection.PROCESSING_GROUP)) {
                Optional<EventProcessor> processor = processors.eventProcessor(name);
                if (processor.isPresent()
                        && processor.get() instanceof StreamingEventProcessor streaming
                        && streaming.isRunning()) {
                    streaming.shutDown();
                    paused.add(streaming);
                }
            }
            if (!gate.close(GATE_TIMEOUT)) {
                throw new IllegalStateException("writers of the live tables did not finish within " + GATE_TIMEOUT);
            }
            gateClosed = true;
            long closedAt = System.nanoTime();
            last.apply(null);
            copyOver();
            log.info("replay {}: writers held for {} ms", replayId, (System.nanoTime() - closedAt) / 1_000_000);
        } finally {
            if (gateClosed) {
                gate.open();
            }
            paused.forEach(StreamingEventProcessor::start);
        }
        drop();
    }

    private void copyOver() throws SQLException {
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
    }
}
