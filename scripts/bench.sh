#!/usr/bin/env bash
# The benchmark: one bankcore instance on a fresh PostgreSQL database, load over HTTP, the same
# operations as plain SQL with pgbench on a scratch database, a report in bench/results/<timestamp>/.
# Usage: scripts/bench.sh [options of the bench module, see --help]   (make bench ARGS="...")
set -euo pipefail
cd "$(dirname "$0")/.."
bench_jar=bench/target/bankcore-bench.jar
if [ ! -f "$bench_jar" ] || [ -n "$(find bench/pom.xml bench/src/main -newer "$bench_jar" -print -quit)" ]; then
  ./mvnw -q -ntp -B -pl bench package -DskipTests
fi
for arg in "$@"; do
  if [ "$arg" = "--help" ]; then exec java -jar "$bench_jar" --help; fi
done
db="bankcore_bench_$$"
baseline_db="bankcore_bench_baseline_$$"
if ! command -v pgbench >/dev/null 2>&1 && [ ! -x /usr/lib/postgresql/15/bin/pgbench ]; then
  echo "bench: pgbench missing, installing postgresql-client (the SQL baseline needs it)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null || true
fi
# Statements per request come from pg_stat_statements, which PostgreSQL loads only at start-up. On a
# local server this script may administer (the development machines: root, pg_ctlcluster), it is added
# to shared_preload_libraries and the server restarted once; elsewhere the report says it is missing.
preload=$(psql -h 127.0.0.1 -U postgres -Atc "SHOW shared_preload_libraries" 2>/dev/null || true)
if [[ "$preload" != *pg_stat_statements* ]] && [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null 2>&1 \
    && [ "${BENCH_NO_PG_RESTART:-}" = "" ]; then
  echo "bench: loading pg_stat_statements into the local PostgreSQL (restarts it once; BENCH_NO_PG_RESTART=1 skips)"
  psql -q -h 127.0.0.1 -U postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  for version in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$version" main restart; done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi
pgbench=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | head -1 || echo pgbench)
# The jars are copied so that a rebuild during a long run does not change what runs.
work=$(mktemp -d /tmp/bankcore-bench.XXXXXX)
cp app/target/bankcore.jar "$work/bankcore.jar"
cp "$bench_jar" "$work/bankcore-bench.jar"
scripts/pgdb.sh create "$db"
scripts/pgdb.sh create "$baseline_db"
trap 'scripts/pgdb.sh drop "$db"; scripts/pgdb.sh drop "$baseline_db"; rm -rf "$work"' EXIT
java -jar "$work/bankcore-bench.jar" --jar "$work/bankcore.jar" --db "jdbc:postgresql://127.0.0.1:5432/$db" \
  --baseline-db "$baseline_db" --pgbench "$pgbench" "$@"
