#!/bin/sh
# Stops the cluster scripts/postgres-up.sh started and deletes its files.
set -eu
DIR="${PG_TEST_DIR:-/tmp/cachet-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -d "$DIR/data" ] || exit 0
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
else "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true; fi
rm -rf "$DIR"
