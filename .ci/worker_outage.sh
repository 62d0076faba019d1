#!/usr/bin/env bash
# The worker outage test (tests/deploy/test_worker_outage.py): a PostgreSQL cluster of its own
# (through .ci/postgres.sh, a free port or WORKER_OUTAGE_PG_PORT), `manage.py run_worker` with
# production settings and mails written to files; the cluster is stopped for 10 s and started
# again, and every queued mail must be sent by the same worker process. It never touches the
# cluster in DATABASE_URL. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export WORKER_OUTAGE_TESTS=1
.venv/bin/pytest tests/deploy/test_worker_outage.py -p no:cacheprovider -m worker_outage "$@"
