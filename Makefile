# Dorpskracht: everything a developer runs. `make run` and `make test` are the two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lock upgrade audit lint format messages demo ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly the dev lock (which holds the runtime lock): every package pinned, its hash
# checked, wheels only (an sdist would build with unhashed build tools), no resolving (--no-deps).
$(VENV)/.installed: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		--only-binary :all: -r requirements-dev.lock
	$(BIN)/pip check --quiet >/dev/null || $(BIN)/pip check
	touch $@

install: $(VENV)/.installed

# After editing requirements*.txt: `make lock` recompiles both locks, keeping every pin that still
# fits (new packages get their newest version), and installs the result; `make upgrade` moves every
# pin to its newest version. The dev lock is compiled with the runtime lock as constraint, so the
# packages both hold have the same pin.
UV_COMPILE = $(BIN)/uv pip compile --quiet --python $(BIN)/python --generate-hashes \
	--only-binary :all: --custom-compile-command "make lock"
lock: install
	$(UV_COMPILE) $(UV_ARGS) requirements.txt -o requirements.lock
	$(UV_COMPILE) $(UV_ARGS) requirements-dev.txt -c requirements.lock -o requirements-dev.lock
	$(MAKE) --no-print-directory install

upgrade:
	$(MAKE) --no-print-directory lock UV_ARGS=--upgrade

# Known vulnerabilities (PyPI's advisory data): fails when one has a fixed version to move to.
audit: install
	$(BIN)/python .ci/audit.py requirements-dev.lock

# The compiled .mo is committed too, so a machine without gettext still works.
messages: install
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt missing: using the committed locale/*.mo"; fi

# Install, migrate, load Dutch demo content and serve on http://$(HOST):$(PORT)/
run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: messages
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo_content

# Install and run the whole suite on the embedded default (SQLite, database search).
test: messages
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 media private-media staticfiles
