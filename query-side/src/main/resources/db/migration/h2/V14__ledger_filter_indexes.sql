-- Filtered ledgers (GET /accounts/{n}/transactions?entry_type=&from=&to=&correlation_id=) and
-- statements read these instead of the account's whole history (PostgreSQL's twin also covers the
-- statement's sums in the time index and leaves lines without a correlation id out of the last one;
-- H2 has neither INCLUDE nor partial indexes).
create index ledger_entry_type_idx on ledger_entry (account_number, entry_type, sequence);
create index ledger_entry_time_idx on ledger_entry (account_number, occurred_at, sequence);
create index ledger_entry_correlation_idx on ledger_entry (correlation_id, account_number);
