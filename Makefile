# Two commands: `make run` serves the app with demo data, `make test` runs lint and the whole suite.
# With DATABASE_URL unset, both use the project's own PostgreSQL in .pgdata/ (sharedlives/localdb.py).

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run worker test test-fast lint bench loadtest setup frontend database stop-db clean-db rules-doc

# The background worker (payment schedules, digests, the daily overdue count) runs beside the web server and
# stops with it.
run: setup database
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:8000 with the background worker (Ctrl+C stops both)"
	@$(MANAGE) run_worker --no-reload --verbosity 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:8000

# The worker alone (when the web server runs elsewhere).
worker: setup database
	$(MANAGE) run_worker

# The test database is kept between runs (migrations still apply); CI asks for a fresh one: PYTEST_DB=--create-db.
PYTEST_DB ?= --reuse-db

test: setup database
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_DB)

# Everything but the browser tests: the quick loop while working.
test-fast: setup database
	$(PY) -m pytest $(PYTEST_DB) -m "not browser and not bench"

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m pytest tests/perf -m bench -q

# The national-scale load test against DATABASE_URL, a database `manage.py build_national_data` filled
# (docs/benchmarks.md, "National-scale data and load test"). About five minutes.
loadtest: setup
	scripts/national-loadtest

rules-doc: setup
	$(PY) scripts/rules_doc.py --write

setup: $(VENV)/.installed frontend

# Start (or reuse) the project's own PostgreSQL when DATABASE_URL is unset, and say where it is.
database: $(VENV)/.installed
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m sharedlives.localdb start; else echo "Using DATABASE_URL"; fi

# The virtualenv is rebuilt only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@PYTHON_BIN=$$(scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || $$PYTHON_BIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

frontend: static/build/app.css

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js (npm) is needed to fetch GOV.UK Frontend: install Node.js and run make again." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: node_modules/.installed static/scss/app.scss
	npm run --silent build:css

# Stops the project's own PostgreSQL, keeping its data (the next make run or make test starts it again).
stop-db:
	-$(PY) -m sharedlives.localdb stop

# Stops the project's own PostgreSQL and removes its data (demo data comes back with `make run`).
clean-db:
	-$(PY) -m sharedlives.localdb stop
	rm -rf .pgdata
