-- Reversals of completed transfers: one row per reversal, written only by the transfer projection.
-- reversed_minor is how much of the transfer was reversed in all after it (so the reversals of one
-- transfer, in their order, have growing values; the last is the transfer's total). The balances and
-- sequences are those of the transfer's own accounts after the reversal ("from": the transfer's source).
create table transfer_reversal (
    reversal_id         varchar(36) not null,
    transfer_id         varchar(36) not null,
    from_account_number varchar(12) not null,
    to_account_number   varchar(12) not null,
    amount_minor        bigint      not null,
    reversed_minor      bigint      not null,
    currency            varchar(3)  not null,
    from_balance_minor  bigint      not null,
    to_balance_minor    bigint      not null,
    from_sequence       bigint      not null,
    to_sequence         bigint      not null,
    reversed_at         timestamp(6) with time zone not null,
    description         text,
    metadata            jsonb,
    constraint transfer_reversal_pk primary key (reversal_id)
);
create index transfer_reversal_transfer_idx on transfer_reversal (transfer_id, reversed_minor);
