#!/usr/bin/env bash
# The frontend cache test (tests/deploy/test_varnish.py): gunicorn with production settings
# behind a real Varnish with deploy/varnish/default.vcl (started through .ci/varnish.sh, on free
# ports or VARNISH_PORT/VARNISH_ADMIN_PORT/VARNISH_BACKEND_PORT), on a database of its own on
# DATABASE_URL's PostgreSQL server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${DATABASE_URL:-}" in
  postgres*) ;;
  *) echo "frontend_cache.sh: DATABASE_URL must point at PostgreSQL (.ci/postgres.sh start)" >&2; exit 2 ;;
esac
if ! command -v varnishd >/dev/null && [ ! -x /usr/sbin/varnishd ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq varnish >&2 || { apt-get update -qq >&2 && apt-get install -y -qq varnish >&2; }
fi
export VARNISH_TESTS=1
.venv/bin/pytest tests/deploy/test_varnish.py -p no:cacheprovider -m varnish "$@"
