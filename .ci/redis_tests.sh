#!/usr/bin/env bash
# The shared-cache tests: a throw-away Redis (.ci/redis.sh), three gunicorn processes with
# production settings on it, and a small forwarding proxy in front (tests/core, marker
# "redis"). Starts and stops its own Redis; never touches another one. Extra arguments go
# to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDIS_PORT="${REDIS_PORT:-6390}"
trap 'bash .ci/redis.sh stop >/dev/null 2>&1 || true' EXIT
REDIS_URL=$(bash .ci/redis.sh start)
export REDIS_URL
.venv/bin/pytest -p no:cacheprovider -m redis tests/core "$@"
