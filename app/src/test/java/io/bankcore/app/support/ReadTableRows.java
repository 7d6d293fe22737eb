package io.bankcore.app.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of the read tables, every column, as text in key order: two readings are equal exactly when
 * the tables hold the same rows. For comparing the tables a replay built with the live ones.
 *
 * <p>Timestamps are compared to the millisecond: the event store keeps an event's timestamp to the
 * millisecond, and a replay reads it from there, while the live projection is handed the appended
 * message itself, whose instant is finer (kept to the microsecond in the tables).
 */
public final class ReadTableRows {

    /** Each read table with its key, which orders the rows. */
    private static final Map<String, String> TABLES = Map.of(
            "account_balance", "account_number",
            "ledger_entry", "entry_id",
            "transfer", "transfer_id",
            "transfer_reversal", "reversal_id");

    private ReadTableRows() {}

    /** Table -> its rows, each {@code column=value} for every column in the table's order. */
    public static Map<String, List<String>> read(Connection connection) throws SQLException {
        var all = new LinkedHashMap<String, List<String>>();
        for (String table : List.of("account_balance", "ledger_entry", "transfer", "transfer_reversal")) {
            var rows = new ArrayList<String>();
            try (var statement = connection.createStatement();
                    var result = statement.executeQuery("select * from " + table + " order by " + TABLES.get(table))) {
                var meta = result.getMetaData();
                while (result.next()) {
                    var row = new StringBuilder();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.append(column == 1 ? "" : ", ")
                                .append(meta.getColumnName(column).toLowerCase(java.util.Locale.ROOT))
                                .append('=')
                                .append(value(result.getObject(column)));
                    }
                    rows.add(row.toString());
                }
            }
            all.put(table, rows);
        }
        return all;
    }

    private static Object value(Object column) {
        if (column instanceof Timestamp timestamp) {
            return timestamp.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        if (column instanceof OffsetDateTime timestamp) {
            return timestamp.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        return column;
    }
}
