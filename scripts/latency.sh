#!/usr/bin/env bash
# Sequential end-to-end latency of deposits and transfers against a running instance (one client).
# Usage: scripts/latency.sh [base-url] [requests]   (default http://127.0.0.1:8000, 200)
set -euo pipefail
base=${1:-http://127.0.0.1:8000}
n=${2:-200}
a=$(printf '%010d' $((RANDOM * 32768 + RANDOM)))
b=$(printf '%010d' $((RANDOM * 32768 + RANDOM + 1)))
# With authentication on, a key with accounts:write and transfers:write: BANKCORE_API_KEY.
auth=()
[ -n "${BANKCORE_API_KEY:-}" ] && auth=(-H "X-API-Key: $BANKCORE_API_KEY")
post() { curl -s "${auth[@]}" -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$base$1" -H 'Content-Type: application/json' -d "$2"; }
post /accounts "{\"account_number\":\"$a\",\"initial_balance_cents\":100000000}" >/dev/null
post /accounts "{\"account_number\":\"$b\"}" >/dev/null
measure() { # name path body
  local name=$1 path=$2 body=$3
  for _ in $(seq "$n"); do post "$path" "$body"; done | awk -v name="$name" '
    $1 != 200 { bad++ } { t[NR] = $2 * 1000 }
    END { asort(t); printf "%-9s n=%d non-200=%d p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms\n",
          name, NR, bad, t[int(NR*0.5)], t[int(NR*0.9)], t[int(NR*0.99)], t[NR] }'
}
measure deposit "/accounts/$a/deposit" '{"amount_cents":1}'
measure transfer /transfers "{\"from_account_number\":\"$a\",\"to_account_number\":\"$b\",\"amount_cents\":1}"
