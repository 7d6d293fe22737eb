package io.bankcore.query.replay;

import io.bankcore.query.replay.ReplayStatus.Phase;
import io.bankcore.query.replay.ReplayStatus.Status;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replays' records ({@code replay_run}) and the lock that lets one replay run at a time across
 * every instance ({@code replay_lock}, one row). The lock is a lease: its holder renews it with each
 * progress report, and an instance that died holding it loses it after {@link #LEASE}; its run then
 * reads as FAILED ("abandoned").
 */
public class ReplayRuns {

    static final Duration LEASE = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReplayRuns(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Takes the lock and records a new RUNNING replay.
     *
     * @return empty if another live replay holds the lock
     */
    Optional<ReplayStatus> begin(String replayId, String node) {
        Instant now = now();
        int taken = jdbc.update(
                "UPDATE replay_lock SET replay_id = ?, heartbeat_at = ? WHERE lock_id = 1"
                        + " AND (replay_id IS NULL OR heartbeat_at < ?)",
                replayId,
                utc(now),
                utc(now.minus(LEASE)));
        if (taken != 1) {
            return Optional.empty();
        }
        jdbc.update(
                "INSERT INTO replay_run (replay_id, status, phase, node, events_total, events_done, started_at,"
                        + " heartbeat_at) VALUES (?, 'RUNNING', 'COPYING', ?, 0, 0, ?, ?)",
                replayId,
                node,
                utc(now),
                utc(now));
        return find(replayId);
    }

    /** Renews the lease and records progress. */
    void progress(String replayId, Phase phase, long eventsDone, long eventsTotal) {
        Instant now = now();
        jdbc.update("UPDATE replay_lock SET heartbeat_at = ? WHERE lock_id = 1 AND replay_id = ?", utc(now), replayId);
        jdbc.update(
                "UPDATE replay_run SET phase = ?, events_done = ?, events_total = ?, heartbeat_at = ?"
                        + " WHERE replay_id = ?",
                phase.name(),
                eventsDone,
                eventsTotal,
                utc(now),
                replayId);
    }

    void finish(String replayId, Status status, Phase phase, long eventsDone, long eventsTotal, String error) {
        Instant now = now();
        jdbc.update(
                "UPDATE replay_run SET status = ?, phase = ?, events_done = ?, events_total = ?, heartbeat_at = ?,"
                        + " finished_at = ?, error = ? WHERE replay_id = ?",
                status.name(),
                phase.name(),
                eventsDone,
                eventsTotal,
                utc(now),
                utc(now),
                error == null ? null : error.substring(0, Math.min(error.length(), 1000)),
                replayId);
        jdbc.update(
                "UPDATE replay_lock SET replay_id = NULL, heartbeat_at = NULL WHERE lock_id = 1 AND replay_id = ?",
                replayId);
    }

    public Optional<ReplayStatus> find(String replayId) {
        return jdbc.query("SELECT * FROM replay_run WHERE replay_id = ?", this::status, replayId).stream()
                .findFirst();
    }

    public Optional<ReplayStatus> latest() {
        return jdbc.query("SELECT * FROM replay_run ORDER BY started_at DESC LIMIT 1", this::status).stream()
                .findFirst();
    }

    /** The replay holding the lock now, if its lease is alive. */
    public Optional<String> running() {
        return jdbc
                .queryForList(
                        "SELECT replay_id FROM replay_lock WHERE lock_id = 1 AND replay_id IS NOT NULL"
                                + " AND heartbeat_at >= ?",
                        String.class,
                        utc(now().minus(LEASE)))
                .stream()
                .findFirst();
    }

    private ReplayStatus status(ResultSet rs, int row) throws SQLException {
        Status status = Status.valueOf(rs.getString("status"));
        Instant heartbeat = instant(rs, "heartbeat_at");
        String error = rs.getString("error");
        Instant finished = instant(rs, "finished_at");
        if (status == Status.RUNNING && heartbeat.isBefore(now().minus(LEASE))) {
            // Its instance stopped (or died) mid-run: the live tables were never switched.
            status = Status.FAILED;
            error = "abandoned: no progress since " + heartbeat + "; the live tables were left as they were";
            finished = heartbeat;
        }
        return new ReplayStatus(
                rs.getString("replay_id"),
                status,
                Phase.valueOf(rs.getString("phase")),
                rs.getLong("events_total"),
                rs.getLong("events_done"),
                instant(rs, "started_at"),
                finished,
                heartbeat,
                rs.getString("node"),
                error);
    }

    private Instant now() {
        return clock.instant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
