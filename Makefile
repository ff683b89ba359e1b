# Two commands matter: `make run` (set up, then start the dashboard on the shipped data) and
# `make test` (set up, then run every test). Both work on a fresh Debian machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# make replicas: how many dashboards behind nginx, and nginx's port.
N ?= 3
PROXY_PORT ?= 8080

.PHONY: run test check lint validate translations bench bench-smoke bench-load load-smoke replicas browser-deps nginx-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

# The French catalogue (issue 20): the app reads the .po itself (compiled in memory, so it cannot go stale).
LOCALES := components/language/locales
BABEL_KEYWORDS := -k n_:1,2 -k p_:1c,2 -k plural:2,3 -k plural_word:2,3

# After changing the app's words: collect them from the code, merge them into each catalogue, compile to check.
translations: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output --no-wrap --omit-header \
		-o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --no-fuzzy-matching \
		--ignore-obsolete --no-wrap
	$(BIN)/pybabel compile -d $(LOCALES) -D messages --statistics

# The allocator settings of components/ui/memory.py SERVER_ENVIRONMENT (tests/test_memory.py checks they match).
run: $(VENV)/.installed-run
	MALLOC_ARENA_MAX=2 ARROW_DEFAULT_MEMORY_POOL=system $(BIN)/streamlit run dashboard.py --server.port $(PORT)

# Debian's Chromium: Playwright's own browser download does not work offline.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's nginx for `make replicas` (and the replica tests); nginx-light is the package without extra modules.
nginx-deps:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }

# N replicas of the dashboard on 127.0.0.1 behind nginx on PROXY_PORT (sticky sessions, websocket upgrade).
replicas: $(VENV)/.installed-run nginx-deps
	$(BIN)/python -m deploy.replicas --replicas $(N) --port $(PROXY_PORT)

test: $(VENV)/.installed-test browser-deps nginx-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m components.data.validate
	$(BIN)/pybabel compile -d $(LOCALES) -D messages --statistics
	$(BIN)/python -m pytest

validate: $(VENV)/.installed-run
	$(BIN)/python -m components.data.validate

bench: $(VENV)/.installed-test browser-deps nginx-deps
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.capacity

# Only the capacity table: many sessions at once on one server, and through nginx to replicas.
bench-load: $(VENV)/.installed-test nginx-deps
	$(BIN)/python -m bench.capacity

# CI: a few sessions of the load generator against one server; any error or exception fails it.
load-smoke: $(VENV)/.installed-test
	$(BIN)/python -m bench.load --sessions 3 --think 0 0.2 --ramp 1 --fail-on-error

bench-smoke: $(VENV)/.installed-test browser-deps
	$(BIN)/python -m bench.run --smoke

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
