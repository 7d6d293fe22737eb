-- What a client says about a write (its memo): a description and its own metadata as JSON text in one
-- canonical form (see MetadataJson), null when a write had none. The embedded database filters on it
-- by text; PostgreSQL keeps it as jsonb with indexes.
alter table account_balance add column description varchar(2000);
alter table account_balance add column metadata varchar(100000);
alter table ledger_entry add column description varchar(2000);
alter table ledger_entry add column metadata varchar(100000);
alter table transfer add column description varchar(2000);
alter table transfer add column metadata varchar(100000);
