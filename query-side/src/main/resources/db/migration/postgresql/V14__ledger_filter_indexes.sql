-- Filtered ledgers (GET /accounts/{n}/transactions?entry_type=&from=&to=&correlation_id=) and
-- statements read these instead of the account's whole history.
-- By type, newest first: one index range per type, read backwards from the cursor.
create index ledger_entry_type_idx on ledger_entry (account_number, entry_type, sequence);
-- By occurred_at: a page's interval, and a statement's opening balance and totals, which sum the
-- amounts by type from the index alone (index-only scans).
create index ledger_entry_time_idx on ledger_entry (account_number, occurred_at, sequence)
    include (entry_type, amount_minor);
-- By transfer: only transfer lines have a correlation id.
create index ledger_entry_correlation_idx on ledger_entry (correlation_id, account_number)
    where correlation_id is not null;
