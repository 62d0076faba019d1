#!/usr/bin/env bash
# The database outage test (tests/outage): starts a PostgreSQL cluster of its own on a free
# port and a folder of its own (through .ci/postgres.sh), runs the portal under gunicorn with
# production settings against it, stops that cluster while a form is sent and starts it again.
# It never touches the cluster in DATABASE_URL. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export OUTAGE_TESTS=1
.venv/bin/pytest tests/outage -p no:cacheprovider -m outage "$@"
