#!/usr/bin/env bash
# Deposits under wrk against several configurations of the instance running AT THE SAME TIME, each on
# its own fresh PostgreSQL database and port, each driven by its own wrk: on a machine shared with
# other work, whatever else runs slows every configuration alike, so the ratios between them within a
# window hold where alternating runs (scripts/wrk-bench.sh) swing with the neighbours' load. After a
# common warm-up, WINDOWS windows of SECONDS each; per window and configuration: requests/s, p50, p99
# and the instance's CPU per request, and each configuration's ratios to the first.
#   scripts/wrk-together.sh [-c CONNECTIONS] [-d SECONDS] [-w WARMUP_SECONDS] [-n WINDOWS] [-s SCRIPT] \
#       -- "label=args" "label=args" ...
# args as in wrk-bench.sh: jar=PATH (another build), NAME=value (the instance's environment), --options.
#   scripts/wrk-together.sh -- "base=jar=/tmp/base.jar" "off=" "on=OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318"
# Needs wrk, bc, curl, the jar (make package) and PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=16 duration=20 warmup=60 windows=4 accounts=200 script=deposit first_port=18090
while getopts "c:d:w:n:a:s:" opt; do
  case $opt in
    c) connections=$OPTARG ;; d) duration=$OPTARG ;; w) warmup=$OPTARG ;; n) windows=$OPTARG ;;
    a) accounts=$OPTARG ;; s) script=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || { echo "wrk-together: name at least one configuration" >&2; exit 2; }
for tool in wrk bc curl; do
  command -v $tool >/dev/null || { echo "wrk-together: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
hz=$(getconf CLK_TCK)
threads=$(( connections < 2 ? 1 : 2 ))
first=7000000000
jar=$(mktemp /tmp/bankcore-together.XXXXXX.jar)
cp app/target/bankcore.jar "$jar"
labels=() pids=() ports=() dbs=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for db in "${dbs[@]}"; do scripts/pgdb.sh drop "$db" >/dev/null 2>&1 || true; done
  rm -f "$jar"
}
trap cleanup EXIT
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }

i=0
for config in "$@"; do
  label=${config%%=*} args=${config#*=} instance_jar=$jar environment=() rest=()
  for word in $args; do
    case $word in
      jar=*) instance_jar=${word#jar=} ;;
      [A-Z_]*=*) environment+=("$word") ;;
      *) rest+=("$word") ;;
    esac
  done
  port=$((first_port + i)) db="bankcore_together_$$_$i"
  scripts/pgdb.sh drop "$db" >/dev/null 2>&1 || true; scripts/pgdb.sh create "$db" >/dev/null
  env "${environment[@]}" java -Xms1g -Xmx1g -jar "$instance_jar" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --server.port=$port --bankcore.auth=none \
    --logging.level.io.bankcore.requests=WARN "${rest[@]}" >"/tmp/wrk-together-$label.log" 2>&1 &
  labels+=("$label") pids+=($!) ports+=("$port") dbs+=("$db")
  i=$((i + 1))
done
for k in "${!pids[@]}"; do
  for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:${ports[$k]}/actuator/health/liveness" >/dev/null && break
    kill -0 "${pids[$k]}" 2>/dev/null || { echo "wrk-together: ${labels[$k]} did not start, see /tmp/wrk-together-${labels[$k]}.log" >&2; exit 1; }
    sleep 1
  done
  for n in $(seq 0 $((accounts - 1))); do
    curl -sf -o /dev/null -X POST "http://127.0.0.1:${ports[$k]}/accounts" -H 'Content-Type: application/json' \
      -d "{\"account_number\":\"$((first + n))\",\"initial_balance_cents\":100000000}"
  done
done

drive() { # seconds, then one wrk per instance at once; output in /tmp/wrk-together-<label>.out
  local k drivers=()
  for k in "${!pids[@]}"; do
    ACCOUNTS=$accounts FIRST=$first wrk -t"$threads" -c"$connections" -d"$1s" --latency -s "bench/wrk/$script.lua" \
      "http://127.0.0.1:${ports[$k]}" >"/tmp/wrk-together-${labels[$k]}.out" 2>&1 &
    drivers+=($!)
  done
  wait "${drivers[@]}"
}

drive "$warmup"
for window in $(seq 1 "$windows"); do
  declare -A cpu0=()
  for k in "${!pids[@]}"; do cpu0[$k]=$(cpu_of "${pids[$k]}"); done
  drive "$duration"
  base_rps="" base_cpu=""
  for k in "${!pids[@]}"; do
    out=/tmp/wrk-together-${labels[$k]}.out
    requests=$(awk '/requests in/ {print $1}' "$out")
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Non-2xx/ {print $5}' "$out")
    cpu=$(echo "($(cpu_of "${pids[$k]}") - ${cpu0[$k]}) * 1000 / $hz / $requests" | bc -l)
    [ -z "$base_rps" ] && base_rps=$rps base_cpu=$cpu
    printf "%-8s window %s: %9s req/s  p50 %8s  p99 %8s  non-2xx %-4s  instance %.3f ms/req  vs %s: throughput %.3fx  cpu/req %.3fx\n" \
      "${labels[$k]}" "$window" "$rps" "$p50" "$p99" "${errors:-0}" "$cpu" "${labels[0]}" \
      "$(echo "$rps / $base_rps" | bc -l)" "$(echo "$cpu / $base_cpu" | bc -l)"
  done
done
