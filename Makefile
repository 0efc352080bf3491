# chandelle — two commands set everything up on a fresh machine:
#   make run    create .venv, install, run the whole job on the demo institution
#   make test   lint (ruff), type-check (mypy --strict on src/), and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo

.PHONY: run test lint typecheck pytest browser system-deps bench clean i18n-missing

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/chandelle demo --out $(DEMO)

# Debian packages the tests use: Chromium for the end-to-end web tests, poppler for PDF
# pages, LibreOffice (optional) to open the XLSX headless. Installed only when missing.
system-deps:
	@bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 -q

test: $(STAMP) system-deps lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/import_speed.py
	$(BIN)/python benchmarks/audit_speed.py
	$(BIN)/python benchmarks/plan_speed.py
	$(BIN)/python benchmarks/report_speed.py
	$(BIN)/python benchmarks/web_load.py

i18n-missing: $(STAMP)
	$(BIN)/python scripts/i18n_missing.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
