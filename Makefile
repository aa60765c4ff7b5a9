# Mubiao: `make run` serves the demo, `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MUBIAO := $(BIN)/mubiao
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL pass of the suite; pytest-django creates and drops test_mubiao on it.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/mubiao
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgres lint format messages demo venv test-deps system-deps clean bench

$(VENV)/.installed: pyproject.toml requirements.lock
	@PYTHON=$$(scripts/find-python) || exit 1; \
	  echo "Using $$PYTHON ($$($$PYTHON --version))"; \
	  [ -x $(PY) ] || $$PYTHON -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -c requirements.lock -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

# GNU gettext compiles the translation catalogues; Debian's chromium and a CJK font serve the
# browser tests (a browser downloaded by Playwright cannot run here).
system-deps:
	@missing=""; \
	  command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi

test-deps: system-deps
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing="$$missing fonts-noto-cjk"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi

messages: venv system-deps
	@cd mubiao && ../$(MUBIAO) compilemessages --ignore '.venv' -v 0

run: venv messages
	$(MUBIAO) migrate --no-input -v 0
	$(MUBIAO) demo
	$(MUBIAO) serve --host $(HOST) --port $(PORT)

demo: venv messages
	$(MUBIAO) migrate --no-input -v 0
	$(MUBIAO) demo

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: venv test-deps messages lint test-sqlite test-postgres

# Two processes (pytest-xdist, one database each), the browser tests too (a Chromium each); an
# idle process takes tests from a busy one (worksteal), so a long probe does not end the run alone.
# The slowest tests are printed, to keep CI's time in view.
XDIST ?= -n 2 --dist worksteal --durations=15
# Bytecode written, whatever the machine's PYTHONDONTWRITEBYTECODE says: every pytest process
# (two per pass, three passes) otherwise compiles and assertion-rewrites the 1,000 test modules
# again, half a minute each.
test-sqlite test-postgres: export PYTHONDONTWRITEBYTECODE :=

test-sqlite: venv messages
	MUBIAO_DATABASE_URL= $(BIN)/pytest $(XDIST) -m "not e2e" $(PYTEST_ARGS)
	MUBIAO_DATABASE_URL= $(BIN)/pytest $(XDIST) -m e2e $(PYTEST_ARGS)

# In CI PostgreSQL must be there (.ci/run starts it); on a laptop without it the pass is skipped
# with a loud message. It runs the tests that reach a database (tests/conftest.py), not the `slow`
# probes (pyproject.toml's markers): those run once, in the SQLite pass, to stay inside CI's time;
# of a table test, the first case unless it is marked `every_case` (tests/conftest.py says why).
test-postgres: venv messages
	@if ! $(PY) scripts/pg-ready "$(TEST_POSTGRES_URL)"; then \
	  if [ "$$CI" = "true" ]; then echo "PostgreSQL is unreachable at $(TEST_POSTGRES_URL): CI must test on it." >&2; exit 1; fi; \
	  echo "*** PostgreSQL unreachable at $(TEST_POSTGRES_URL): PostgreSQL pass SKIPPED ***"; exit 0; \
	fi; \
	MUBIAO_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest $(XDIST) -m "not e2e and not slow" --ignore=tests/okrtext $(PYTEST_ARGS)

bench: venv
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) var/static
