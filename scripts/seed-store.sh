#!/usr/bin/env bash
# Fills a bankcore PostgreSQL database's event store with a large, consistent history in seconds, for
# measuring what depends on the store's size (replay, audit, start-up catch-up) without hours of HTTP.
#
# Usage: scripts/seed-store.sh DATABASE ACCOUNTS DEPOSITS_PER_ACCOUNT
#   Appends, for each of ACCOUNTS new accounts (numbers 7000000001...), its opening event and
#   DEPOSITS_PER_ACCOUNT deposits of 1.00 BRL, interleaved across accounts, in the exact serialized
#   form the service writes (same payload types and JSON fields). Run it on a database the service
#   has migrated (start it once), ideally while it is stopped. The projection that runs in each
#   write's transaction never sees these events: start the service and run `POST /admin/replay` (make
#   replay) to build the read tables before writing to the seeded accounts; the audit must come out
#   clean.
set -euo pipefail
db=${1:?database} accounts=${2:?accounts} deposits=${3:?deposits per account}
psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$db" <<SQL
insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type, event_identifier,
                                payload_type, payload_revision, payload, meta_data, time_stamp)
select nextval('domain_event_entry_seq'), account, seq, 'AccountAggregate', gen_random_uuid()::text,
       case when seq = 0 then 'io.bankcore.api.AccountOpenedEvent' else 'io.bankcore.api.MoneyDepositedEvent' end,
       null,
       convert_to(case when seq = 0
           then json_build_object('accountNumber', account, 'accountId', gen_random_uuid(),
                                  'currency', 'BRL', 'initialBalanceMinor', 0)::text
           else json_build_object('accountNumber', account, 'amountMinor', 100, 'currency', 'BRL',
                                  'balanceMinor', 100 * seq)::text end, 'UTF8'),
       convert_to('{}', 'UTF8'),
       to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
from (select (7000000000 + a)::text as account, seq
      from generate_series(1, $accounts) a, generate_series(0, $deposits) seq
      order by seq, a) history;
SQL
psql -Atq -h 127.0.0.1 -U postgres -d "$db" -c "select 'seed-store: ' || count(*) || ' events in the store' from domain_event_entry"
