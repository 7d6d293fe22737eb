#!/usr/bin/env bash
# Browser test of the operations dashboard: starts bankcore on an empty PostgreSQL database, opens
# /ops in headless Chromium (Debian's package, driven by playwright-core), sends API traffic, waits
# for the page to show it by its own refresh, runs an audit from the page and saves a screenshot.
# Usage: scripts/ops-browser-test.sh [jar]   (default app/target/bankcore.jar)
# Needs: /usr/bin/chromium (or CHROMIUM=...), node >= 20, `npm ci` done in scripts/ops-browser.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-app/target/bankcore.jar}
port=${OPS_TEST_PORT:-8197}
db="bankcore_ops_$$"
base="http://127.0.0.1:$port"
log="build-output/ops-browser-app.log"
screenshot="app/target/ops/ops-dashboard.png"
mkdir -p build-output "$(dirname "$screenshot")"
rm -f "$screenshot"

[ -f "$jar" ] || { echo "ops-browser: no jar at $jar (run: make package)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "ops-browser: no Chromium at ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 1; }
[ -d scripts/ops-browser/node_modules/playwright-core ] || { echo "ops-browser: run npm ci in scripts/ops-browser" >&2; exit 1; }

scripts/pgdb.sh create "$db"
# The dashboard is tested with authentication on: an API-key server, a fresh bootstrap admin key that
# the test types into the page's key form (BANKCORE_AUTH=none tests it open).
export BANKCORE_AUTH="${BANKCORE_AUTH:-api-key}"
if [ "$BANKCORE_AUTH" != "none" ] && [ -z "${BANKCORE_BOOTSTRAP_ADMIN_KEY:-}" ]; then
  BANKCORE_BOOTSTRAP_ADMIN_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export BANKCORE_BOOTSTRAP_ADMIN_KEY
fi
java -jar "$jar" --spring.profiles.active=postgres \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --server.port="$port" >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; scripts/pgdb.sh drop "$db"; }
trap cleanup EXIT
for _ in $(seq 1 360); do curl -sf -o /dev/null "$base/actuator/health/readiness" && break; sleep 0.5; done
curl -sf -o /dev/null "$base/actuator/health/readiness" || { echo "ops-browser: service did not start, see $log"; exit 1; }

admin_key=""
[ "$BANKCORE_AUTH" = "none" ] || admin_key="$BANKCORE_BOOTSTRAP_ADMIN_KEY"
if BANKCORE_URL="$base" OPS_SCREENSHOT="$screenshot" OPS_ADMIN_KEY="$admin_key" node scripts/ops-browser/ops-test.mjs; then
  echo "ops-browser: screenshot of the dashboard: $screenshot"
else
  echo "ops-browser: FAILED (service log: $log)"
  exit 1
fi
