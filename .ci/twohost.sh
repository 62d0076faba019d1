#!/usr/bin/env bash
# The two-host stage: the portal as it runs on more than one machine, all on loopback.
#   PostgreSQL (.ci/postgres.sh), Redis (.ci/redis.sh), an S3 server (.ci/s3.sh), two gunicorn
#   "hosts" A and B with production settings, the same DATABASE_URL/REDIS_URL/S3 settings and
#   each its own MEDIA_ROOT, PRIVATE_MEDIA_ROOT, PAGE_CACHE_DIR and STATIC_ROOT, Varnish in front
#   of both (.ci/varnish.sh, a round-robin director), one worker (manage.py run_worker, on A) with
#   e-mail into a folder.
# Loads the demo content once, then .ci/twohost_checks.py checks what a second host breaks:
# a publish on A seen at once on B and through Varnish, a file uploaded on A served by B, an
# import staged on A confirmed on B, one login limit across both, a worker that outlives a
# PostgreSQL restart with every queued mail sent. Stops all it started; exits non-zero on failure.
# Ports: TWOHOST_PORT_BASE (default 7600) + 1 Redis, 2 S3, 3 Varnish, 4 its admin, 5 host A,
# 6 host B; PostgreSQL on TWOHOST_PG_PORT (default base + 50). Extra arguments go to the checks
# (e.g. "(a)" "(d)" runs only those). TWOHOST_HOLD=1 (development) keeps everything running and
# writes the environment to a file instead of running the checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1

BASE="${TWOHOST_PORT_BASE:-7600}"
export REDIS_PORT=$((BASE + 1)) S3_PORT=$((BASE + 2))
export VARNISH_PORT=$((BASE + 3)) VARNISH_ADMIN_PORT=$((BASE + 4))
HOST_A_PORT=$((BASE + 5))
HOST_B_PORT=$((BASE + 6))
export PG_PORT="${TWOHOST_PG_PORT:-$((BASE + 50))}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dorpskracht-twohost.XXXXXX")
chmod 755 "$WORK"  # PostgreSQL runs as its own user (postgres.sh) and keeps its data in here
export PG_DATA_DIR="$WORK/pg" REDIS_DIR="$WORK/redis" S3_PID_FILE="$WORK/s3.pid"
export VARNISH_DIR="$WORK/varnish"
PYTHON=.venv/bin/python

log() { printf '[twohost %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

pids=()
started=()
cleanup() {
  local status=$?
  # gunicorn and the worker finish what they are doing on TERM; 15 s for all, then KILL.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  local waited=0 pid
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  done
  local service
  for service in "${started[@]}"; do bash ".ci/$service.sh" stop >/dev/null 2>&1 || true; done
  if [ "$status" != 0 ] && [ -d "$WORK/logs" ]; then
    log "failed (exit $status): the last lines of each log"
    for file in "$WORK"/logs/*.log; do echo "--- $file" >&2; tail -n 30 "$file" >&2; done
  fi
  rm -rf "$WORK"
  log "stopped everything it started (exit $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- services ----------------------------------------------------------------------------------
mkdir -p "$WORK/logs" "$WORK/mail"
log "PostgreSQL on $PG_PORT, Redis on $REDIS_PORT, S3 on $S3_PORT"
DATABASE_URL=$(bash .ci/postgres.sh start)
started+=(postgres)
"$PYTHON" - "$DATABASE_URL" <<'EOF'
import sys

import psycopg

base, _, name = sys.argv[1].rpartition("/")
with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
    connection.execute(f'CREATE DATABASE "{name}"')
EOF
REDIS_URL=$(bash .ci/redis.sh start)
started+=(redis)
s3_env=$(bash .ci/s3.sh start)
eval "$s3_env"
started+=(s3)

# --- what both hosts share -----------------------------------------------------------------------
export DJANGO_SETTINGS_MODULE=portal.settings.production
SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY DATABASE_URL REDIS_URL
export ALLOWED_HOSTS=127.0.0.1,localhost
# Loopback speaks HTTP; the checks send X-Forwarded-Proto: https as the TLS proxy would.
export SECURE_SSL_REDIRECT=False
export EMAIL_URL="file:///$WORK/mail"  # dj-email-url: file:/// + the path from the root
export PAGE_CACHE_SECONDS=300
export FRONTEND_CACHE_URL="http://127.0.0.1:$VARNISH_PORT"
export WAGTAILADMIN_BASE_URL="http://127.0.0.1:$VARNISH_PORT"
export LOG_LEVEL=WARNING
# The hosts sit behind one proxy (Varnish, or the TLS proxy): the client is the address it adds.
export TRUSTED_PROXY_COUNT=1
export GUNICORN_WORKERS="${TWOHOST_WORKERS:-2}" GUNICORN_THREADS=2

host_env() {  # host_env a|b: this host's own folders (nothing shared goes here)
  local dir="$WORK/host-$1"
  echo "MEDIA_ROOT=$dir/media PRIVATE_MEDIA_ROOT=$dir/private-media" \
    "PAGE_CACHE_DIR=$dir/page-cache STATIC_ROOT=$dir/static"
}
on_host() {  # on_host a|b COMMAND...: run COMMAND with that host's folders
  local host=$1
  shift
  env $(host_env "$host") "$@"
}

# Varnish (deploy/varnish/default.vcl) in front of both hosts, purged by both; started first, so
# the demo's publishing already reaches it.
VARNISH_URL=$(VARNISH_BACKEND="127.0.0.1:$HOST_A_PORT" bash .ci/varnish.sh start)
started+=(varnish)
# The repository's VCL with a round-robin director over A and B (README "Scaling out"): VCL runs
# subroutines of one name in the order written, so this vcl_recv picks the host and then
# default.vcl's own decides what is cached.
awk -v b_port="$HOST_B_PORT" '
  { print }
  /^import cookie;$/ {
    print "import directors;"
    print "backend host_b { .host = \"127.0.0.1\"; .port = \"" b_port "\"; }"
    print "sub vcl_init { new hosts = directors.round_robin();"
    print "  hosts.add_backend(default); hosts.add_backend(host_b); }"
    print "sub vcl_recv { set req.backend_hint = hosts.backend(); }"
  }' "$VARNISH_DIR/default.vcl" >"$VARNISH_DIR/twohost.vcl"
varnishadm -n "$VARNISH_DIR/work" vcl.load twohost "$VARNISH_DIR/twohost.vcl" >&2
varnishadm -n "$VARNISH_DIR/work" vcl.use twohost >&2

log "migrating, collecting static files, loading the demo content (once, through host A)"
on_host a "$PYTHON" manage.py migrate --noinput -v 0
on_host a "$PYTHON" manage.py collectstatic --noinput -v 0
# Each host collects into its own folder; B's is a copy of A's (same code, same manifest).
mkdir -p "$WORK/host-b"
cp -a "$WORK/host-a/static" "$WORK/host-b/static"
on_host a "$PYTHON" manage.py load_demo_content --skip-index >"$WORK/logs/demo.log"

# --- the two hosts, the worker, Varnish ----------------------------------------------------------
serve() {  # serve a|b PORT (env execs gunicorn: $! is gunicorn's own pid, which cleanup stops)
  env $(host_env "$1") GUNICORN_BIND="127.0.0.1:$2" .venv/bin/gunicorn -c gunicorn.conf.py \
    --access-logfile /dev/null >"$WORK/logs/host-$1.log" 2>&1 &
  pids+=($!)
}
serve a "$HOST_A_PORT"
serve b "$HOST_B_PORT"
# The worker that waits out a database outage (core/management/commands/run_worker.py).
env $(host_env a) "$PYTHON" manage.py run_worker >"$WORK/logs/worker.log" 2>&1 &
worker_pid=$!
pids+=("$worker_pid")


# Both hosts answer their liveness probe within a minute (Python's urllib: no curl needed).
"$PYTHON" - "$HOST_A_PORT" "$HOST_B_PORT" <<'EOF'
import sys
import time
import urllib.request

for port in sys.argv[1:]:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"twohost: no host answers /healthz on port {port}")
            time.sleep(0.5)
EOF

if [ "${TWOHOST_HOLD:-}" = 1 ]; then  # development: keep everything up, run the checks by hand
  env | grep -E "^(DJANGO|SECRET|DATABASE|REDIS|S3_|EMAIL|PAGE|FRONTEND|WAGTAIL|ALLOWED|SECURE|PG_|VARNISH|TRUSTED)" \
    | sed 's/^/export /' >"$WORK/env"
  log "holding; environment in $WORK/env; A :$HOST_A_PORT B :$HOST_B_PORT worker $worker_pid"
  sleep infinity &
  pids+=($!)
  wait $!
fi

# --- the checks ----------------------------------------------------------------------------------
log "checks"
HOST_A_URL="http://127.0.0.1:$HOST_A_PORT" HOST_B_URL="http://127.0.0.1:$HOST_B_PORT" \
  VARNISH_URL="$VARNISH_URL" MAIL_DIR="$WORK/mail" \
  WORKER_PID="$worker_pid" WORKER_LOG="$WORK/logs/worker.log" \
  on_host a "$PYTHON" .ci/twohost_checks.py "$@"
