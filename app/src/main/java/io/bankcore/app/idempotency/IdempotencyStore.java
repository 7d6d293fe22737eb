package io.bankcore.app.idempotency;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code idempotency_key} table: one row per key that answered, written in the transaction of the
 * request it answers. Every method runs in the caller's transaction (the request's unit of work).
 *
 * <p>On PostgreSQL a key is also claimed with a transaction-scoped advisory lock, taken without waiting:
 * a second request with a key whose first request is still running, on any instance, finds the lock
 * taken and is told so at once; the lock goes with the transaction, so a request that died with its
 * instance leaves the key free. The primary key is the last word: if two requests ever got past the
 * claim together, the second insert fails and takes its whole transaction with it.
 */
public class IdempotencyStore {

    /** The first of the advisory lock's two keys: "idem"; the account locks use another. */
    private static final int LOCK_CLASS = 0x6964656d;

    /** A key's row: the first request's route and fingerprint, and its answer. */
    public record Stored(
            String route,
            String fingerprint,
            int status,
            String contentType,
            String location,
            byte[] body,
            Instant expiresAt) {

        public boolean expiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    /**
     * What a claim found: whether this transaction holds the key's lock (always, without advisory
     * locks), and the key's row, if any (possibly expired).
     */
    public record Claim(boolean locked, Optional<Stored> stored) {}

    private final JdbcTemplate jdbc;
    private final boolean advisoryLocks;

    public IdempotencyStore(JdbcTemplate jdbc, boolean advisoryLocks) {
        this.jdbc = jdbc;
        this.advisoryLocks = advisoryLocks;
    }

    /** Takes the key's lock (PostgreSQL, without waiting) and reads its row, in one statement. */
    public Claim claim(String scope, String key) {
        if (!advisoryLocks) {
            return new Claim(true, find(scope, key));
        }
        List<Claim> rows = jdbc.query(
                "select l.locked, k.route, k.fingerprint, k.status, k.content_type, k.location, k.body, k.expires_at"
                        + " from (select pg_try_advisory_xact_lock(?, hashtext(?)) as locked) l"
                        + " left join idempotency_key k on k.scope = ? and k.idempotency_key = ?",
                (rs, n) -> new Claim(
                        rs.getBoolean("locked"),
                        rs.getString("route") == null ? Optional.empty() : Optional.of(stored(rs))),
                LOCK_CLASS,
                scope + '\n' + key,
                scope,
                key);
        return rows.get(0);
    }

    Optional<Stored> find(String scope, String key) {
        return jdbc
                .query(
                        "select route, fingerprint, status, content_type, location, body, expires_at"
                                + " from idempotency_key where scope = ? and idempotency_key = ?",
                        (rs, n) -> stored(rs),
                        scope,
                        key)
                .stream()
                .findFirst();
    }

    /** Deletes the key's row if it has expired: the key is then free for a new request. */
    public void deleteExpired(String scope, String key, Instant now) {
        jdbc.update(
                "delete from idempotency_key where scope = ? and idempotency_key = ? and expires_at <= ?",
                scope,
                key,
                Timestamp.from(now));
    }

    public void insert(String scope, String key, Stored answer, Instant now) {
        jdbc.update(
                "insert into idempotency_key (scope, idempotency_key, route, fingerprint, status, content_type,"
                        + " location, body, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                scope,
                key,
                answer.route(),
                answer.fingerprint(),
                answer.status(),
                answer.contentType(),
                answer.location(),
                new String(answer.body(), StandardCharsets.UTF_8),
                Timestamp.from(now),
                Timestamp.from(answer.expiresAt()));
    }

    /** Deletes at most {@code batch} expired keys; how many it deleted. */
    public int purge(Instant now, int batch) {
        return jdbc.update(
                "delete from idempotency_key where (scope, idempotency_key) in (select scope, idempotency_key"
                        + " from idempotency_key where expires_at <= ? order by expires_at fetch first ? rows only)",
                Timestamp.from(now),
                batch);
    }

    /** Keys stored, expired ones not yet purged included. */
    public long count() {
        Long count = jdbc.queryForObject("select count(*) from idempotency_key", Long.class);
        return count == null ? 0 : count;
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(
                rs.getString("route"),
                rs.getString("fingerprint"),
                rs.getInt("status"),
                rs.getString("content_type"),
                rs.getString("location"),
                rs.getString("body").getBytes(StandardCharsets.UTF_8),
                rs.getTimestamp("expires_at").toInstant());
    }
}
