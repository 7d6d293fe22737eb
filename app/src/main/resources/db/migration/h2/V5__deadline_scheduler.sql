-- db-scheduler's table, where Axon's DbSchedulerDeadlineManager keeps saga deadlines durably.
create table scheduled_tasks (
    task_name            varchar(1000) not null,
    task_instance        varchar(1000) not null,
    task_data            blob,
    execution_time       timestamp(6) with time zone not null,
    picked               boolean not null,
    picked_by            varchar(1000),
    last_success         timestamp(6) with time zone,
    last_failure         timestamp(6) with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp(6) with time zone,
    version              bigint not null,
    priority             smallint,
    constraint scheduled_tasks_pk primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
