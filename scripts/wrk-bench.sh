#!/usr/bin/env bash
# Deposits and transfers under wrk against one instance on a fresh PostgreSQL database, with the
# instance's and PostgreSQL's CPU per request (from /proc; PostgreSQL's background processes and the
# measured database's sessions, so other databases' work on the same server does not count), commits
# per request (pg_stat_database) and the write pipeline's batch sizes. Several configurations of the instance run alternately in one run,
# so that their figures compare (e.g. the pipeline on and off):
#   scripts/wrk-bench.sh [-c CONNECTIONS] [-d SECONDS] [-w WARMUP_SECONDS] [-f FIRST_WARMUP] [-r ROUNDS] \
#       [-s "deposit transfer"] -- "label=app args" "label=app args" ...
# Example: scripts/wrk-bench.sh -r 2 -- "off=--bankcore.pipeline.enabled=false" "on=--bankcore.pipeline.enabled=true"
# A configuration's args may begin with jar=PATH (another build, e.g. of the previous commit),
# java=PATH (another JVM), requests=LEVEL (the request log's level: WARN, the default here, leaves it
# out; INFO writes a line per request as the service's default does) and with environment variables
# for the instance (NAME=value, upper case):
#   scripts/wrk-bench.sh -s deposit -- "base=jar=/tmp/base.jar" "traces=OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318"
# Needs wrk (apt-get install wrk), the jar (make package) and PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=32 duration=15 warmup=20 first_warmup=60 rounds=1 accounts=200 port=18080 scripts="deposit transfer"
while getopts "c:d:w:f:r:a:s:" opt; do
  case $opt in
    c) connections=$OPTARG ;; d) duration=$OPTARG ;; w) warmup=$OPTARG ;; f) first_warmup=$OPTARG ;;
    r) rounds=$OPTARG ;; a) accounts=$OPTARG ;; s) scripts=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || set -- "default="
for tool in wrk bc curl; do
  command -v $tool >/dev/null || { echo "wrk-bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
jar=$(mktemp /tmp/bankcore-wrk.XXXXXX.jar)
cp app/target/bankcore.jar "$jar"
hz=$(getconf CLK_TCK)
threads=$(( connections < 2 ? 1 : 2 ))  # wrk needs at least one connection per thread
first=7000000000

cpu_of() { # total CPU ticks of the given pids
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
pg_pids() { # PostgreSQL's own processes and the backends of database $1, not other databases' sessions
  psql -h 127.0.0.1 -U postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$1'
    OR (backend_type <> 'client backend' AND datname IS NULL) AND pid <> pg_backend_pid()"
  pgrep -o -x postgres || true  # the postmaster
}
commits() { psql -h 127.0.0.1 -U postgres -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = '$1'"; }

run_config() { # label args... : start an instance, warm up, measure deposits and transfers
  local label=$1 args=$2 round=$3 db="bankcore_wrk_$$_$round" instance_jar=$jar word requests_log=WARN java=java
  local environment=() rest=()
  for word in $args; do
    case $word in
      jar=*) instance_jar=${word#jar=} ;;
      requests=*) requests_log=${word#requests=} ;;
      java=*) java=${word#java=} ;;
      [A-Z_]*=*) environment+=("$word") ;;
      *) rest+=("$word") ;;
    esac
  done
  scripts/pgdb.sh drop "$db"; scripts/pgdb.sh create "$db"
  env "${environment[@]}" "$java" -Xms1g -Xmx1g -jar "$instance_jar" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --server.port=$port --bankcore.auth=none \
    --logging.level.io.bankcore.requests="$requests_log" "${rest[@]}" >"/tmp/wrk-bench-$label.log" 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT  # a failed step must not leave the instance running
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "wrk-bench: the instance did not start, see /tmp/wrk-bench-$label.log" >&2; exit 1; }
    sleep 1
  done
  for i in $(seq 0 $((accounts - 1))); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/accounts" -H 'Content-Type: application/json' \
      -d "{\"account_number\":\"$((first + i))\",\"initial_balance_cents\":100000000}"
  done
  local warm=$warmup
  [ "$round" = 1 ] && warm=$first_warmup
  for script in $scripts; do
    ACCOUNTS=$accounts FIRST=$first wrk -t"$threads" -c"$connections" -d"${warm}s" -s "bench/wrk/$script.lua" \
      "http://127.0.0.1:$port" >/dev/null
    local c0 p0 k0 out c1 p1 k1 requests
    c0=$(cpu_of "$pid"); p0=$(cpu_of $(pg_pids "$db")); k0=$(commits "$db")
    out=$(ACCOUNTS=$accounts FIRST=$first wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
      -s "bench/wrk/$script.lua" "http://127.0.0.1:$port")
    c1=$(cpu_of "$pid"); p1=$(cpu_of $(pg_pids "$db")); k1=$(commits "$db")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    local rps p50 p99 errors
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    printf "%-10s %-8s round %s: %9s req/s  p50 %8s  p99 %8s  non-2xx %-5s  instance %.3f ms/req  postgres %.3f ms/req  commits/req %.3f\n" \
      "$label" "$script" "$round" "$rps" "$p50" "$p99" "${errors:-0}" \
      "$(echo "($c1 - $c0) * 1000 / $hz / $requests" | bc -l)" \
      "$(echo "($p1 - $p0) * 1000 / $hz / $requests" | bc -l)" \
      "$(echo "($k1 - $k0) / $requests" | bc -l)"
  done
  echo "$label batches (requests per commit, cumulative buckets):" \
    $(curl -s "http://127.0.0.1:$port/actuator/prometheus" | grep -E '^bankcore_pipeline_batch_size' \
      | sed -E 's/^bankcore_pipeline_batch_size_requests_//; s/\{le="([^"]+)".*\} /le\1=/; s/\{.*\} /=/')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  scripts/pgdb.sh drop "$db"
}

for round in $(seq 1 "$rounds"); do
  for config in "$@"; do
    run_config "${config%%=*}" "${config#*=}" "$round"
  done
done
rm -f "$jar"
