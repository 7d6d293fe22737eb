package io.bankcore.query.tables;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.JdbcUpdateAffectedIncorrectNumberOfRowsException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The live read tables' writes of one write-pipeline batch of several requests (and other writes whose
 * outcome is known in advance: a new transfer's leg claims), kept back on the batch's thread and sent
 * before it commits, each kind of statement as one JDBC batch: one round trip per kind for the whole
 * batch, where each event of each request would otherwise send its own (a transfer's two leg claims,
 * two balances, two ledger lines and its row, created then completed).
 *
 * <p>Kinds are sent in the order they first appeared in the batch, each kind's statements in the order
 * they were made. A row's writes must keep their order: a write to a row whose earlier held write is of
 * a kind sent later (a deposit after a freeze of the same account, say) first sends everything held. A
 * ledger line has no such row: lines are only ever inserted, once each.
 *
 * <p>A held write that must change one row (a balance moved by a new event, which the projection in the
 * write's own transaction meets exactly once) is checked when it is sent; one that changed none fails
 * the batch, like any failed statement, and the pipeline runs its requests again in smaller batches,
 * down to each alone, which holds nothing back and meets the situation as it always did. Reads of the
 * read tables on the batch's thread go through {@link #reading(JdbcTemplate)}, which sends what is held
 * before each of them, so a request later in the batch reads what an earlier one wrote.
 */
public final class HeldWrites {

    private final JdbcTemplate jdbc;
    private final ThreadLocal<Held> held = new ThreadLocal<>();

    /** A statement kind's held writes, in the order they were made. */
    private static final class Kind {
        final int order;
        final List<Object[]> arguments = new ArrayList<>();
        final List<Boolean> mustChange = new ArrayList<>();

        Kind(int order) {
            this.order = order;
        }
    }

    /** What one batch holds: its kinds in first-seen order, the kind each row was last written with. */
    private static final class Held {
        final Map<String, Kind> kinds = new LinkedHashMap<>();
        final Map<String, Integer> lastKind = new HashMap<>();
        RuntimeException failed;
    }

    public HeldWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A batch begins on this thread: several requests hold their writes back, one alone does not. */
    public void begin(int requests) {
        held.set(requests > 1 ? new Held() : null);
    }

    /** The batch ended, committed or not: whatever is still held is dropped. */
    public void end() {
        held.remove();
    }

    /** Whether writes on this thread are held back now. */
    public boolean holding() {
        return held.get() != null;
    }

    /**
     * Holds a write back if a batch is open on this thread.
     *
     * @param row the row it writes (writes to one row keep their order), or null for an insert of a row
     *     nothing else in the batch writes
     * @param mustChange whether sending it must change exactly one row, else the batch fails
     * @return false when nothing is held on this thread (the caller runs the statement itself)
     */
    public boolean hold(String sql, String row, boolean mustChange, Object... arguments) {
        var batch = held.get();
        if (batch == null) {
            return false;
        }
        if (batch.failed != null) {
            throw batch.failed;
        }
        var kind = batch.kinds.get(sql);
        if (kind != null && row != null) {
            Integer last = batch.lastKind.get(row);
            if (last != null && last > kind.order) {
                // This row's last write is of a kind that goes after this one: keep their order.
                flush();
                kind = null;
            }
        }
        if (kind == null) {
            kind = new Kind(batch.kinds.size());
            batch.kinds.put(sql, kind);
        }
        kind.arguments.add(arguments);
        kind.mustChange.add(mustChange);
        if (row != null) {
            batch.lastKind.put(row, kind.order);
        }
        return true;
    }

    /** Sends what this thread holds; a failure here, or earlier in the batch, fails the batch. */
    public void flush() {
        var batch = held.get();
        if (batch == null) {
            return;
        }
        if (batch.failed != null) {
            throw batch.failed;
        }
        if (batch.kinds.isEmpty()) {
            return;
        }
        var kinds = new ArrayList<>(batch.kinds.entrySet());
        batch.kinds.clear();
        batch.lastKind.clear();
        try {
            for (var entry : kinds) {
                send(entry.getKey(), entry.getValue());
            }
        } catch (RuntimeException failed) {
            batch.failed = failed;
            throw failed;
        }
    }

    private void send(String sql, Kind kind) {
        int[] changed = jdbc.batchUpdate(sql, kind.arguments);
        for (int i = 0; i < changed.length; i++) {
            if (kind.mustChange.get(i) && changed[i] != 1 && changed[i] != Statement.SUCCESS_NO_INFO) {
                throw new JdbcUpdateAffectedIncorrectNumberOfRowsException(sql, 1, changed[i]);
            }
        }
    }

    /**
     * A template for reading the read tables that first sends what this thread holds: on the batch's
     * thread, a read then sees the batch's earlier writes; on any other thread it is the plain template.
     */
    public JdbcTemplate reading(JdbcTemplate template) {
        var reading = new JdbcTemplate() {
            @Override
            protected DataSource obtainDataSource() {
                flush();
                return super.obtainDataSource();
            }
        };
        reading.setDataSource(template.getDataSource());
        reading.setExceptionTranslator(template.getExceptionTranslator());
        reading.setFetchSize(template.getFetchSize());
        reading.setMaxRows(template.getMaxRows());
        reading.setQueryTimeout(template.getQueryTimeout());
        reading.afterPropertiesSet();
        return reading;
    }
}
