#!/usr/bin/env bash
# Rebuilds the read models of the instance at BANKCORE_URL (default :8000) from its event store:
# starts POST /admin/replay, prints its progress once a second, and exits 0 when it completed,
# 1 when it failed, 2 when it could not be started (no answer, admin routes off, one already running).
set -u
base="${BANKCORE_URL:-http://127.0.0.1:8000}"
# With authentication on, an admin key: BANKCORE_API_KEY (sent as X-API-Key).
auth=()
[ -n "${BANKCORE_API_KEY:-}" ] && auth=(-H "X-API-Key: $BANKCORE_API_KEY")
field() { python3 -c 'import json,sys; r=json.load(sys.stdin); print(r.get(sys.argv[1]) if isinstance(r, dict) else "")' "$1"; }

answer=$(curl -s "${auth[@]}" -w '\n%{http_code}' -X POST "$base/admin/replay") || { echo "replay: no answer from $base" >&2; exit 2; }
status=${answer##*$'\n'} body=${answer%$'\n'*}
if [ "$status" != 202 ]; then
    echo "replay: not started ($status): $body" >&2
    exit 2
fi
id=$(printf '%s' "$body" | field replay_id)
echo "replay $id started"
while true; do
    body=$(curl -s "${auth[@]}" "$base/admin/replay/$id") || { echo "replay: lost contact with $base" >&2; exit 2; }
    printf '%s' "$body" | python3 -c '
import json, sys
r = json.load(sys.stdin)
total = max(r["events_total"], 1)
print("  %-9s %-11s %9d / %-9d events  %5.1f%%  %9.0f events/s"
      % (r["status"], r["phase"], r["events_done"], r["events_total"], 100.0 * r["events_done"] / total,
         r["events_per_second"]))'
    state=$(printf '%s' "$body" | field status)
    case "$state" in
        RUNNING) sleep 1 ;;
        COMPLETED) printf '%s\n' "$body" | python3 -m json.tool; exit 0 ;;
        *) printf '%s\n' "$body" | python3 -m json.tool; exit 1 ;;
    esac
done
