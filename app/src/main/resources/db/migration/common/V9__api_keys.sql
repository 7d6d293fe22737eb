-- API keys: only a SHA-256 of each key's secret is kept; the key itself is shown once, at creation.
create table api_key (
    key_id       varchar(16)  not null,
    name         varchar(200) not null,
    secret_hash  varchar(64)  not null,
    -- Space-separated, e.g. "accounts:read accounts:write".
    scopes       varchar(200) not null,
    -- An account-number prefix: the key sees and moves only accounts whose numbers start with it.
    tenant       varchar(12),
    created_at   timestamp(6) with time zone not null,
    expires_at   timestamp(6) with time zone,
    revoked_at   timestamp(6) with time zone,
    constraint api_key_pk primary key (key_id)
);
