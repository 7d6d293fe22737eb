-- The atomic batch a transfer was applied with (POST /transfers/batch), on the transfer and on its ledger
-- lines; null for a transfer made alone.
alter table ledger_entry add column batch_id varchar(36);
alter table transfer add column batch_id varchar(36);
create index transfer_batch_idx on transfer (batch_id);
