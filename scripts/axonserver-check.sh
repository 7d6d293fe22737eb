#!/usr/bin/env bash
# Checks bankcore against a running Axon Server: starts one or two instances under the axonserver
# profile (PostgreSQL for tokens, sagas and read models) and runs the checks that can be automated,
# one PASS/FAIL line each: health, the HTTP contract, read-after-write across instances, an account's
# events, ?as_of=, /admin/processors, two-phase transfers (one left to expire), freeze and close,
# Idempotency-Key replays across instances, the audit (clean; then a corrupted balance row that it
# finds and a replay on the other instance repairs; SKIP where it answers 503 NOT_AVAILABLE) and the
# concurrency storm (scripts/Concurrency.java) on the instances. Exit 0 when nothing failed.
#
# Usage: scripts/axonserver-check.sh [host:grpc-port] [options]
#   address             Axon Server's gRPC address (default: $AXONSERVER_SERVERS, $AXON_AXONSERVER_SERVERS,
#                       else 127.0.0.1:8124)
#   --instances 1|2     bankcore instances on that Axon Server (default 2)
#   --ports P1,P2       their HTTP ports (default 8101,8102)
#   --db NAME           their PostgreSQL database on 127.0.0.1:5432 (default bankcore_axscheck); kept
#                       between runs, because it belongs with the Axon Server's events (see below)
#   --fresh-db          drop and create that database first (Axon Server's event store must be empty)
#   --no-storm          skip the storm (about two minutes with two instances)
#   --jar PATH          default app/target/bankcore.jar (make package)
# Axon Server's HTTP API (default http://<host>:8024, or AXONSERVER_HTTP) is read to see whether its
# event store is empty. A database and an event store go together: a new database against an event
# store with history would run that history's sagas and deadlines again, so the script refuses that;
# an existing database is used with the Axon Server it was used with.
set -uo pipefail
cd "$(dirname "$0")/.."

servers="${AXONSERVER_SERVERS:-${AXON_AXONSERVER_SERVERS:-127.0.0.1:8124}}"
instances=2
ports="8101,8102"
db="bankcore_axscheck"
fresh=0
storm=1
jar="app/target/bankcore.jar"
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances=$2; shift 2 ;;
    --ports) ports=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --fresh-db) fresh=1; shift ;;
    --no-storm) storm=0; shift ;;
    --jar) jar=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) servers=$1; shift ;;
  esac
done
[ -f "$jar" ] || { echo "no $jar: run make package first" >&2; exit 2; }
[[ "$instances" =~ ^[12]$ ]] || { echo "--instances is 1 or 2" >&2; exit 2; }
IFS=, read -r -a port_list <<<"$ports"
host=${servers%%:*}
http="${AXONSERVER_HTTP:-http://$host:8024}"
log_dir="build-output/axonserver-check"
mkdir -p "$log_dir"
passed=0 failed=0 skipped=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { echo "SKIP $*"; skipped=$((skipped + 1)); }
check() { # description condition...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what (status $status: ${body:0:300})"; fi
}

# ---- Axon Server and the database ----------------------------------------------------------------
health=$(curl -s -m 5 "$http/actuator/health") || health=""
last_event=$(sed -n 's/.*"default\.lastEvent":\(-\{0,1\}[0-9]*\).*/\1/p' <<<"$health")
if [ -z "$last_event" ]; then
  echo "axonserver-check: cannot read Axon Server's event store head at $http/actuator/health" \
    "(set AXONSERVER_HTTP); is it running?" >&2
  exit 2
fi
echo "axonserver-check: Axon Server $servers (HTTP $http), last event $last_event; database $db; $instances instance(s)"
exists=$(psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_database where datname = '$db'")
if [ "$fresh" = 1 ] || [ -z "$exists" ]; then
  if [ "$last_event" != -1 ]; then
    echo "axonserver-check: Axon Server's event store is not empty (last event $last_event) and database $db" \
      "is new: its sagas and deadlines would run that history again. Use the database that goes with" \
      "these events (--db), or start Axon Server on an empty event store." >&2
    exit 2
  fi
  scripts/pgdb.sh drop "$db"
  scripts/pgdb.sh create "$db"
fi

# ---- the instances -------------------------------------------------------------------------------
pids=()
urls=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
}
trap cleanup EXIT
export BANKCORE_AUTH="${BANKCORE_AUTH:-none}"
for i in $(seq 1 "$instances"); do
  port=${port_list[$((i - 1))]}
  AXONSERVER_SERVERS="$servers" java -Xmx768m -jar "$jar" --spring.profiles.active=postgres,axonserver \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --server.port="$port" \
    --bankcore.node-id="axscheck-$i" --management.endpoints.web.exposure.include=health,metrics \
    >"$log_dir/node-$i.log" 2>&1 &
  pids+=($!)
  urls+=("http://127.0.0.1:$port")
done
for url in "${urls[@]}"; do
  for _ in $(seq 1 180); do curl -sf -o /dev/null "$url/actuator/health/readiness" && break; sleep 1; done
done
a=${urls[0]}
b=${urls[$((instances - 1))]}

call() { # url method path [body] [extra curl args...]: sets status, body, headers
  local url=$1 method=$2 path=$3 data=${4:-}
  shift 4 2>/dev/null || shift $#
  local out
  out=$(curl -s -m 30 -D "$log_dir/headers" -w '\n%{http_code}' -X "$method" "$url$path" \
    -H 'Content-Type: application/json' ${data:+-d "$data"} "$@")
  status=${out##*$'\n'}
  body=${out%$'\n'*}
  headers=$(tr -d '\r' <"$log_dir/headers")
}
field() { # name [json]: a top-level field of the body (or of the given JSON), as text
  python3 -c 'import json,sys
try: v = json.loads(sys.argv[2]).get(sys.argv[1])
except Exception: v = None
print("" if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else str(v).lower() if isinstance(v, bool) else v))' \
    "$1" "${2:-$body}"
}
has() { [[ "$body" == *"$1"* ]]; }
is() { [ "$status" = "$1" ]; }
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

for url in "${urls[@]}"; do
  call "$url" GET /actuator/health ""
  check "health of $url: UP, connected to Axon Server" eval 'is 200 && has "\"connected\":true"'
done

# Account numbers of this run: 12 digits, from the clock, so that runs never meet.
run=$(( $(date +%s) % 1000000000 ))
acct() { printf '7%09d%02d' "$run" "$1"; }
A=$(acct 1) B=$(acct 2) C=$(acct 3) D=$(acct 4)

# ---- the contract --------------------------------------------------------------------------------
call "$a" POST /accounts "{\"account_number\":\"$A\",\"initial_balance_cents\":10000,\"currency\":\"BRL\"}"
check "POST /accounts: 201 with account_id, balance and currency" \
  eval 'is 201 && has "\"account_number\":\"$A\"" && has "\"balance_cents\":10000" && has "\"account_id\":\""'
call "$b" POST /accounts "{\"account_number\":\"$B\"}"
check "POST /accounts with the defaults, on the other instance" eval 'is 201 && has "\"balance_cents\":0" && has "\"currency\":\"BRL\""'
call "$a" POST "/accounts/$A/deposit" '{"amount_cents":500}'
check "deposit: 200 with the new balance" eval 'is 200 && has "\"balance_cents\":10500"'
call "$b" GET "/accounts/$A/balance" ""
check "read-after-write on the other instance" eval 'is 200 && has "\"balance_cents\":10500"'
t_after_deposit=$(now)
sleep 1
call "$b" POST "/accounts/$A/withdraw" '{"amount_cents":200}'
check "withdraw: 200 with the new balance" eval 'is 200 && has "\"balance_cents\":10300"'
call "$a" POST /transfers "{\"from_account_number\":\"$A\",\"to_account_number\":\"$B\",\"amount_cents\":500,\"currency\":\"BRL\"}"
check "transfer: 200 with correlation_id and both balances" \
  eval 'is 200 && has "\"from_balance_cents\":9800" && has "\"to_balance_cents\":500" && has "\"correlation_id\":\""'
call "$b" GET "/accounts/$A/transactions" ""
check "ledger: newest first, 4 entries, the transfer naming its counterparty" \
  eval 'is 200 && [[ "$body" == "[{\"entry_id\":\""*"\"entry_type\":\"TRANSFER_OUT\""* ]] && [ "$(grep -o "\"entry_type\"" <<<"$body" | wc -l)" = 4 ] && has "\"counterparty_account_number\":\"$B\""'
call "$a" POST "/accounts/$B/withdraw" '{"amount_cents":501}'
check "insufficient funds: 400 INSUFFICIENT_FUNDS" eval 'is 400 && has "\"code\":\"INSUFFICIENT_FUNDS\""'
call "$a" GET "/accounts/$(acct 99)/balance" ""
check "unknown account: 404 with the original's detail" eval 'is 404 && has "not found."'
call "$b" POST /accounts "{\"account_number\":\"$A\"}"
check "duplicate account (Axon Server refuses the second stream): 409 ACCOUNT_ALREADY_EXISTS" \
  eval 'is 409 && has "\"code\":\"ACCOUNT_ALREADY_EXISTS\""'
call "$a" POST /transfers "{\"from_account_number\":\"$A\",\"to_account_number\":\"$A\",\"amount_cents\":1}"
check "transfer to itself: 400" eval 'is 400 && has "Cannot transfer to the same account."'
call "$a" POST "/accounts/$A/deposit" '{"amount_cents":1,"currency":"USD"}'
check "currency mismatch: 400" eval 'is 400 && has "currency mismatch"'
call "$a" POST /accounts '{"account_number":"12a456"}'
check "malformed account number: 400" eval 'is 400'
call "$a" POST "/accounts/$A/deposit" '{"amount_cents":"5"}'
check "amount as a string: 422" eval 'is 422'

# ---- the event store through Axon's API ------------------------------------------------------------
call "$b" GET "/accounts/$A/events?limit=2" ""
check "GET /accounts/{n}/events: from Axon Server, sequence 0 first, position null" \
  eval 'is 200 && has "\"type\":\"account.opened\"" && has "\"sequence_number\":0" && has "\"position\":null" && has "\"type\":\"money.deposited\""'
check "GET /accounts/{n}/events: a Link to the next page" eval '[[ "$headers" == *"rel=\"next\""* ]]'
call "$a" GET "/accounts/$A/balance?as_of=$t_after_deposit" ""
check "?as_of= between the deposit and the withdrawal: 10500" eval 'is 200 && has "\"balance_cents\":10500" && has "\"as_of\":\""'
call "$a" GET "/accounts/$A/balance?as_of=2000-01-01T00:00:00Z" ""
check "?as_of= before the account existed: 404" eval 'is 404 && has "did not exist at"'
call "$a" GET "/accounts/$A/balance?as_of=yesterday" ""
check "?as_of= malformed: 422" eval 'is 422'
lagging=1
for _ in $(seq 1 30); do
  call "$a" GET /admin/processors ""
  if is 200 && python3 -c 'import json,sys
r = json.loads(sys.argv[1])
assert r["head"]["global_index"] is not None and r["head"]["global_index"] >= 0
# The replay processor runs only during a replay (bankcore.replay.source=event-store): idle, it is not behind.
assert all(p["lag_events"] == 0 for p in r["processors"] if p["mode"] != "SUBSCRIBING" and p["name"] != "replay")' "$body" 2>/dev/null; then
    lagging=0
    break
  fi
  sleep 1
done
check "/admin/processors: Axon Server's head, every streaming processor caught up (lag 0)" eval '[ $lagging = 0 ]'

# ---- two-phase transfers ---------------------------------------------------------------------------
call "$a" POST /transfers "{\"from_account_number\":\"$A\",\"to_account_number\":\"$B\",\"amount_cents\":3000,\"pending\":true,\"timeout_seconds\":2}"
expiring=$(field correlation_id)
check "reserve with timeout_seconds 2: 201 RESERVED" eval 'is 201 && has "\"status\":\"RESERVED\"" && has "\"available_balance_cents\":6800"'
call "$b" GET "/accounts/$A/balance" ""
check "the reservation holds 3000 (reserved_cents, available_balance_cents)" \
  eval 'is 200 && has "\"reserved_cents\":3000" && has "\"available_balance_cents\":6800"'
call "$b" POST /transfers "{\"from_account_number\":\"$A\",\"to_account_number\":\"$B\",\"amount_cents\":1000,\"pending\":true,\"timeout_seconds\":600}"
posted=$(field correlation_id)
call "$a" POST "/transfers/$posted/post" '{"amount_cents":400}'
check "post 400 of a 1000 reservation: COMPLETED, the rest released" \
  eval 'is 200 && has "\"status\":\"COMPLETED\"" && has "\"posted_amount_cents\":400" && has "\"from_balance_cents\":9400"'
call "$a" POST /transfers "{\"from_account_number\":\"$A\",\"to_account_number\":\"$B\",\"amount_cents\":100,\"pending\":true}"
voided=$(field correlation_id)
call "$b" POST "/transfers/$voided/void" ""
check "void: VOIDED" eval 'is 200 && has "\"status\":\"VOIDED\""'
state=""
for _ in $(seq 1 60); do
  call "$b" GET "/transfers/$expiring" ""
  state=$(field status)
  [ "$state" = EXPIRED ] && break
  sleep 0.5
done
check "the 2 s reservation expired by itself (deadline in the database's scheduler)" eval '[ "$state" = EXPIRED ]'
call "$a" POST "/transfers/$expiring/post" ""
check "post after the expiry: 409 TRANSFER_NOT_PENDING" eval 'is 409 && has "\"code\":\"TRANSFER_NOT_PENDING\"" && has "EXPIRED"'
call "$a" GET "/accounts/$A/balance" ""
check "after post, void and expiry: 9400, nothing reserved" \
  eval 'is 200 && has "\"balance_cents\":9400" && has "\"reserved_cents\":0" && has "\"available_balance_cents\":9400"'

# ---- freeze and close ------------------------------------------------------------------------------
call "$a" POST /accounts "{\"account_number\":\"$C\",\"initial_balance_cents\":700}"
call "$b" POST "/accounts/$C/freeze" '{"reason":"compliance review","direction":"CREDITS"}'
check "freeze for credits" eval 'is 200 && has "\"status\":\"FROZEN\"" && has "\"frozen_direction\":\"CREDITS\""'
call "$a" POST "/accounts/$C/deposit" '{"amount_cents":1}'
check "a deposit into it: 409 ACCOUNT_FROZEN with the reason" eval 'is 409 && has "\"code\":\"ACCOUNT_FROZEN\"" && has "compliance review"'
call "$a" POST /transfers "{\"from_account_number\":\"$B\",\"to_account_number\":\"$C\",\"amount_cents\":100}"
check "a transfer into it: 409 ACCOUNT_FROZEN, the source refunded" eval 'is 409 && has "\"refunded\":true"'
call "$b" POST "/accounts/$C/withdraw" '{"amount_cents":700}'
check "a withdrawal from it (debits allowed)" eval 'is 200 && has "\"balance_cents\":0"'
call "$a" POST "/accounts/$C/unfreeze" ""
check "unfreeze" eval 'is 200 && has "\"status\":\"ACTIVE\""'
call "$a" POST "/accounts/$A/close" ""
check "close an account with money: 409 ACCOUNT_NOT_EMPTY" eval 'is 409 && has "\"code\":\"ACCOUNT_NOT_EMPTY\""'
call "$b" POST "/accounts/$C/close" ""
check "close an empty account: CLOSED" eval 'is 200 && has "\"status\":\"CLOSED\""'
call "$a" POST "/accounts/$C/deposit" '{"amount_cents":1}'
check "a deposit into a closed account: 409 ACCOUNT_CLOSED" eval 'is 409 && has "\"code\":\"ACCOUNT_CLOSED\""'
call "$a" POST /accounts "{\"account_number\":\"$C\"}"
check "its number is never given again: 409 ACCOUNT_ALREADY_EXISTS" eval 'is 409 && has "\"code\":\"ACCOUNT_ALREADY_EXISTS\""'
call "$b" GET "/accounts/$C/events" ""
check "its events end with account.closed" eval 'is 200 && has "\"type\":\"account.frozen\"" && has "\"type\":\"account.closed\""'

# ---- idempotency keys ------------------------------------------------------------------------------
key="axscheck-$run"
call "$a" POST "/accounts/$B/deposit" '{"amount_cents":5}' -H "Idempotency-Key: $key"
first=$body
call "$b" POST "/accounts/$B/deposit" '{"amount_cents":5}' -H "Idempotency-Key: $key"
check "the same key on the other instance: the first answer, replayed" \
  eval 'is 200 && [ "$body" = "$first" ] && [[ "$headers" == *"Idempotent-Replayed: true"* ]]'
call "$a" POST "/accounts/$B/withdraw" '{"amount_cents":5}' -H "Idempotency-Key: $key"
check "the key on another route: 422 IDEMPOTENCY_KEY_REUSED" eval 'is 422 && has "\"code\":\"IDEMPOTENCY_KEY_REUSED\""'
call "$b" GET "/accounts/$B/balance" ""
check "the keyed deposit happened once (900 + 5)" eval 'is 200 && has "\"balance_cents\":905"'
key2="axscheck-transfer-$run"
call "$b" POST /transfers "{\"from_account_number\":\"$B\",\"to_account_number\":\"$C\",\"amount_cents\":5}" -H "Idempotency-Key: $key2"
first=$body
call "$a" POST /transfers "{\"from_account_number\":\"$B\",\"to_account_number\":\"$C\",\"amount_cents\":5}" -H "Idempotency-Key: $key2"
check "a refused transfer replayed on the other instance: the same bytes" \
  eval 'is 409 && [ "$body" = "$first" ] && [[ "$headers" == *"Idempotent-Replayed: true"* ]]'

# ---- the audit -------------------------------------------------------------------------------------
call "$a" GET /admin/audit ""
if is 503 && has '"code":"NOT_AVAILABLE"'; then
  skip "audit: 503 NOT_AVAILABLE under this profile"
else
  check "audit: no mismatch" eval 'is 200 && has "\"mismatches\":[]"'
  # A corrupted balance row: the audit (events from Axon Server) finds it, a replay repairs it.
  psql -q -h 127.0.0.1 -U postgres -d "$db" \
    -c "update account_balance set balance_minor = balance_minor + 1 where account_number = '$A'"
  call "$a" GET /admin/audit ""
  check "audit: finds the corrupted balance of $A" eval 'is 200 && has "\"account_number\":\"$A\"" && ! has "\"mismatches\":[]"'
  call "$b" POST /admin/replay ""
  replay_id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("replay_id", ""))' "$body" 2>/dev/null || true)
  replayed=0
  for _ in $(seq 1 120); do
    call "$b" GET "/admin/replay/$replay_id" ""
    if has '"status":"COMPLETED"'; then replayed=1; break; fi
    if has '"status":"FAILED"'; then break; fi
    sleep 1
  done
  check "replay on the other instance: COMPLETED" eval '[ $replayed = 1 ]'
  call "$a" GET /admin/audit ""
  check "audit after the replay: no mismatch" eval 'is 200 && has "\"mismatches\":[]"'
fi

# ---- the storm -------------------------------------------------------------------------------------
if [ "$storm" = 1 ]; then
  storm_urls=$(IFS=,; echo "${urls[*]}")
  echo "axonserver-check: storm on $storm_urls (log $log_dir/storm.log)"
  if java scripts/Concurrency.java --urls "$storm_urls" --audit-if-available >"$log_dir/storm.log" 2>&1; then
    pass "storm: $(grep -o 'checked [0-9]* accounts, total [0-9]* = [^;]*' "$log_dir/storm.log"); all checks passed"
  else
    fail "storm: $(grep -E '^concurrency: (FAILED|checked)' "$log_dir/storm.log" | tr '\n' ' ' | cut -c1-400)"
    grep '^  - ' "$log_dir/storm.log" | head -10
  fi
  grep '^concurrency: audit' "$log_dir/storm.log"
else
  skip "storm (--no-storm)"
fi

echo "axonserver-check: $passed passed, $failed failed, $skipped skipped (instance logs in $log_dir)"
[ "$failed" = 0 ]
