#!/usr/bin/env bash
# The cost of the event feed's sinks to deposits: paired benchmark runs of the deposit scenario on an
# instance without sinks (off) and with RabbitMQ publication and one webhook endpoint receiving every
# event (on), in the order off,on,on,off,... so drift on a shared machine hits both alike. Besides each
# run's throughput it records the CPU time each part of the machine spent per event appended during
# the run (/proc: the instance, PostgreSQL, the broker, the test's receiver, and of the instance the
# sinks' own threads), how many of the run's events each sink delivered during it, and ends with a
# summary: per pair the on/off ratios of throughput and of the instance's and PostgreSQL's CPU per event.
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
# CPU ticks of the instance, PostgreSQL, RabbitMQ, the receiver, and the instance's sink threads (the
# sinks' pool and the AMQP client's connection thread, which takes the publisher confirms):
# "app pg broker receiver sinks".
cpu_ticks() { # app_pid receiver_pid
  local app=$1 receiver=$2
  { for stat in /proc/[0-9]*/stat; do cat "$stat" 2>/dev/null; echo; done
    for stat in /proc/"$app"/task/[0-9]*/stat; do printf 'T '; cat "$stat" 2>/dev/null; echo; done; } |
  awk -v app="$app" -v rcv="$receiver" '
    NF > 10 {
      thread = $1 == "T"; if (thread) sub(/^T /, "")
      pid = $1; comm = $0; sub(/^[0-9]+ \(/, "", comm); sub(/\) .*$/, "", comm)
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
      t = f[12] + f[13]
      if (thread) { if (comm ~ /^(event-sink|AMQP Connection)/) s += t; next }
      if (pid == app) a += t; else if (pid == rcv) r += t
      else if (comm ~ /^postgres/) p += t; else if (comm ~ /^(beam\.smp|erl_child_setup|epmd|inet_gethost)$/) b += t
    }
    END { printf "%d %d %d %d %d\n", a, p, b, r, s }'
}
# Events of the run a sink delivered during it: those between its cursor before and after.
sink_at() { psql -h 127.0.0.1 -U postgres -d "$1" -Atc "SELECT coalesce(max(position), 0) FROM event_sink WHERE name LIKE '$2%'"; }
between() { psql -h 127.0.0.1 -U postgres -d "$1" -Atc "SELECT count(*) FROM domain_event_entry WHERE global_index > $2 AND global_index <= $3"; }
newest() { psql -h 127.0.0.1 -U postgres -d "$1" -Atc "SELECT coalesce(max(global_index), 0) FROM domain_event_entry"; }
receiver_pid=${pids[0]}
hz=$(getconf CLK_TCK)
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
  local before_events before_cpu after_events after_cpu hook0 amqp0 hook1 amqp1
  before_events=$(newest "$db") before_cpu=$(cpu_ticks $app $receiver_pid)
  hook0=$(sink_at "$db" webhook:) amqp0=$(sink_at "$db" amqp)
  scripts/bench.sh --url "http://127.0.0.1:$port" --scenarios deposit --no-baseline --out "$out/$n-$mode" --no-pg-stats "${bench_args[@]}" \
    > "$out/bench-$n-$mode.log" 2>&1 || true
  after_cpu=$(cpu_ticks $app $receiver_pid) after_events=$(newest "$db")
  hook1=$(sink_at "$db" webhook:) amqp1=$(sink_at "$db" amqp)
  # Only the run's own events count (the cursors may start before them, or not have moved).
  [ "$hook0" -gt "$before_events" ] || hook0=$before_events
  [ "$amqp0" -gt "$before_events" ] || amqp0=$before_events
  [ "$hook1" -gt "$hook0" ] || hook1=$hook0
  [ "$amqp1" -gt "$amqp0" ] || amqp1=$amqp0
  local rate
  rate=$(awk '/^deposit / { print $2 }' "$out/$n-$mode/report.txt" 2>/dev/null | head -1)
  echo "$n $mode ${rate:-0} $(between "$db" "$before_events" "$after_events") $before_cpu $after_cpu" \
    "$(between "$db" "$hook0" "$hook1") $(between "$db" "$amqp0" "$amqp1")" >> "$out/runs.txt"
  curl -s "http://127.0.0.1:$port/admin/processors" > "$out/processors-$n-$mode.json" || true
  kill $app; wait $app 2>/dev/null || true
  scripts/pgdb.sh drop "$db"
}
for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) = 1 ]; then run off "$i"; run on "$i"; else run on "$i"; run off "$i"; fi
done
# runs.txt: pair mode deposits/s events app0 pg0 broker0 receiver0 sinks0 app1 pg1 broker1 receiver1
# sinks1 webhook-delivered amqp-delivered
awk -v hz="$hz" '
  function ms(t0, t1, n) { return n > 0 ? (t1 - t0) * 1000 / hz / n : 0 }
  {
    k = $1 SUBSEP $2; rate[k] = $3
    app[k] = ms($5, $10, $4); pg[k] = ms($6, $11, $4); broker[k] = ms($7, $12, $4); rcv[k] = ms($8, $13, $4)
    printf "run %s %-3s %7.1f deposits/s  CPU ms per event: instance %.3f, PostgreSQL %.3f, broker %.3f, receiver %.3f", $1, $2, $3, app[k], pg[k], broker[k], rcv[k]
    if ($2 == "on")
      printf "; of its %d events the webhook got %d and RabbitMQ %d during the run; the sink threads spent %.3f ms per delivery, %.3f ms per deposit, %.1f%% of the rest of the instance'\''s and PostgreSQL'\''s CPU", $4, $15, $16, ms($9, $14, $15 + $16), ms($9, $14, $4), 100 * ms($9, $14, $4) / (app[k] + pg[k] - ms($9, $14, $4))
    printf "\n"
    if ($1 > pairs) pairs = $1
  }
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= pairs; i++) {
      on = i SUBSEP "on"; off = i SUBSEP "off"
      if (rate[off] > 0 && app[off] + pg[off] > 0) {
        m++; tr[m] = rate[on] / rate[off]; cr[m] = (app[on] + pg[on]) / (app[off] + pg[off])
        printf "pair %d: throughput on/off %.3f, instance+PostgreSQL CPU per event on/off %.3f\n", i, tr[m], cr[m]
      }
    }
    if (m > 0) printf "median of %d pairs: throughput on/off %.3f, instance+PostgreSQL CPU per event on/off %.3f\n", m, median(tr, m), median(cr, m)
  }' "$out/runs.txt" | tee "$out/summary.txt"
