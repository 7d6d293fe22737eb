package io.bankcore.app.events;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The durable cursor of each event sink ({@code event_sink}): the position delivered through, the
 * lease of the instance delivering (so one instance at a time delivers a sink, in order), and the
 * failure state that outlives a restart (consecutive failures, next attempt, last error). A cursor
 * only moves forward, and only by its lease holder.
 */
public class SinkCursors {

    public record Cursor(
            String name,
            long position,
            String owner,
            Instant leaseUntil,
            int failures,
            Instant nextAttemptAt,
            String lastError,
            Instant updatedAt) {}

    private static final String COLUMNS =
            "name, position, owner, lease_until, failures, next_attempt_at, last_error, updated_at";

    private final JdbcTemplate jdbc;

    public SinkCursors(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the cursor at {@code position} unless it exists; answers whether it was created. */
    public boolean create(String name, long position, Instant now) {
        Integer exists = jdbc.queryForObject("SELECT count(*) FROM event_sink WHERE name = ?", Integer.class, name);
        if (exists != null && exists > 0) {
            return false;
        }
        try {
            jdbc.update(
                    "INSERT INTO event_sink (name, position, failures, updated_at) VALUES (?, ?, 0, ?)",
                    name,
                    position,
                    Timestamp.from(now));
            return true;
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return false;
        }
    }

    public Cursor get(String name) {
        List<Cursor> rows = jdbc.query("SELECT " + COLUMNS + " FROM event_sink WHERE name = ?", SinkCursors::row, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<Cursor> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM event_sink ORDER BY name", SinkCursors::row);
    }

    public void delete(String name) {
        jdbc.update("DELETE FROM event_sink WHERE name = ?", name);
    }

    /** Takes or renews the lease; false when another instance holds a live one. */
    public boolean claim(String name, String owner, Instant now, Duration lease) {
        return jdbc.update(
                        "UPDATE event_sink SET owner = ?, lease_until = ? WHERE name = ?"
                                + " AND (owner IS NULL OR owner = ? OR lease_until < ?)",
                        owner,
                        Timestamp.from(now.plus(lease)),
                        name,
                        owner,
                        Timestamp.from(now))
                == 1;
    }

    /** Moves the cursor forward and clears the failure state; false when the lease was lost. */
    public boolean advance(String name, String owner, long position, Instant now) {
        return jdbc.update(
                        "UPDATE event_sink SET position = ?, failures = 0, next_attempt_at = NULL, last_error = NULL,"
                                + " updated_at = ? WHERE name = ? AND owner = ? AND position <= ?",
                        position,
                        Timestamp.from(now),
                        name,
                        owner,
                        position)
                == 1;
    }

    /** Records a failed attempt; answers the number of consecutive failures. */
    public int fail(String name, String owner, String error, Instant nextAttemptAt, Instant now) {
        jdbc.update(
                "UPDATE event_sink SET failures = failures + 1, next_attempt_at = ?, last_error = ?, updated_at = ?"
                        + " WHERE name = ? AND owner = ?",
                Timestamp.from(nextAttemptAt),
                truncate(error, 500),
                Timestamp.from(now),
                name,
                owner);
        Integer failures = jdbc.queryForObject("SELECT failures FROM event_sink WHERE name = ?", Integer.class, name);
        return failures == null ? 0 : failures;
    }

    /** Clears the failure state (an endpoint enabled again): the next attempt is immediate. */
    public void reset(String name, Instant now) {
        jdbc.update(
                "UPDATE event_sink SET failures = 0, next_attempt_at = NULL, last_error = NULL, updated_at = ?"
                        + " WHERE name = ?",
                Timestamp.from(now),
                name);
    }

    /** Gives up this instance's leases (a clean shutdown), so another instance takes over at once. */
    public void release(String owner) {
        jdbc.update("UPDATE event_sink SET owner = NULL, lease_until = NULL WHERE owner = ?", owner);
    }

    static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static Cursor row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Cursor(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                instant(rs.getTimestamp(4)),
                rs.getInt(5),
                instant(rs.getTimestamp(6)),
                rs.getString(7),
                instant(rs.getTimestamp(8)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
