# Two commands: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Where `make run` serves: the demo's Site, absolute URLs and the login line use it.
BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?= -n auto --dist worksteal

.PHONY: run test setup browser messages demo lint format screenshots bench bench-quick wrk nginx cluster clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock ".[dev]"
	touch $(STAMP)

setup: $(STAMP) messages

messages: $(STAMP)
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# Debian's chromium for the browser tests; never a downloaded browser build.
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: setup
	mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py load_demo_content

run: demo
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: setup browser wrk
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks (docs/benchmarks.md): own PostgreSQL database `bench`, gunicorn + wrk.
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: setup wrk
	$(PY) bench/run.py --docs

bench-quick: setup wrk
	$(PY) bench/run.py --quick

# Debian's nginx for `make cluster`; it is only run with a private configuration, never as a service.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

# Two app servers behind nginx with a PostgreSQL of its own and Redis db 6 (docs/operations.md).
cluster: setup wrk nginx
	$(PY) bench/cluster.py

# Phone (375 px) and desktop (1280 px) shots of every page type into screenshots/.
screenshots: setup browser
	WRITE_SCREENSHOTS=1 $(BIN)/pytest tests/browser -q -p no:cacheprovider -k screenshots

clean:
	rm -rf $(VENV) var
