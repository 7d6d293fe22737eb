-- Replays of the read models: one row per run, readable from every instance.
create table replay_run (
    replay_id    varchar(36)  not null,
    status       varchar(10)  not null,
    phase        varchar(12)  not null,
    node         varchar(255),
    events_total bigint       not null,
    events_done  bigint       not null,
    started_at   timestamp(6) with time zone not null,
    heartbeat_at timestamp(6) with time zone not null,
    finished_at  timestamp(6) with time zone,
    error        varchar(1000),
    constraint replay_run_pk primary key (replay_id)
);
create index replay_run_started_idx on replay_run (started_at);

-- One row: the replay that may run now, as a lease its holder renews while it makes progress.
create table replay_lock (
    lock_id      integer      not null,
    replay_id    varchar(36),
    heartbeat_at timestamp(6) with time zone,
    constraint replay_lock_pk primary key (lock_id)
);
insert into replay_lock (lock_id, replay_id, heartbeat_at) values (1, null, null);
