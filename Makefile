# Dorpskracht: everything a developer runs. `make run` and `make test` are the two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages demo ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The compiled .mo is committed too, so a machine without gettext still works.
messages: install
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt missing: using the committed locale/*.mo"; fi

# Install, migrate, load Dutch demo content and serve on http://127.0.0.1:8000/
run: messages
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_demo_content
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
