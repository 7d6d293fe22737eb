-- Two-phase transfers and the account lifecycle, as the projections see them.
-- account_balance: the part of the balance held by open reservations, and the account's status
-- (ACTIVE, FROZEN, CLOSED) with a freeze's direction (ALL, DEBITS, CREDITS) and reason.
alter table account_balance add column reserved_minor bigint default 0 not null;
alter table account_balance add column status varchar(10) default 'ACTIVE' not null;
alter table account_balance add column frozen_direction varchar(10);
alter table account_balance add column freeze_reason varchar(500);
alter table account_balance add constraint account_balance_reserved_within
    check (reserved_minor >= 0 and reserved_minor <= balance_minor);

-- transfer: a pending transfer is RESERVED until COMPLETED (posted), VOIDED or EXPIRED.
alter table transfer add column pending boolean default false not null;
alter table transfer add column expires_at timestamp(6) with time zone;
alter table transfer add column posted_amount_minor bigint;
-- An account's open reservations, and the totals the operations view shows.
create index transfer_open_reservation_idx on transfer (status, from_account_number);
