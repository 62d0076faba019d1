#!/usr/bin/env bash
# Start (or stop) a throw-away Elasticsearch 8 node on loopback for the search tests and the bench.
#   .ci/elasticsearch.sh start    -> fetches the node if needed, starts it, waits, prints the URL
#   .ci/elasticsearch.sh stop     -> stops the node this script started
#   .ci/elasticsearch.sh resume   -> starts the stopped node again, keeping its data (outage tests)
#   .ci/elasticsearch.sh status   -> prints the cluster health (exit 1 when the node is down)
#
# The node is the "integ-test-zip" distribution from Maven Central (plain Elasticsearch with its
# modules, no X-Pack, so there is no security to switch off), fetched with `mvn dependency:copy`
# into .ci-work/ (gitignored) and run on the machine's JDK (Java 17) with a small heap.
# That distribution has no analysis-common module (no `dutch` analyzer, stemmer, asciifolding or
# edge_ngram), but core Elasticsearch has the hunspell filter: we install Debian's Dutch hunspell
# dictionary (hunspell-nl) into config/hunspell/nl_NL so the Dutch analysis in search/backends.py
# can stem ("dorpen" -> "dorp"). See search/backends.py for the analysis tiers.
# Elasticsearch refuses to run as root: as root we run it as the unprivileged user "elasticsearch"
# (created when missing). Data and logs live under .ci-work/ and are wiped on every start.
#
# Environment:
#   ES_VERSION   (default 8.19.21, the major version of the `elasticsearch` Python client)
#   ES_PORT      (default 9200)
#   ES_HEAP      (default 512m)
#   ES_WORK_DIR  (default <repo>/.ci-work/elasticsearch)
#   ES_USER      (default elasticsearch; only used when running as root)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${ES_VERSION:-8.19.21}"
PORT="${ES_PORT:-9200}"
HEAP="${ES_HEAP:-512m}"
WORK="${ES_WORK_DIR:-$ROOT/.ci-work/elasticsearch}"
RUN_USER="${ES_USER:-elasticsearch}"
HOME_DIR="$WORK/elasticsearch-$VERSION"
NODE_DIR="$WORK/node-$PORT"
DATA_DIR="$NODE_DIR/data"
LOG_DIR="$NODE_DIR/logs"
PID_FILE="$NODE_DIR/node.pid"
URL="http://127.0.0.1:$PORT"

log() { echo "elasticsearch.sh: $*" >&2; }

need() {
  # need COMMAND DEBIAN_PACKAGE: install the package when the command is missing and we are root.
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing $2…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$2" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "$2" >&2; }
  fi
  command -v "$1" >/dev/null || { log "$1 is missing (install $2)"; exit 1; }
}

fetch() {
  need java openjdk-17-jre-headless
  need curl curl
  [ -x "$HOME_DIR/bin/elasticsearch" ] && return 0
  need mvn maven
  need unzip unzip
  mkdir -p "$WORK"
  log "fetching Elasticsearch $VERSION (integ-test-zip) from Maven Central…"
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION:zip" \
    -DoutputDirectory="$WORK" -Dmdep.overWriteIfNewer=true >&2
  local zip="$WORK/elasticsearch-$VERSION.zip"
  [ -f "$zip" ] || { log "download failed: $zip not found"; exit 1; }
  rm -rf "$HOME_DIR.tmp" && mkdir -p "$HOME_DIR.tmp"
  (cd "$HOME_DIR.tmp" && unzip -q "$zip")
  mv "$HOME_DIR.tmp/elasticsearch-$VERSION" "$HOME_DIR"
  rm -rf "$HOME_DIR.tmp" "$zip"
}

install_hunspell_nl() {
  local target="$HOME_DIR/config/hunspell/nl_NL"
  [ -f "$target/nl_NL.dic" ] && return 0
  if [ ! -f /usr/share/hunspell/nl.dic ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing the Dutch hunspell dictionary (hunspell-nl)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq hunspell-nl >&2 || { apt-get update -qq >&2 && apt-get install -y -qq hunspell-nl >&2; } || true
  fi
  if [ -f /usr/share/hunspell/nl.dic ]; then
    mkdir -p "$target"
    cp /usr/share/hunspell/nl.aff "$target/nl_NL.aff"
    cp /usr/share/hunspell/nl.dic "$target/nl_NL.dic"
  else
    log "no Dutch hunspell dictionary: the index falls back to analysis without stemming"
  fi
}

as_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u "$RUN_USER" -- "$@"; else "$@"; fi
}

ensure_user() {
  [ "$(id -u)" = "0" ] || return 0
  id -u "$RUN_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
  chown -R "$RUN_USER" "$HOME_DIR" "$NODE_DIR"
  # The user must be able to reach the work dir (the repo may live under a root-only path).
  local dir="$WORK"
  while [ "$dir" != "/" ]; do chmod o+x "$dir" 2>/dev/null || true; dir="$(dirname "$dir")"; done
}

health() {
  curl -fsS --max-time 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null
}

start() {
  local keep_data="${1:-no}"
  fetch
  install_hunspell_nl
  stop >/dev/null 2>&1 || true
  if health >/dev/null; then
    log "something already answers on $URL; stop it first (or set ES_PORT)"
    exit 1
  fi
  [ "$keep_data" = "keep" ] || rm -rf "$DATA_DIR" "$LOG_DIR"
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  ensure_user
  local java_home="${ES_JAVA_HOME:-${JAVA_HOME:-}}"
  [ -n "$java_home" ] || java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  as_user env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" ES_PATH_CONF="$HOME_DIR/config" \
    "$HOME_DIR/bin/elasticsearch" -d -p "$PID_FILE" \
    -E "http.host=127.0.0.1" -E "transport.host=127.0.0.1" -E "http.port=$PORT" \
    -E "transport.port=$((PORT + 100))" \
    -E "discovery.type=single-node" -E "cluster.name=dorpskracht-ci" \
    -E "path.data=$DATA_DIR" -E "path.logs=$LOG_DIR" \
    -E "cluster.routing.allocation.disk.threshold_enabled=false" \
    -E "action.destructive_requires_name=false" \
    -E "xpack.security.enabled=false" >"$LOG_DIR/stdout.log" 2>&1 || {
      log "the node did not start; see $LOG_DIR"; tail -n 40 "$LOG_DIR/stdout.log" >&2; exit 1; }
  for _ in $(seq 1 120); do
    if health >/dev/null; then echo "$URL"; return 0; fi
    sleep 1
  done
  log "the node did not become healthy within 120 s; last log lines:"
  tail -n 40 "$LOG_DIR"/*.log >&2 || true
  stop || true
  exit 1
}

stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid; pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  resume) start keep ;;
  stop) stop ;;
  status) health || { echo "down"; exit 1; } ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|resume|status|fetch" >&2; exit 2 ;;
esac
