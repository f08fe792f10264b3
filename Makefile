# ATLAAS — `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run demo test lint bench bench-seed bench-load lighthouse clean services opensearch opensearch-stop

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install ATLAAS with its dev tools

demo: install ## Migrate, load the référentiel and the small demo dataset, create the dev admin and demo accounts
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_referentiel
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py create_dev_admin
	$(BIN)/python manage.py create_demo_accounts

run: demo ## Set everything up and serve the site on http://127.0.0.1:8000
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core (npm) for the accessibility audits of tests/e2e/; without npm they are skipped.
node_modules/axe-core/axe.min.js: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : les audits d'accessibilité (tests/e2e) seront ignorés."; fi

test: install node_modules/axe-core/axe.min.js ## Install, check migrations and lint, run every test
	DJANGO_SETTINGS_MODULE=atlaas.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not live"
	$(BIN)/python -m pytest -m "live and not e2e"
	$(BIN)/python -m pytest -m e2e

bench: install ## Benchmarks: search, pages, indexing (reuses bench/data/; DATABASE_URL for PostgreSQL)
	$(BIN)/python bench/search.py
	$(BIN)/python bench/indexing.py

bench-seed: install ## Benchmark seed_demo --scale press-2023 on a scratch database
	$(BIN)/python bench/seed.py --scale press-2023

bench-load: install ## Load test under gunicorn with press-2023 data (see bench/load.py)
	$(BIN)/python bench/load.py

# Lighthouse (npm) in its own folder: only for bench/lighthouse.py, never for make test or CI.
LIGHTHOUSE_CLI := bench/lighthouse/node_modules/lighthouse/cli/index.js
$(LIGHTHOUSE_CLI): bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: install $(LIGHTHOUSE_CLI) ## Install Lighthouse 12.2.3 for bench/lighthouse.py (see bench/RESULTS.md)

services: ## Install (Debian packages) and start PostgreSQL and Redis on 127.0.0.1 (root or sudo)
	bash deploy/services.sh

opensearch: ## Build (Maven) and start one OpenSearch 2.19.6 node on 127.0.0.1:9200; nothing if one answers
	bash deploy/opensearch/run.sh

opensearch-stop: ## Stop the OpenSearch node that make opensearch started
	bash deploy/opensearch/run.sh stop

lint: install ## Lint and check formatting
	$(BIN)/ruff check .

clean: ## Remove the virtualenv and the local SQLite database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm
