#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL cluster on loopback for the test suite.
#   .ci/postgres.sh start   -> prints the DATABASE_URL to use
#   .ci/postgres.sh stop
#   .ci/postgres.sh resume  -> starts a stopped cluster again with its data (the outage test)
# Installs Debian's postgresql package when it is missing. Nothing is kept between runs.
set -euo pipefail

PORT="${PG_PORT:-54329}"
DATA_DIR="${PG_DATA_DIR:-/tmp/dorpskracht-ci-pg}"

as_pg() {
  # PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || return 1
  echo "$dir"
}

install_postgres() {
  if ! pg_bin >/dev/null; then
    echo "Installing PostgreSQL from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
}

run_cluster() {
  as_pg "$1/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w \
    -o "-p $PORT -k $DATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  echo "postgres://postgres@127.0.0.1:$PORT/dorpskracht"
}

start() {
  install_postgres
  local bin; bin=$(pg_bin)
  stop >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DATA_DIR"; fi
  as_pg "$bin/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run_cluster "$bin"
}

resume() {
  run_cluster "$(pg_bin)"
}

stop() {
  local bin; bin=$(pg_bin) || return 0
  [ -d "$DATA_DIR" ] || return 0
  as_pg "$bin/pg_ctl" -D "$DATA_DIR" -m fast -w stop || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  resume) resume ;;
  *) echo "usage: $0 start|stop|resume" >&2; exit 2 ;;
esac
