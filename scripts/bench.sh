#!/usr/bin/env bash
# The benchmark: one bankcore instance on a fresh PostgreSQL database, load over HTTP, the same
# operations as plain SQL with pgbench on a scratch database, a report in bench/results/<timestamp>/.
# Usage: scripts/bench.sh [options for Bench.java, see --help]   (make bench ARGS="...")
set -euo pipefail
cd "$(dirname "$0")/.."
db="bankcore_bench_$$"
baseline_db="bankcore_bench_baseline_$$"
if ! command -v pgbench >/dev/null 2>&1 && [ ! -x /usr/lib/postgresql/15/bin/pgbench ]; then
  echo "bench: pgbench missing, installing postgresql-client (the SQL baseline needs it)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null || true
fi
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | head -1 || echo pgbench)
# The jar is copied so that a rebuild during a long run does not change the instance under test.
work=$(mktemp -d /tmp/bankcore-bench.XXXXXX)
cp app/target/bankcore.jar "$work/bankcore.jar"
scripts/pgdb.sh create "$db"
scripts/pgdb.sh create "$baseline_db"
trap 'scripts/pgdb.sh drop "$db"; scripts/pgdb.sh drop "$baseline_db"; rm -rf "$work"' EXIT
java scripts/Bench.java --jar "$work/bankcore.jar" --db "jdbc:postgresql://127.0.0.1:5432/$db" \
  --baseline-db "$baseline_db" --pgbench "$pgbench" "$@"
