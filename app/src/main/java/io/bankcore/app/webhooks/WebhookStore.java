package io.bankcore.app.webhooks;

import io.bankcore.app.events.EventTypes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code webhook_endpoint} and {@code webhook_delivery}, with plain JDBC. Secrets stay sealed here. */
public class WebhookStore {

    public record Endpoint(
            String id,
            String url,
            String description,
            Set<String> eventTypes,
            String sealedSecret,
            String sealedPreviousSecret,
            Instant previousSecretUntil,
            boolean enabled,
            String disabledReason,
            Instant createdAt,
            Instant updatedAt) {

        public boolean wants(String type) {
            return EventTypes.matches(eventTypes, type);
        }
    }

    public record Delivery(
            long id,
            String endpointId,
            long position,
            String eventId,
            String eventType,
            int attempt,
            String outcome,
            boolean resend,
            Integer httpStatus,
            long durationMs,
            String error,
            Instant attemptedAt,
            Instant nextAttemptAt) {

        Delivery withId(long newId) {
            return new Delivery(
                    newId,
                    endpointId,
                    position,
                    eventId,
                    eventType,
                    attempt,
                    outcome,
                    resend,
                    httpStatus,
                    durationMs,
                    error,
                    attemptedAt,
                    nextAttemptAt);
        }

        private Object[] values() {
            return new Object[] {
                endpointId,
                position,
                eventId,
                eventType,
                attempt,
                outcome,
                resend,
                httpStatus,
                durationMs,
                error,
                ts(attemptedAt),
                ts(nextAttemptAt)
            };
        }
    }

    private static final String INSERT_DELIVERY =
            "INSERT INTO webhook_delivery (endpoint_id, position, event_id, event_type, attempt, outcome,"
                    + " resend, http_status, duration_ms, error, attempted_at, next_attempt_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String ENDPOINT_COLUMNS =
            "endpoint_id, url, description, event_types, secret, previous_secret,"
                    + " previous_secret_until, enabled, disabled_reason, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "delivery_id, endpoint_id, position, event_id, event_type, attempt,"
            + " outcome, resend, http_status, duration_ms, error, attempted_at, next_attempt_at";

    private final JdbcTemplate jdbc;

    public WebhookStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Endpoint e) {
        jdbc.update(
                "INSERT INTO webhook_endpoint (" + ENDPOINT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.id(),
                e.url(),
                e.description(),
                String.join(" ", e.eventTypes()),
                e.sealedSecret(),
                e.sealedPreviousSecret(),
                ts(e.previousSecretUntil()),
                e.enabled(),
                e.disabledReason(),
                ts(e.createdAt()),
                ts(e.updatedAt()));
    }

    public void update(Endpoint e) {
        jdbc.update(
                "UPDATE webhook_endpoint SET url = ?, description = ?, event_types = ?, secret = ?, previous_secret = ?,"
                        + " previous_secret_until = ?, enabled = ?, disabled_reason = ?, updated_at = ?"
                        + " WHERE endpoint_id = ?",
                e.url(),
                e.description(),
                String.join(" ", e.eventTypes()),
                e.sealedSecret(),
                e.sealedPreviousSecret(),
                ts(e.previousSecretUntil()),
                e.enabled(),
                e.disabledReason(),
                ts(e.updatedAt()),
                e.id());
    }

    /** Disables an endpoint unless it was disabled already; answers whether this call did. */
    public boolean disable(String id, String reason, Instant now) {
        return jdbc.update(
                        "UPDATE webhook_endpoint SET enabled = FALSE, disabled_reason = ?, updated_at = ?"
                                + " WHERE endpoint_id = ? AND enabled = TRUE",
                        reason,
                        ts(now),
                        id)
                == 1;
    }

    public boolean delete(String id) {
        jdbc.update("DELETE FROM webhook_delivery WHERE endpoint_id = ?", id);
        return jdbc.update("DELETE FROM webhook_endpoint WHERE endpoint_id = ?", id) == 1;
    }

    public Endpoint get(String id) {
        List<Endpoint> rows = jdbc.query(
                "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoint WHERE endpoint_id = ?",
                WebhookStore::endpoint,
                id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<Endpoint> all() {
        return jdbc.query(
                "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoint ORDER BY created_at, endpoint_id",
                WebhookStore::endpoint);
    }

    /** Records an attempt; answers its id. */
    public long record(Delivery d) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        Object[] values = d.values();
        jdbc.update(
                connection -> {
                    var statement =
                            connection.prepareStatement(INSERT_DELIVERY, java.sql.Statement.RETURN_GENERATED_KEYS);
                    new org.springframework.jdbc.core.ArgumentPreparedStatementSetter(values).setValues(statement);
                    return statement;
                },
                keys);
        // PostgreSQL returns every column, H2 the identity only.
        return keys.getKeyList().isEmpty()
                ? 0
                : keys.getKeyList().get(0).entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase("delivery_id"))
                        .map(e -> ((Number) e.getValue()).longValue())
                        .findFirst()
                        .orElse(0L);
    }

    /** Records attempts in one batch of statements. */
    public void recordAll(List<Delivery> attempts) {
        if (!attempts.isEmpty()) {
            jdbc.batchUpdate(
                    INSERT_DELIVERY, attempts.stream().map(Delivery::values).toList());
        }
    }

    /** Attempts, newest first, older than {@code before} (a delivery id) when given. */
    public List<Delivery> deliveries(String endpointId, Long before, int limit) {
        return before == null
                ? jdbc.query(
                        "SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE endpoint_id = ?"
                                + " ORDER BY delivery_id DESC LIMIT ?",
                        WebhookStore::delivery,
                        endpointId,
                        limit)
                : jdbc.query(
                        "SELECT " + DELIVERY_COLUMNS
                                + " FROM webhook_delivery WHERE endpoint_id = ? AND delivery_id < ?"
                                + " ORDER BY delivery_id DESC LIMIT ?",
                        WebhookStore::delivery,
                        endpointId,
                        before,
                        limit);
    }

    public int purgeDeliveries(Instant olderThan) {
        return jdbc.update("DELETE FROM webhook_delivery WHERE attempted_at < ?", ts(olderThan));
    }

    private static Endpoint endpoint(ResultSet rs, int n) throws SQLException {
        String types = rs.getString(4);
        return new Endpoint(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                types == null || types.isBlank()
                        ? Set.of()
                        : new LinkedHashSet<>(Arrays.asList(types.strip().split(" +"))),
                rs.getString(5),
                rs.getString(6),
                instant(rs.getTimestamp(7)),
                rs.getBoolean(8),
                rs.getString(9),
                instant(rs.getTimestamp(10)),
                instant(rs.getTimestamp(11)));
    }

    private static Delivery delivery(ResultSet rs, int n) throws SQLException {
        int status = rs.getInt(9);
        Integer httpStatus = rs.wasNull() ? null : status;
        return new Delivery(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getBoolean(8),
                httpStatus,
                rs.getLong(10),
                rs.getString(11),
                instant(rs.getTimestamp(12)),
                instant(rs.getTimestamp(13)));
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
