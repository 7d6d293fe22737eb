#!/usr/bin/env bash
# Smoke test: start bankcore on an empty PostgreSQL database, run the original's operations (create,
# deposit, withdraw, transfer, balance, transactions, and three refusals) and some of the README's
# later examples (a freeze, the audit trail, the event feed, a description and metadata with the
# ledger filtered by it, an idempotency key's replay, webhook type patterns, the version header),
# print every result and assert it. Usage: scripts/smoke.sh [jar]   (default app/target/bankcore.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-app/target/bankcore.jar}
port=${SMOKE_PORT:-8199}
db="bankcore_smoke_$$"
base="http://127.0.0.1:$port"
log="build-output/smoke.log"
mkdir -p build-output
failed=0

scripts/pgdb.sh create "$db"
# The postgres profile needs an explicit authentication mode; these checks run open unless told otherwise.
export BANKCORE_AUTH="${BANKCORE_AUTH:-none}"
java -jar "$jar" --spring.profiles.active=postgres \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --server.port="$port" >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; scripts/pgdb.sh drop "$db"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/actuator/health" && break; sleep 0.5; done
curl -sf -o /dev/null "$base/actuator/health" || { echo "smoke: service did not start, see $log"; exit 1; }

call() { # method path [body]
  local out
  if [ -n "${3:-}" ]; then
    out=$(curl -s -w '\n%{http_code}' -X "$1" "$base$2" -H 'Content-Type: application/json' -d "$3")
  else
    out=$(curl -s -w '\n%{http_code}' -X "$1" "$base$2")
  fi
  status=${out##*$'\n'}
  body=${out%$'\n'*}
  printf '%-6s %-34s -> %s %s\n' "$1" "$2" "$status" "$body"
}
expect() { # description expected-status [json-fragment...]
  local what=$1 want=$2; shift 2
  local ok=1
  [ "$status" = "$want" ] || ok=0
  for fragment in "$@"; do [[ "$body" == *"$fragment"* ]] || ok=0; done
  if [ $ok = 1 ]; then echo "   ok: $what"; else echo "   FAILED: $what (wanted $want ${*})"; failed=1; fi
}

call POST /accounts '{"account_number": "000001", "initial_balance_cents": 10000, "currency": "BRL"}'
expect "create 000001 with 100.00" 201 '"account_number":"000001"' '"balance_cents":10000' '"currency":"BRL"'
call POST /accounts '{"account_number": "000002"}'
expect "create 000002 with the defaults" 201 '"balance_cents":0' '"currency":"BRL"'
call POST /accounts/000001/deposit '{"amount_cents": 500, "currency": "BRL"}'
expect "deposit 5.00" 200 '"balance_cents":10500'
call POST /accounts/000001/withdraw '{"amount_cents": 200, "currency": "BRL"}'
expect "withdraw 2.00" 200 '"balance_cents":10300'
call POST /transfers '{"from_account_number": "000001", "to_account_number": "000002", "amount_cents": 500, "currency": "BRL"}'
expect "transfer 5.00 to 000002" 200 '"from_balance_cents":9800' '"to_balance_cents":500' '"correlation_id":"'
call GET /accounts/000001/balance
expect "balance of 000001" 200 '"balance_cents":9800'
call GET /accounts/000002/balance
expect "balance of 000002" 200 '"balance_cents":500'
call GET /accounts/000001/transactions
expect "ledger of 000001, newest first" 200 '[{"entry_id":"' '"entry_type":"TRANSFER_OUT","amount_cents":500' '"counterparty_account_number":"000002"'
[ "$(grep -o '"entry_type"' <<<"$body" | wc -l)" = 4 ] || { echo "   FAILED: 000001 should have 4 entries"; failed=1; }
call GET /accounts/000002/transactions
expect "ledger of 000002" 200 '"entry_type":"TRANSFER_IN","amount_cents":500' '"counterparty_account_number":"000001"'
call POST /accounts/000002/withdraw '{"amount_cents": 501}'
expect "overdraft refused" 400 '"code":"INSUFFICIENT_FUNDS"'
call GET /accounts/000009/balance
expect "unknown account" 404 '"detail":"Account with number 000009 not found."'
call POST /accounts '{"account_number": "000001"}'
expect "duplicate account" 409 '"code":"ACCOUNT_ALREADY_EXISTS"'
call POST /accounts/000002/freeze '{"reason":"compliance review","direction":"CREDITS"}'
expect "freeze for credits" 200 '"status":"FROZEN"' '"frozen_direction":"CREDITS"'
call POST /accounts/000002/deposit '{"amount_cents":1}'
expect "a frozen account takes no credit" 409 '"code":"ACCOUNT_FROZEN"' 'frozen for credits: compliance review'
call POST /accounts/000002/unfreeze
expect "unfreeze" 200 '"status":"ACTIVE"' '"frozen_direction":null'
call GET /accounts/000002/balance
expect "refusals changed nothing" 200 '"balance_cents":500'
call GET '/accounts/000001/events?limit=2'
expect "the audit trail in the feed's shape" 200 '"type":"account.opened"' '"initial_balance_cents":10000' \
  '"sequence_number":0' '"principal":null' '"type":"money.deposited"' '"amount_cents":500'
call GET '/events?after=0&types=transfer.*'
expect "the feed (version 2) by a subject's pattern" 200 '"version":2' '"type":"transfer.requested"' '"amount_cents":500'
[[ "$body" != *'"type":"money.'* && "$body" != *'"type":"account.'* ]] || { echo "   FAILED: transfer.* only"; failed=1; }
call POST /accounts/000001/deposit '{"amount_cents": 100, "description": "Invoice 17", "metadata": {"order_id": "A-17", "channel": "web"}}'
expect "a deposit with a description and metadata" 200 '"balance_cents":9900'
call GET '/accounts/000001/transactions?metadata%5Border_id%5D=A-17'
expect "the ledger filtered by metadata[order_id]" 200 '"description":"Invoice 17"' '"metadata":{"channel":"web","order_id":"A-17"}'
[ "$(grep -o '"entry_type"' <<<"$body" | wc -l)" = 1 ] || { echo "   FAILED: one line has order A-17"; failed=1; }
key="smoke-$$"
for attempt in first retry; do
  headers=$(curl -s -D - -o /dev/null -X POST "$base/accounts/000001/deposit" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $key" -d '{"amount_cents": 500}' | tr -d '\r')
  printf '%-6s %-34s -> %s\n' POST "/accounts/000001/deposit ($attempt)" "$(head -1 <<<"$headers")"
done
if grep -qi '^Idempotent-Replayed: true' <<<"$headers"; then echo "   ok: a retry with the same Idempotency-Key is replayed"; else echo "   FAILED: no Idempotent-Replayed on the retry"; failed=1; fi
call GET /accounts/000001/balance
expect "the keyed deposit happened once" 200 '"balance_cents":10400'
call POST /accounts '{"account_number": "000003"}'
expect "create 000003" 201 '"balance_cents":0'
call POST /transfers/batch '{"transfers": [{"from_account_number": "000001", "to_account_number": "000002", "amount_cents": 700}, {"from_account_number": "000002", "to_account_number": "000003", "amount_cents": 1000, "description": "fee", "metadata": {"order_id": "A-17"}}]}'
expect "an atomic batch, the second transfer spending what the first brought" 200 '"batch_id":"' '"from_balance_cents":9700,"to_balance_cents":1200' '"from_balance_cents":200,"to_balance_cents":1000'
call POST /transfers/batch '{"transfers": [{"from_account_number": "000001", "to_account_number": "000002", "amount_cents": 1}, {"from_account_number": "000002", "to_account_number": "000009", "amount_cents": 1}, {"from_account_number": "000003", "to_account_number": "000003", "amount_cents": 1}]}'
expect "a refused batch names each transfer's result" 404 '"code":"BATCH_REFUSED"' '"failed_index":1' '"results":["APPLIED_NOTHING","ACCOUNT_NOT_FOUND","SAME_ACCOUNT"]'
call GET /accounts/000001/balance
expect "the refused batch changed nothing" 200 '"balance_cents":9700'
call POST /admin/webhooks '{"url":"https://203.0.113.10/bankcore","event_types":["*"]}'
expect "a webhook for every event type" 201 '"event_types":["*"]' '"secret":"whsec_'
webhook=$(sed -n 's/.*"id":"\(wh_[^"]*\)".*/\1/p' <<<"$body")
call POST /admin/webhooks '{"url":"https://203.0.113.10/bankcore","event_types":["*.deposited"]}'
expect "a type pattern that is not a type, a subject or *" 422 '"code":"INVALID_REQUEST"'
[ -z "$webhook" ] || { call DELETE "/admin/webhooks/$webhook"; expect "the webhook removed" 204; }
version=$(curl -s -D - -o /dev/null "$base/accounts/000009/balance" | tr -d '\r' | sed -n 's/^[Bb]ankcore-[Vv]ersion: //p')
if [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then echo "   ok: Bankcore-Version $version"; else echo "   FAILED: no Bankcore-Version header"; failed=1; fi

if [ $failed = 0 ]; then echo "smoke: all checks passed"; else echo "smoke: FAILED (service log: $log)"; exit 1; fi
