package io.bankcore.query.replay;

import io.bankcore.query.tables.ReadTables;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** Appends many rows to a table in one round trip: PostgreSQL's COPY, or a JDBC batch elsewhere. */
interface RowSink {

    void write(String table, List<String> columns, List<Object[]> rows) throws SQLException;

    static RowSink of(Connection connection) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            return new Copy(connection.unwrap(PGConnection.class));
        }
        return new Batch(connection);
    }

    /** {@code COPY ... FROM STDIN} in PostgreSQL's text format. */
    final class Copy implements RowSink {
        private final PGConnection connection;

        Copy(PGConnection connection) {
            this.connection = connection;
        }

        @Override
        public void write(String table, List<String> columns, List<Object[]> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            var text = new StringBuilder(rows.size() * 128);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    appendValue(text, row[i]);
                }
                text.append('\n');
            }
            try {
                connection
                        .getCopyAPI()
                        .copyIn(
                                "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN",
                                new StringReader(text.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed", e);
            }
        }

        static void appendValue(StringBuilder text, Object value) {
            if (value == null) {
                text.append("\\N");
            } else if (value instanceof OffsetDateTime time) {
                text.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
            } else if (value instanceof Boolean b) {
                text.append(b ? 't' : 'f');
            } else if (value instanceof Number || value instanceof UUID) {
                text.append(value);
            } else {
                escape(text, value.toString());
            }
        }

        /** The text format's escapes: backslash, and the characters that delimit fields and rows. */
        static void escape(StringBuilder text, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
        }
    }

    /**
     * Writes on its own connection and thread, so the database ingests one batch while the caller
     * folds the next. At most two batches wait; {@link #close()} waits for them and reports the first
     * failure. The caller must not touch a list after handing it over.
     */
    final class Async implements RowSink, AutoCloseable {
        private final Connection connection;
        private final RowSink target;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            var thread = new Thread(r, "replay-writer");
            thread.setDaemon(true);
            return thread;
        });
        private final Semaphore inFlight = new Semaphore(2);
        private volatile SQLException failure;

        Async(DataSource dataSource) throws SQLException {
            this.connection = dataSource.getConnection();
            this.connection.setAutoCommit(true);
            this.target = of(connection);
        }

        @Override
        public void write(String table, List<String> columns, List<Object[]> rows) throws SQLException {
            rethrow();
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
            writer.execute(() -> {
                try {
                    if (failure == null) {
                        target.write(table, columns, rows);
                    }
                } catch (SQLException | RuntimeException e) {
                    failure = e instanceof SQLException sql ? sql : new SQLException(e);
                } finally {
                    inFlight.release();
                }
            });
        }

        /** Waits until every batch handed over is written. */
        void drain() throws SQLException {
            try {
                inFlight.acquire(2);
                inFlight.release(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            }
            rethrow();
        }

        private void rethrow() throws SQLException {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() throws SQLException {
            writer.shutdownNow();
            connection.close();
        }
    }

    /** A prepared {@code INSERT} executed as one batch. */
    final class Batch implements RowSink {
        private final Connection connection;

        Batch(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void write(String table, List<String> columns, List<Object[]> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            try (var insert = connection.prepareStatement(ReadTables.insert(table, columns, false))) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
