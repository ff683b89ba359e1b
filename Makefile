# Two commands matter: `make run` (set up, then start the dashboard on the shipped data) and
# `make test` (set up, then run every test). Both work on a fresh Debian machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test check lint validate bench bench-smoke browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/streamlit run dashboard.py --server.port $(PORT)

# Debian's Chromium: Playwright's own browser download does not work offline.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(VENV)/.installed-test browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m components.data.validate
	$(BIN)/python -m pytest

validate: $(VENV)/.installed-run
	$(BIN)/python -m components.data.validate

bench: $(VENV)/.installed-test browser-deps
	$(BIN)/python -m bench.run

bench-smoke: $(VENV)/.installed-test browser-deps
	$(BIN)/python -m bench.run --smoke

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
