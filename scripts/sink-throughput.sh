#!/usr/bin/env bash
# Delivery throughput of the event feed's sinks: a store seeded with EVENTS events (seed-store.sh), then
# the events/s RabbitMQ publication (publisher confirms) and one webhook endpoint (a local receiver
# answering 204) drain that backlog at. Needs PostgreSQL and RabbitMQ on 127.0.0.1 and a built jar.
# Usage: scripts/sink-throughput.sh [EVENTS]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-20000}
db="bankcore_sinks_$$" port=18130 receiver_port=18131 exchange="bankcore.throughput.$$"
# The AMQP client and what it needs, taken from the application's own jar.
libs=$(mktemp -d)
unzip -q -o -j app/target/bankcore.jar 'BOOT-INF/lib/amqp-client-*' 'BOOT-INF/lib/slf4j-api-*' 'BOOT-INF/lib/netty-*' -d "$libs"
cp="$libs/*"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; scripts/pgdb.sh drop "$db"; }
trap 'cleanup; rm -rf "$libs"' EXIT
scripts/pgdb.sh create "$db"
app() {
  java -Xmx1g -jar app/target/bankcore.jar --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --spring.datasource.username=postgres \
    --server.port=$port --bankcore.auth=none --bankcore.node-id=throughput \
    --bankcore.webhooks.allow-http=true --bankcore.webhooks.allowed-addresses=loopback "$@" > "/tmp/sink-throughput-$$.log" 2>&1 &
  pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/liveness"; do sleep 1; done
}
app                                    # migrates the schema
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
scripts/seed-store.sh "$db" 100 $((events / 100 - 1))
java -cp "$cp" scripts/SinkThroughput.java receiver $receiver_port "$exchange" > "/tmp/sink-receiver-$$.log" 2>&1 &
pids+=($!)
until grep -q "receiver ready" "/tmp/sink-receiver-$$.log"; do sleep 0.5; done
# The poller runs before each sink starts, so it sees the whole backlog.
java -cp "$cp" scripts/SinkThroughput.java drain "http://127.0.0.1:$port" amqp &
drain=$!
app --bankcore.amqp.url=amqp://guest:guest@127.0.0.1:5672 --bankcore.amqp.exchange="$exchange"
wait $drain
# A webhook endpoint created with after=0 gets its id in the answer: the poller matches any webhook.
java -cp "$cp" scripts/SinkThroughput.java drain "http://127.0.0.1:$port" "webhook:" &
drain=$!
curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/admin/webhooks" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$receiver_port/hook\",\"after\":0}"
wait $drain
sleep 6  # the receiver counts every 5 s
tail -1 "/tmp/sink-receiver-$$.log"
