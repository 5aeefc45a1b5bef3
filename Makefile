# Convenor: two commands on a fresh machine (Python 3.11, git, make, package registries).
#   make demo   install, build the demo workspace, serve on http://127.0.0.1:$(PORT)
#   make test   install, lint and type-check, run the suite on SQLite and on PostgreSQL
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
STAMP := $(VENV)/.installed

.PHONY: install system-deps demo serve test lint test-sqlite test-postgres test-fast bench bench-partners bench-load lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP)

# Debian packages: chromium for the browser tests, PostgreSQL for the second run,
# Java for the PySpark engine test, Pango for WeasyPrint's PDFs. Installed only when missing.
system-deps:
	scripts/debian-packages

demo: install
	$(BIN)/convenor demo --port $(PORT)

serve: install
	$(BIN)/convenor serve --port $(PORT)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy convenor

test-sqlite: install
	$(BIN)/pytest -n 2 --dist loadgroup -q

# The Spark cluster test (minutes of JVMs) runs once, in the SQLite run.
test-postgres: install
	scripts/with-postgres $(BIN)/pytest -n 2 --dist loadgroup -q -m "not spark_cluster"

test: install system-deps lint test-sqlite test-postgres

# Quicker local loop: SQLite only, no browser or Spark tests (nor the Spark cluster's).
test-fast: install
	$(BIN)/pytest -q -m "not browser and not spark and not spark_cluster"

# The QCEW benchmark: ingest, LQ, region analysis, whole commands against pandas, and
# the scaling table (history over 1-10 national years, DuckDB vs a local Spark cluster).
bench: install
	$(BIN)/python -m benchmarks.qcew
	$(BIN)/python -m benchmarks.scaling

bench-partners: install
	$(BIN)/python benchmarks/partners_scale.py

# The served demo under a bounded load (20 users, 60 s, 0.5-1.5 s think time): p50/p95/p99
# per page and its ratio to the home page. USERS=, SECONDS=, THINK= override.
bench-load: install
	$(BIN)/python benchmarks/load.py --users $(or $(USERS),20) --seconds $(or $(SECONDS),60) --think $(or $(THINK),0.5-1.5)

lock:
	$(PYTHON) -m pip install --quiet uv && $(PYTHON) -m uv pip compile --python-version 3.11 requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) var build *.egg-info
