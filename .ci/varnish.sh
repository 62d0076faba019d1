#!/usr/bin/env bash
# Start (or stop) Varnish on loopback in front of one gunicorn, with deploy/varnish/default.vcl.
#   VARNISH_BACKEND=127.0.0.1:8000 .ci/varnish.sh start   -> prints Varnish's URL
#   .ci/varnish.sh stop
# VARNISH_PORT (6081), VARNISH_ADMIN_PORT (6082) and VARNISH_DIR (its working folder) make a
# second one possible. Installs Debian's varnish when it is missing. Runs without a jail
# (-j none), so also as root, with everything in VARNISH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${VARNISH_PORT:-6081}"
ADMIN_PORT="${VARNISH_ADMIN_PORT:-6082}"
BACKEND="${VARNISH_BACKEND:-127.0.0.1:8000}"
DIR="${VARNISH_DIR:-/tmp/dorpskracht-varnish}"

install_varnish() {
  if ! command -v varnishd >/dev/null && [ ! -x /usr/sbin/varnishd ]; then
    echo "Installing Varnish from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq varnish >&2 || { apt-get update -qq >&2 && apt-get install -y -qq varnish >&2; }
  fi
}

varnishd_bin() { command -v varnishd || echo /usr/sbin/varnishd; }

start() {
  install_varnish
  stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # The repository's VCL with this backend (the file itself names 127.0.0.1:8000).
  local host="${BACKEND%:*}" port="${BACKEND##*:}"
  sed -e "s/\.host = \"127.0.0.1\";/.host = \"$host\";/" \
      -e "s/\.port = \"8000\";/.port = \"$port\";/" \
      deploy/varnish/default.vcl >"$DIR/default.vcl"
  "$(varnishd_bin)" -j none -n "$DIR/work" -P "$DIR/varnishd.pid" \
    -a "127.0.0.1:$PORT" -T "127.0.0.1:$ADMIN_PORT" \
    -f "$DIR/default.vcl" -s malloc,64m >"$DIR/varnishd.log" 2>&1 || {
      cat "$DIR/varnishd.log" >&2
      exit 1
    }
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      echo "http://127.0.0.1:$PORT"
      return 0
    fi
    sleep 0.2
  done
  echo "varnish: not listening on 127.0.0.1:$PORT" >&2
  cat "$DIR/varnishd.log" >&2
  exit 1
}

stop() {
  [ -f "$DIR/varnishd.pid" ] || return 0
  local pid; pid=$(cat "$DIR/varnishd.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$DIR/varnishd.pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
