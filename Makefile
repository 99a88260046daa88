# Vetted: `make run` sets up and starts everything; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
VETTED := $(VENV)/bin/vetted
HOST ?= 127.0.0.1
PORT ?= 8000
export VETTED_EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend

.PHONY: install chromium run serve test test-sqlite test-postgres lint typecheck schema bench eval clean fuzz

$(VENV)/.installed: pyproject.toml
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@test -x $(PY) || uv venv --quiet --python python3 $(VENV)
	uv pip install --quiet --python $(PY) -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# The browser tests need Chromium; `make test` never skips them silently: it installs Debian's
# chromium when run as root, otherwise it stops and prints the command to run.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "== installing chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  else \
	    echo "Chromium is missing; the browser tests need it. Run:" >&2; \
	    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2; \
	    exit 1; \
	  fi; }

# Links in the mail `make run` sends point at the port it serves on (unless VETTED_SITE_URL is set).
run: export VETTED_SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(VETTED) migrate --noinput
	@# The demo's own notifications go to files under var/mail, so the sign-in details stay readable.
	VETTED_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend $(VETTED) seed_demo
	@echo "Vetted on http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(VETTED) worker & \
	  $(VENV)/bin/gunicorn vetted.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

test: install chromium
	$(VENV)/bin/pytest -n 2 -q

test-sqlite: install chromium
	DATABASE_URL= $(VENV)/bin/pytest -n 2 -q

test-postgres: install chromium
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vetted} $(VENV)/bin/pytest -n 2 -q

lint: install
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_file_length.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy vetted
	$(VETTED) makemigrations --check --dry-run
	$(VETTED) spectacular --file /tmp/vetted-openapi.yaml --validate --fail-on-warn && diff -u openapi.yaml /tmp/vetted-openapi.yaml

schema: install
	$(VETTED) spectacular --file openapi.yaml --validate

# schemathesis against openapi.yaml as every role, in-process, at a large budget (`make test` runs the
# same module with 3 derandomized examples per operation). FUZZ_EXAMPLES and FUZZ_SEED change it.
FUZZ_EXAMPLES ?= 200
FUZZ_SEED ?= $(shell date +%s)
fuzz: install
	VETTED_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) VETTED_FUZZ_SEED=$(FUZZ_SEED) $(VENV)/bin/pytest -n 2 -q tests/test_api_fuzz.py

bench: install
	$(PY) benchmarks/run_all.py

eval: install
	$(PY) evaluation/build_corpus.py
	$(PY) evaluation/harness.py

clean:
	rm -rf $(VENV) var build *.egg-info
