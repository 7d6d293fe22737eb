package io.bankcore.query;

import io.bankcore.api.ReversalView;
import io.bankcore.api.TransferView;
import io.bankcore.query.tables.MemoColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the {@code transfer} table, and waits for a transfer to settle. */
public class TransferReadModel {

    private final JdbcTemplate jdbc;
    private final ProjectionProgress progress;

    public TransferReadModel(JdbcTemplate jdbc, ProjectionProgress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
    }

    /** The transfer with its reversals. */
    public Optional<TransferView> find(String transferId) {
        return jdbc.query("SELECT * FROM transfer WHERE transfer_id = ?", TransferReadModel::view, transferId).stream()
                .findFirst()
                .map(transfer -> withReversals(List.of(transfer)).get(0));
    }

    /** The transfers with their reversals, read in one statement for all of them (none when none has any). */
    public List<TransferView> withReversals(List<TransferView> transfers) {
        return withReversals(jdbc, transfers);
    }

    /** As {@link #withReversals(List)}, on the given connection's tables. */
    public static List<TransferView> withReversals(JdbcTemplate jdbc, List<TransferView> transfers) {
        var completed = transfers.stream()
                .filter(t -> t.status().equals("COMPLETED"))
                .map(TransferView::transferId)
                .toList();
        if (completed.isEmpty()) {
            return transfers;
        }
        var byTransfer = new java.util.HashMap<String, List<ReversalView>>();
        jdbc.query(
                "SELECT * FROM transfer_reversal WHERE transfer_id IN ("
                        + String.join(", ", java.util.Collections.nCopies(completed.size(), "?"))
                        + ") ORDER BY transfer_id, reversed_minor",
                (java.sql.ResultSet rs) -> {
                    byTransfer
                            .computeIfAbsent(rs.getString("transfer_id"), id -> new java.util.ArrayList<>())
                            .add(new ReversalView(
                                    rs.getString("reversal_id"),
                                    rs.getLong("amount_minor"),
                                    rs.getLong("reversed_minor"),
                                    rs.getLong("from_balance_minor"),
                                    rs.getLong("to_balance_minor"),
                                    instant(rs, "reversed_at"),
                                    MemoColumns.read(rs)));
                },
                completed.toArray());
        if (byTransfer.isEmpty()) {
            return transfers;
        }
        return transfers.stream()
                .map(t -> byTransfer.containsKey(t.transferId()) ? t.withReversals(byTransfer.get(t.transferId())) : t)
                .toList();
    }

    /** An account's open reservations (pending transfers from it still RESERVED), soonest expiry first. */
    public List<TransferView> openReservations(String accountNumber, int limit) {
        return jdbc.query(
                "SELECT * FROM transfer WHERE status = 'RESERVED' AND from_account_number = ?"
                        + " ORDER BY expires_at, transfer_id LIMIT ?",
                TransferReadModel::view,
                accountNumber,
                limit);
    }

    /**
     * Waits until the transfer is COMPLETED or FAILED in the read model, and answers it as it is then
     * (still PENDING after the timeout, or empty if its request was never recorded).
     */
    public Optional<TransferView> awaitSettled(String transferId, Duration timeout) {
        try {
            progress.await(
                    TransferProjection.progressKey(transferId),
                    TransferProjection.SETTLED,
                    timeout,
                    () -> find(transferId)
                            .filter(t -> !t.status().equals("PENDING"))
                            .map(t -> TransferProjection.SETTLED)
                            .orElse(0L));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return find(transferId);
    }

    /** One row of the {@code transfer} table (all its columns). */
    public static TransferView view(ResultSet rs, int row) throws SQLException {
        return new TransferView(
                rs.getString("transfer_id"),
                rs.getString("status"),
                rs.getString("from_account_number"),
                rs.getString("to_account_number"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                nullableLong(rs, "from_balance_minor"),
                nullableLong(rs, "to_balance_minor"),
                nullableLong(rs, "from_sequence"),
                nullableLong(rs, "to_sequence"),
                rs.getString("failure_code"),
                rs.getString("failure_reason"),
                rs.getBoolean("refunded"),
                instant(rs, "requested_at"),
                instant(rs, "finished_at"),
                rs.getBoolean("pending"),
                instant(rs, "expires_at"),
                nullableLong(rs, "posted_amount_minor"),
                MemoColumns.readWithBatch(rs));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
