#!/usr/bin/env bash
# Browser journeys and accessibility checks (tests/e2e) on a fresh machine:
#   - installs Debian's `chromium` when /usr/bin/chromium is missing (Playwright never downloads
#     a browser of its own here: the tests launch the system Chromium);
#   - makes sure the virtualenv has Playwright for Python (`make install`: the hashed dev lock);
#   - fetches axe-core from the npm registry with `npm pack` into .ci-work/ (checksum pinned),
#     installing Debian's `npm` when it is missing;
#   - runs the journeys with E2E_REQUIRED=1, so a missing browser is an error, and fails when
#     any of them was skipped.
# Uses DATABASE_URL when it is set (on PostgreSQL the live server is threaded and two officials
# really click at the same moment); SQLite in memory otherwise.
# Screenshots land in test-artifacts/e2e/ (kept by CI as artefacts); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION=4.14.1
AXE_SHA256=e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
AXE_DIR=".ci-work/axe-core-$AXE_VERSION"
ARTIFACTS=test-artifacts

log() { echo "e2e.sh: $*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
fi
/usr/bin/chromium --version 2>/dev/null | head -n 1 >&2 || true

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import playwright.sync_api" 2>/dev/null; then
  log "installing the dev lock (Playwright)…"
  rm -f .venv/.installed
  make install >&2
fi

if [ ! -f "$AXE_DIR/axe.min.js" ]; then
  if ! command -v npm >/dev/null; then
    log "installing Debian's npm…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq npm >&2 || { apt-get update -qq >&2 && apt-get install -y -qq npm >&2; }
  fi
  log "fetching axe-core $AXE_VERSION with npm pack…"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "axe-core@$AXE_VERSION" --silent >/dev/null 2>&1)
  tarball="$tmp/axe-core-$AXE_VERSION.tgz"
  [ -f "$tarball" ] || { log "npm pack axe-core@$AXE_VERSION failed"; exit 1; }
  echo "$AXE_SHA256  $tarball" | sha256sum --check --status || {
    log "axe-core tarball checksum mismatch"; exit 1; }
  tar -xzf "$tarball" -C "$tmp" package/axe.min.js package/LICENSE
  mkdir -p "$AXE_DIR"
  mv "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$AXE_DIR/"
  rm -rf "$tmp"
fi

mkdir -p "$ARTIFACTS"
rm -rf "$ARTIFACTS/e2e"
junit="$ARTIFACTS/e2e-junit.xml"
export E2E_REQUIRED=1 E2E_AXE_JS="$PWD/$AXE_DIR/axe.min.js"
.venv/bin/pytest tests/e2e -p no:cacheprovider -m e2e --junitxml="$junit" "$@"

# pytest passes with skipped tests; here a skipped journey means an unchecked journey.
.venv/bin/python - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET

suite = ET.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
tests, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
if tests == 0 or skipped:
    sys.exit(f"e2e.sh: {tests} browser tests ran, {skipped} skipped: every journey must run here")
print(f"e2e.sh: {tests} browser tests ran, none skipped")
EOF
