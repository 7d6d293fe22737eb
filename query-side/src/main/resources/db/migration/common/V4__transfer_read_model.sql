-- One row per transfer, written only by the transfer projection.
create table transfer (
    transfer_id         varchar(36) not null,
    status              varchar(10) not null,
    from_account_number varchar(12) not null,
    to_account_number   varchar(12) not null,
    amount_minor        bigint      not null,
    currency            varchar(3)  not null,
    from_balance_minor  bigint,
    to_balance_minor    bigint,
    from_sequence       bigint,
    to_sequence         bigint,
    failure_code        varchar(40),
    failure_reason      varchar(500),
    refunded            boolean     not null,
    requested_at        timestamp(6) with time zone not null,
    finished_at         timestamp(6) with time zone,
    constraint transfer_pk primary key (transfer_id)
);
create index transfer_status_idx on transfer (status);
