package io.bankcore.query.tables;

import io.bankcore.api.Memo;
import io.bankcore.api.MetadataJson;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A read table row's memo: its {@code description} and {@code metadata} columns. */
public final class MemoColumns {

    private MemoColumns() {}

    public static Memo read(ResultSet rs) throws SQLException {
        String description = rs.getString("description");
        String metadata = rs.getString("metadata");
        return description == null && metadata == null ? Memo.NONE : new Memo(description, MetadataJson.read(metadata));
    }
}
