package io.bankcore.query.tables;

import java.util.List;

/**
 * The names of one generation of the read tables. Queries always read {@link #LIVE}; a replay builds
 * {@link #NEXT} from the event store and then puts it in the live tables' place.
 *
 * <p>The column lists are the single description of each table's row that every writer uses (the live
 * projection's statements, the replay's bulk copy), so the two can never disagree on the column order.
 */
public record ReadTables(String balance, String ledger, String transfer, String reversal) {

    public static final ReadTables LIVE =
            new ReadTables("account_balance", "ledger_entry", "transfer", "transfer_reversal");
    public static final ReadTables NEXT =
            new ReadTables("account_balance_next", "ledger_entry_next", "transfer_next", "transfer_reversal_next");

    public static final List<String> BALANCE_COLUMNS = List.of(
            "account_number",
            "account_id",
            "currency",
            "balance_minor",
            "last_sequence",
            "opened_at",
            "updated_at",
            "reserved_minor",
            "status",
            "frozen_direction",
            "freeze_reason",
            "description",
            "metadata",
            "overdraft_limit_minor");

    public static final List<String> LEDGER_COLUMNS = List.of(
            "entry_id",
            "account_number",
            "sequence",
            "entry_type",
            "amount_minor",
            "currency",
            "correlation_id",
            "counterparty_account_number",
            "occurred_at",
            "description",
            "metadata",
            "batch_id");

    public static final List<String> TRANSFER_COLUMNS = List.of(
            "transfer_id",
            "status",
            "from_account_number",
            "to_account_number",
            "amount_minor",
            "currency",
            "from_balance_minor",
            "to_balance_minor",
            "from_sequence",
            "to_sequence",
            "failure_code",
            "failure_reason",
            "refunded",
            "requested_at",
            "finished_at",
            "pending",
            "expires_at",
            "posted_amount_minor",
            "description",
            "metadata",
            "batch_id");

    public static final List<String> REVERSAL_COLUMNS = List.of(
            "reversal_id",
            "transfer_id",
            "from_account_number",
            "to_account_number",
            "amount_minor",
            "reversed_minor",
            "currency",
            "from_balance_minor",
            "to_balance_minor",
            "from_sequence",
            "to_sequence",
            "reversed_at",
            "description",
            "metadata");

    public List<String> all() {
        return List.of(balance, ledger, transfer, reversal);
    }

    /** {@code INSERT INTO table (c1, ..., cn) VALUES (?, ..., ?)}. */
    public static String insert(String table, List<String> columns, boolean postgres) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + placeholders(columns, postgres) + ")";
    }

    /**
     * One parameter per column; the {@code metadata} column, {@code jsonb} on PostgreSQL, takes its JSON
     * text through a cast there.
     */
    public static String placeholders(List<String> columns, boolean postgres) {
        return String.join(
                ", ", columns.stream().map(c -> placeholder(c, postgres)).toList());
    }

    public static String placeholder(String column, boolean postgres) {
        return postgres && column.equals("metadata") ? "CAST(? AS JSONB)" : "?";
    }
}
