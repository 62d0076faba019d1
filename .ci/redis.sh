#!/usr/bin/env bash
# Start (or stop) a throw-away Redis on loopback for the tests that need a shared cache.
#   .ci/redis.sh start   -> prints the REDIS_URL to use
#   .ci/redis.sh stop
# Installs Debian's redis-server package when it is missing. Nothing is written to disk (no
# RDB snapshots, no append-only file); its folder holds only the pid file and the log.
set -euo pipefail

PORT="${REDIS_PORT:-6390}"
DIR="${REDIS_DIR:-/tmp/dorpskracht-ci-redis-$PORT}"

install_redis() {
  if ! command -v redis-server >/dev/null; then
    echo "Installing Redis from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq redis-server >&2 || { apt-get update -qq >&2 && apt-get install -y -qq redis-server >&2; }
  fi
}

start() {
  install_redis
  stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR"
  redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --save '' --appendonly no \
    --protected-mode yes --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >&2
  for _ in $(seq 50); do
    if redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; then
      echo "redis://127.0.0.1:$PORT/0"
      return 0
    fi
    sleep 0.1
  done
  echo "Redis did not start: $(cat "$DIR/redis.log" 2>/dev/null)" >&2
  return 1
}

stop() {
  [ -f "$DIR/redis.pid" ] || return 0
  local pid; pid=$(cat "$DIR/redis.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
