-- Read models, written only by the account projection.

create table account_balance (
    account_number varchar(12) not null,
    account_id     uuid        not null,
    currency       varchar(3)  not null,
    balance_minor  bigint      not null,
    last_sequence  bigint      not null,
    opened_at      timestamp(6) with time zone not null,
    updated_at     timestamp(6) with time zone not null,
    constraint account_balance_pk primary key (account_number),
    constraint account_balance_account_id_uk unique (account_id),
    constraint account_balance_not_negative check (balance_minor >= 0)
);

-- One row per ledger-relevant event of the account; (account_number, sequence) orders the ledger.
create table ledger_entry (
    account_number              varchar(12) not null,
    sequence                    bigint      not null,
    entry_id                    uuid        not null,
    entry_type                  varchar(20) not null,
    amount_minor                bigint      not null,
    currency                    varchar(3)  not null,
    correlation_id              varchar(36),
    counterparty_account_number varchar(12),
    occurred_at                 timestamp(6) with time zone not null,
    constraint ledger_entry_pk primary key (account_number, sequence),
    constraint ledger_entry_entry_id_uk unique (entry_id),
    constraint ledger_entry_amount_positive check (amount_minor > 0)
);
