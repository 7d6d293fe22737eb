-- Each leg of a transfer (DEBIT, CREDIT, REFUND) is claimed here in the same transaction that appends
-- its event, so a leg is applied at most once however often its command is delivered, and a stuck
-- credit can be fenced off before its refund.
create table transfer_leg (
    transfer_id    varchar(36) not null,
    leg            varchar(10) not null,
    account_number varchar(12) not null,
    claimed_at     timestamp(6) with time zone not null,
    constraint transfer_leg_pk primary key (transfer_id, leg)
);
