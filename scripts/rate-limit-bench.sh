#!/usr/bin/env bash
# The cost of rate limits per request: balance reads (GET /accounts/{n}/balance, API keys on) under wrk
# against one instance on a fresh PostgreSQL database, with the CPU per request (from /proc) of the
# instance and of the PostgreSQL backends connected to its database (other databases' backends on a
# shared server are left out; the server's background processes too). Several configurations run alternately, round after round, so that their
# figures compare on a shared machine:
#   scripts/rate-limit-bench.sh [-c CONNECTIONS] [-d SECONDS] [-w WARMUP_SECONDS] [-f FIRST_WARMUP] \
#       [-r ROUNDS] [-k CLIENT_KEYS] -- "label=app args" "label=app args" ...
# With no configuration: limits off, per-instance buckets, shared buckets (default settings) and shared
# buckets written at every grant (unsynchronized-fraction 0), at a rate no client reaches (nothing is
# refused). -k 1: every request with one key; -k 32: each with one of 32 keys.
# Needs wrk (apt-get install wrk), the jar (make package) and PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=32 duration=15 warmup=20 first_warmup=40 rounds=1 accounts=200 keys=1 port=18081
while getopts "c:d:w:f:r:a:k:" opt; do
  case $opt in
    c) connections=$OPTARG ;; d) duration=$OPTARG ;; w) warmup=$OPTARG ;; f) first_warmup=$OPTARG ;;
    r) rounds=$OPTARG ;; a) accounts=$OPTARG ;; k) keys=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
high="--bankcore.rate-limit.requests-per-second=1000000"
[ $# -ge 1 ] || set -- "off=" "local=$high --bankcore.rate-limit.shared=false" "shared=$high" \
  "exact=$high --bankcore.rate-limit.unsynchronized-fraction=0"
for tool in wrk bc curl psql; do
  command -v $tool >/dev/null || { echo "rate-limit-bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
jar=$(mktemp /tmp/bankcore-ratelimit.XXXXXX.jar)
cp app/target/bankcore.jar "$jar"
hz=$(getconf CLK_TCK)
threads=$(( connections < 2 ? 1 : 2 ))
first=7000000000
admin=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

cpu_of() { # total CPU ticks of the given pids
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
bucket_writes() { # rows written to rate_limit_bucket so far (statistics lag up to a second); 0 without it
  psql -h 127.0.0.1 -U postgres -d "$1" -Atc "SELECT coalesce(sum(n_tup_upd + n_tup_ins), 0)
    FROM pg_stat_user_tables WHERE relname = 'rate_limit_bucket'"
}
db_pids() { psql -h 127.0.0.1 -U postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$1'"; }
new_key() { # scopes : a new API key, printed
  curl -sf -X POST "http://127.0.0.1:$port/admin/api-keys" -H "X-API-Key: $admin" \
    -H 'Content-Type: application/json' -d "{\"name\":\"bench-$RANDOM\",\"scopes\":$1}" \
    | sed -E 's/.*"key":"([^"]+)".*/\1/'
}

run_config() { # label args round
  local label=$1 args=$2 round=$3 db="bankcore_ratelimit_$$_$round"
  scripts/pgdb.sh drop "$db"; scripts/pgdb.sh create "$db"
  # shellcheck disable=SC2086
  BANKCORE_BOOTSTRAP_ADMIN_KEY=$admin java -Xms1g -Xmx1g -jar "$jar" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --server.port=$port --bankcore.auth=api-key \
    --logging.level.io.bankcore.requests=WARN $args >"/tmp/rate-limit-bench-$label.log" 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true; scripts/pgdb.sh drop $db" EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "rate-limit-bench: the instance did not start, see /tmp/rate-limit-bench-$label.log" >&2; exit 1; }
    sleep 1
  done
  local writer clients=""
  writer=$(new_key '["accounts:write"]')
  for i in $(seq 0 $((accounts - 1))); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/accounts" -H 'Content-Type: application/json' \
      -H "X-API-Key: $writer" -d "{\"account_number\":\"$((first + i))\",\"initial_balance_cents\":100}"
  done
  for _ in $(seq 1 "$keys"); do clients="$clients${clients:+,}$(new_key '["accounts:read"]')"; done
  local warm=$warmup
  [ "$round" = 1 ] && warm=$first_warmup
  KEYS=$clients ACCOUNTS=$accounts FIRST=$first wrk -t"$threads" -c"$connections" -d"${warm}s" \
    -s bench/wrk/balance.lua "http://127.0.0.1:$port" >/dev/null
  local c0 p0 w0 out c1 p1 w1 requests rps p50 p99 errors instance postgres backends
  backends=$(db_pids "$db")
  w0=$(bucket_writes "$db")
  c0=$(cpu_of "$pid"); p0=$(cpu_of $backends)
  out=$(KEYS=$clients ACCOUNTS=$accounts FIRST=$first wrk -t"$threads" -c"$connections" -d"${duration}s" \
    --latency -s bench/wrk/balance.lua "http://127.0.0.1:$port")
  c1=$(cpu_of "$pid"); p1=$(cpu_of $backends)
  sleep 1; w1=$(bucket_writes "$db")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  instance=$(echo "($c1 - $c0) * 1000 / $hz / $requests" | bc -l)
  postgres=$(echo "($p1 - $p0) * 1000 / $hz / $requests" | bc -l)
  printf "%-9s keys %-3s round %s: %9s req/s  p50 %8s  p99 %8s  non-2xx %-5s  instance %.3f  postgres %.3f  total %.3f ms CPU/req  bucket writes/req %.3f\n" \
    "$label" "$keys" "$round" "$rps" "$p50" "$p99" "${errors:-0}" "$instance" "$postgres" \
    "$(echo "$instance + $postgres" | bc -l)" "$(echo "($w1 - $w0) / $requests" | bc -l)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
  scripts/pgdb.sh drop "$db"
}

configs=("$@")
for round in $(seq 1 "$rounds"); do
  # Every other round in reverse order, so that a drift of the machine's load favours no configuration.
  order=$(seq 0 $((${#configs[@]} - 1)))
  [ $((round % 2)) = 0 ] && order=$(seq $((${#configs[@]} - 1)) -1 0)
  for i in $order; do
    config=${configs[$i]}
    run_config "${config%%=*}" "${config#*=}" "$round"
  done
done
rm -f "$jar"
