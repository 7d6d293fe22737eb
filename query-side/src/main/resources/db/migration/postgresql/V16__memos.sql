-- What a client says about a write (its memo): a description and its own metadata, shown on the
-- account it opened, on the ledger lines it made and on the transfer it started. Metadata is null when
-- a write had none, so the partial indexes below cost nothing for such rows; a filter such as
-- metadata[order_id]=A-17 is "metadata @> '{"order_id":"A-17"}'", which they serve.
alter table account_balance add column description text, add column metadata jsonb;
alter table ledger_entry add column description text, add column metadata jsonb;
alter table transfer add column description text, add column metadata jsonb;
create index account_balance_metadata_idx on account_balance using gin (metadata jsonb_path_ops)
    where metadata is not null;
create index ledger_entry_metadata_idx on ledger_entry using gin (metadata jsonb_path_ops)
    where metadata is not null;
create index transfer_metadata_idx on transfer using gin (metadata jsonb_path_ops)
    where metadata is not null;
