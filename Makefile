# treem — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(VENV)
PG_TEST_URL ?= $(TREEM_TEST_DATABASE_URL)

.PHONY: setup demo serve test test-sqlite test-postgres lint format bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(BIN)/treem: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

setup: $(BIN)/treem  ## Create the environment from the lockfile

demo: setup  ## Set up an SQLite database under var/, demo data, serve on :8000 with a worker
	$(BIN)/treem demo
	$(BIN)/treem collectstatic --noinput -v0
	@echo "Máy chủ: http://127.0.0.1:8000  (Ctrl+C để dừng)"
	@trap 'kill 0' EXIT; $(BIN)/treem worker & $(BIN)/treem serve 127.0.0.1:8000 --noreload

test: setup  ## Whole suite on SQLite, then on PostgreSQL when TREEM_TEST_DATABASE_URL is set
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$(PG_TEST_URL)" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "TREEM_TEST_DATABASE_URL chưa đặt: bỏ qua lượt chạy trên PostgreSQL."; fi

test-sqlite: setup
	TREEM_DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest

test-postgres: setup
	TREEM_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

lint: setup  ## ruff, formatting, mypy, migrations up to date, deploy checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src
	$(BIN)/treem makemigrations --check --dry-run
	TREEM_ENV=production TREEM_SECRET_KEY=lint-only-$$(date +%s)-x9f2k4m7q1w8e5r3t6y0u2i4o7p9a1s3d5f8g0h2 \
	  TREEM_ALLOWED_HOSTS=treem.example.vn $(BIN)/treem check --deploy --fail-level WARNING

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup  ## Benchmarks; results go to bench/results/
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(TOOLS) var
