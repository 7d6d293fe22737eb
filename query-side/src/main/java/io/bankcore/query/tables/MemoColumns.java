package io.bankcore.query.tables;

import io.bankcore.api.Memo;
import io.bankcore.api.MetadataJson;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A read table row's memo: its {@code description} and {@code metadata} columns, and its {@code batch_id}
 * where the row has one (ledger lines and transfers: the atomic batch they were applied with).
 */
public final class MemoColumns {

    private MemoColumns() {}

    public static Memo read(ResultSet rs) throws SQLException {
        String description = rs.getString("description");
        String metadata = rs.getString("metadata");
        String batchId = hasBatch(rs) ? rs.getString("batch_id") : null;
        return description == null && metadata == null && batchId == null
                ? Memo.NONE
                : new Memo(description, MetadataJson.read(metadata), batchId);
    }

    /** Whether the row was selected with its batch: its table has one (and the query asked for it). */
    private static boolean hasBatch(ResultSet rs) throws SQLException {
        var columns = rs.getMetaData();
        for (int i = columns.getColumnCount(); i >= 1; i--) {
            if (columns.getColumnLabel(i).equalsIgnoreCase("batch_id")) {
                return true;
            }
        }
        return false;
    }
}
