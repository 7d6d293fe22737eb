#!/usr/bin/env bash
# Runs scripts/Concurrency.java against two bankcore instances on a fresh PostgreSQL database.
# Usage: scripts/concurrency.sh [options for Concurrency.java, see --help]
set -euo pipefail
cd "$(dirname "$0")/.."
# The postgres profile needs an explicit authentication mode; the storms run open unless told otherwise.
export BANKCORE_AUTH="${BANKCORE_AUTH:-none}"
db="bankcore_concurrency_$$"
scripts/pgdb.sh create "$db"
trap 'scripts/pgdb.sh drop "$db"' EXIT
java scripts/Concurrency.java --jar app/target/bankcore.jar --db "jdbc:postgresql://127.0.0.1:5432/$db" "$@"
