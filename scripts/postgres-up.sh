#!/bin/sh
# Starts a throw-away PostgreSQL cluster from Debian's packages on loopback and
# prints its URL on stdout (everything else goes to stderr):
#   export TEST_DATABASE_URL="$(scripts/postgres-up.sh)"
#   npx vitest run --project server
#   scripts/postgres-down.sh
# PG_TEST_DIR (default /tmp/cachet-pg) and PG_TEST_PORT (default 55432) override.
set -eu
DIR="${PG_TEST_DIR:-/tmp/cachet-pg}"
PORT="${PG_TEST_PORT:-55432}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$BIN" ] || { echo "postgresql is not installed (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ -f "$DIR/url" ] && as_postgres "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  cat "$DIR/url"; exit 0
fi

rm -rf "$DIR"
mkdir -p "$DIR"
PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$PASSWORD" > "$DIR/pwfile"
chmod 700 "$DIR"; chmod 600 "$DIR/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres "$DIR"
as_postgres "$BIN/initdb" -D "$DIR/data" -U postgres --pwfile="$DIR/pwfile" -A scram-sha-256 --no-sync -E UTF8 >&2
rm -f "$DIR/pwfile"
as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c max_connections=200" start >&2
PGPASSWORD="$PASSWORD" as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres cachet_test >&2
URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/cachet_test"
printf '%s\n' "$URL" > "$DIR/url"; chmod 600 "$DIR/url"
echo "$URL"
