#!/usr/bin/env bash
# The cost of the event feed's sinks to deposits: paired benchmark runs of the deposit scenario on an
# instance without sinks (off) and with RabbitMQ publication and one webhook endpoint receiving every
# event (on), in the order off,on,on,off,... so drift on a shared machine hits both alike.
# Usage: scripts/sink-cost.sh PAIRS OUT_DIR [bench options, e.g. --duration 20s]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:?pairs} out=${2:?output directory}; shift 2
bench_args=("$@")
# Never restart the shared PostgreSQL server for statement statistics.
export BENCH_NO_PG_RESTART=1
port=18140 receiver_port=18141 exchange="bankcore.cost.$$"
# The AMQP client and what it needs, taken from the application's own jar.
libs=$(mktemp -d)
unzip -q -o -j app/target/bankcore.jar 'BOOT-INF/lib/amqp-client-*' 'BOOT-INF/lib/slf4j-api-*' 'BOOT-INF/lib/netty-*' -d "$libs"
cp="$libs/*"
mkdir -p "$out"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap 'cleanup; rm -rf "$libs"' EXIT
java -cp "$cp" scripts/SinkThroughput.java receiver $receiver_port "$exchange" > "$out/receiver.log" 2>&1 &
pids+=($!)
until grep -q "receiver ready" "$out/receiver.log"; do sleep 0.5; done
run() { # mode index
  local mode=$1 n=$2 db="bankcore_cost_$$_$2_$1" extra=()
  scripts/pgdb.sh create "$db"
  [ "$mode" = on ] && extra=(--bankcore.amqp.url=amqp://guest:guest@127.0.0.1:5672 --bankcore.amqp.exchange="$exchange")
  java -Xms512m -Xmx1g -XX:+UseParallelGC -jar app/target/bankcore.jar --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --spring.datasource.username=postgres \
    --server.port=$port --bankcore.auth=none --bankcore.node-id=cost \
    --bankcore.webhooks.allow-http=true --bankcore.webhooks.allowed-addresses=loopback "${extra[@]}" > "$out/app-$n-$mode.log" 2>&1 &
  local app=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/liveness"; do sleep 1; done
  if [ "$mode" = on ]; then
    curl -sf -X POST "http://127.0.0.1:$port/admin/webhooks" -H 'Content-Type: application/json' \
      -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"after\":0}" > /dev/null
  fi
  scripts/bench.sh --url "http://127.0.0.1:$port" --scenarios deposit --no-baseline --out "$out/$n-$mode" --no-pg-stats "${bench_args[@]}" \
    > "$out/bench-$n-$mode.log" 2>&1 || true
  curl -s "http://127.0.0.1:$port/admin/processors" > "$out/processors-$n-$mode.json" || true
  kill $app; wait $app 2>/dev/null || true
  scripts/pgdb.sh drop "$db"
}
for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) = 1 ]; then run off "$i"; run on "$i"; else run on "$i"; run off "$i"; fi
done
grep -h -A3 "deposit" "$out"/*/report.txt 2>/dev/null | head -60 || true
