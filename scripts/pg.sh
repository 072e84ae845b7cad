#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL cluster for the tests, on 127.0.0.1:${STEWARD_PG_PORT:-55432}, with
# trust authentication, and prints its URL. The cluster lives in ${STEWARD_PG_DIR:-/tmp/steward-pg} and is
# owned by the postgres user (the server refuses to run as root).
#   scripts/pg.sh start   → prints postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable
#   scripts/pg.sh stop
set -euo pipefail
port=${STEWARD_PG_PORT:-55432}
dir=${STEWARD_PG_DIR:-/tmp/steward-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
url="postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable"

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
start)
  if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "$url"; exit 0
  fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # Tests create many short-lived schemas; durability does not matter for a throw-away cluster.
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "$url"
  ;;
stop)
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: $0 start|stop" >&2; exit 2
  ;;
esac
