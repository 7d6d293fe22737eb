#!/usr/bin/env sh
# Runs the books' verification (GET /admin/audit) and prints its report.
# Exits 0 when the read models, the event store and the books agree; 1 when the report lists
# mismatches; 2 when the audit could not be run (no answer, not JSON, admin routes switched off).
set -u
url="${BANKCORE_URL:-http://127.0.0.1:8000}/admin/audit"
# With authentication on, an admin key: BANKCORE_API_KEY (sent as X-API-Key).
if [ -n "${BANKCORE_API_KEY:-}" ]; then
    body=$(curl -s -H "X-API-Key: $BANKCORE_API_KEY" "$url") || { echo "audit: no answer from $url" >&2; exit 2; }
else
    body=$(curl -s "$url") || { echo "audit: no answer from $url" >&2; exit 2; }
fi
if command -v python3 >/dev/null 2>&1; then
    printf '%s\n' "$body" | python3 -m json.tool || { printf '%s\n' "$body"; exit 2; }
    printf '%s' "$body" | python3 -c '
import json, sys
report = json.load(sys.stdin)
if "mismatches" not in report:
    if report.get("code") in ("UNAUTHENTICATED", "FORBIDDEN"):
        print("audit: refused (%s): set BANKCORE_API_KEY to an admin key" % report["code"], file=sys.stderr)
    else:
        print("audit: no report (is bankcore.admin.enabled false?)", file=sys.stderr)
    sys.exit(2)
count = len(report["mismatches"])
print("audit: %d mismatch(es), %s accounts, %s events, %s ms"
      % (count, report.get("accounts_checked"), report.get("events_checked"), report.get("duration_ms")),
      file=sys.stderr)
sys.exit(1 if count else 0)'
else
    printf '%s\n' "$body"
    case "$body" in
        *'"mismatches":[]'*) exit 0 ;;
        *'"mismatches"'*) exit 1 ;;
        *) exit 2 ;;
    esac
fi
