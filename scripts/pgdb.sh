#!/usr/bin/env bash
# Creates or drops a scratch PostgreSQL database on the local server (127.0.0.1:5432, user postgres).
# Usage: scripts/pgdb.sh create|drop NAME
set -euo pipefail
action=$1 name=$2
case "$action" in
  create) psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name" ;;
  drop) psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" 2>/dev/null || true ;;
  *) echo "usage: $0 create|drop NAME" >&2; exit 2 ;;
esac
