#!/usr/bin/env bash
# Explores new seeds of the HTTP fuzz test (HttpFuzzTest): SEEDS fresh random seeds, one after the
# other in one JVM and one application context, on PostgreSQL (127.0.0.1:5432). Prints a line per
# seed as it finishes and, for each finding, the one-line command that replays it.
# Usage: scripts/fuzz.sh [seeds] [cases per seed]   (defaults 20 and the test's 1500)
# Exit status 0 when no seed found anything. The full output of the run is in build-output/fuzz.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-20}
cases=${2:-}
progress=app/target/http-fuzz-explore.log
log=build-output/fuzz.log
mkdir -p build-output app/target
rm -f "$progress"

args=(-ntp -B -pl app -am test
  "-Dtest=HttpFuzzTest#every_route_survives_generated_malformed_requests"
  -Dsurefire.failIfNoSpecifiedTests=false "-Dfuzz.explore=$seeds")
[ -n "$cases" ] && args+=("-Dfuzz.cases=$cases")
echo "fuzz: $seeds seeds${cases:+, $cases cases each}; maven output in $log"
./mvnw "${args[@]}" >"$log" 2>&1 &
mvn=$!
tail -F -n +1 --pid="$mvn" "$progress" 2>/dev/null &
follower=$!
status=0
wait "$mvn" || status=$?
wait "$follower" 2>/dev/null || true
if [ "$status" -ne 0 ] && ! grep -q "^HttpFuzzTest: .* seeds x " "$progress" 2>/dev/null; then
  echo "fuzz: the run stopped before its summary (exit $status); the end of $log:" >&2
  tail -n 40 "$log" >&2
fi
exit "$status"
