package io.bankcore.query.tables;

import io.bankcore.api.Memo;
import io.bankcore.api.MetadataJson;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A read table row's memo: its {@code description} and {@code metadata} columns, and for the rows that
 * have one (ledger lines and transfers) its {@code batch_id}: the atomic batch they were applied with.
 */
public final class MemoColumns {

    private MemoColumns() {}

    /** The memo of a row without a batch (an account, a reversal). */
    public static Memo read(ResultSet rs) throws SQLException {
        return memo(rs, null);
    }

    /** The memo of a ledger line or a transfer, selected with its {@code batch_id}. */
    public static Memo readWithBatch(ResultSet rs) throws SQLException {
        return memo(rs, rs.getString("batch_id"));
    }

    private static Memo memo(ResultSet rs, String batchId) throws SQLException {
        String description = rs.getString("description");
        String metadata = rs.getString("metadata");
        return description == null && metadata == null && batchId == null
                ? Memo.NONE
                : new Memo(description, MetadataJson.read(metadata), batchId);
    }
}
