# Vetted: `make run` sets up and starts everything; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
VETTED := $(VENV)/bin/vetted
HOST ?= 127.0.0.1
PORT ?= 8000
export VETTED_EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend

.PHONY: install chromium run serve test test-sqlite test-postgres lint audit-deps typecheck schema bench eval clean fuzz

# Installs exactly the locked set (uv.lock, with hashes); --locked stops if pyproject.toml changed
# without `uv lock`, so two installs a week apart are the same.
$(VENV)/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv sync --quiet --locked --extra dev --python python3
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

# A developer's machine and the demo say so: missing keys are made once under var/keys/, cookies
# work over plain HTTP, and seed_demo may run. Without it Vetted is in production and needs its keys.
run lint schema bench eval: export VETTED_DEMO_MODE ?= 1

# Links in the mail `make run` sends point at the port it serves on (unless VETTED_SITE_URL is set).
run: export VETTED_SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(VETTED) migrate --noinput
	@# The demo's own notifications go to files under var/mail, so the sign-in details stay readable.
	VETTED_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend $(VETTED) seed_demo
	@echo "Vetted on http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(VETTED) worker & \
	  HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py

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
	$(PY) scripts/audit_deps.py --if-reachable

# Known vulnerabilities in the locked set. pip-audit asks the package index's advisory data, so it
# needs the network; in `lint` it says loudly when it could not run, here it fails.
audit-deps: install
	$(PY) scripts/audit_deps.py

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

# Builds both parts' .docx/.pdf (no-op when committed) and prints one report per part, never pooled.
eval: install
	$(PY) evaluation/build_corpus.py
	@if [ -d evaluation/frozen ]; then $(PY) evaluation/build_corpus.py --part frozen; fi
	@if [ -d evaluation/frozen2 ]; then $(PY) evaluation/build_corpus.py --part frozen2; fi
	$(PY) evaluation/harness.py

clean:
	rm -rf $(VENV) var build *.egg-info
