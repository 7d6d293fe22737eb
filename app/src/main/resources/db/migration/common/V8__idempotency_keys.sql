-- One row per idempotency key that answered: written in the transaction of the request it answers
-- (with its events and read models), so no crash can separate a write from its key.
create table idempotency_key (
    scope            varchar(255)  not null,
    idempotency_key  varchar(255)  not null,
    -- The first request's method and path ("POST /accounts/000001/deposit", cut at 2,000 characters)
    -- and the SHA-256 of its meaning.
    route            varchar(2000) not null,
    fingerprint      varchar(64)   not null,
    status           integer       not null,
    content_type     varchar(100)  not null,
    location         varchar(500),
    body             varchar(1000000) not null,
    created_at       timestamp(6) with time zone not null,
    expires_at       timestamp(6) with time zone not null,
    constraint idempotency_key_pk primary key (scope, idempotency_key)
);
create index idempotency_key_expires_idx on idempotency_key (expires_at);
