# sipref: `make run` serves the site, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

# `make run` is production-style (DEBUG off) over plain HTTP on loopback.
RUN_ENV = DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$(cat .secret_key)" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_HTTPS=0
# Tests run in parallel, one worker per core; JOBS=0 runs them in this process.
JOBS ?= auto

# The first interpreter of 3.12 or newer: $PYTHON, then PATH, then pyenv's versions.
find-python = for c in "$$PYTHON" python3.14 python3.13 python3.12 \
	$$(ls -d $$HOME/.pyenv/versions/3.* /root/.pyenv/versions/3.* 2>/dev/null | sort -rV | sed 's|$$|/bin/python3|') \
	python3; do \
	[ -n "$$c" ] && command -v "$$c" >/dev/null 2>&1 \
	&& "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v "$$c"; break; }; done

.PHONY: run test check editor chromium redis-server clean

run: $(VENV)/.requirements .secret_key
	@export $(RUN_ENV); set -e; \
	$(PY) manage.py migrate --noinput -v0; \
	$(PY) manage.py loadcontent; \
	$(PY) manage.py collectstatic --noinput -v0; \
	echo ""; \
	echo "  sipref is serving http://$(HOST):$(PORT)/  (Ctrl-C stops it)"; \
	echo "  Create an editor account for /admin/ with:  make editor"; \
	echo ""; \
	exec $(PY) -m sipref.serve --bind $(HOST):$(PORT) --workers $(WORKERS)

# Test settings (tests/settings.py) come from pyproject.toml, so a bare `pytest` runs alike.
test: $(VENV)/.requirements-dev chromium redis-server
	$(PY) -m pytest -n $(JOBS) $(ARGS)

# Lint and the migrations check: quick, and run by CI before the tests.
check: $(VENV)/.requirements-dev
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

editor: $(VENV)/.requirements .secret_key
	@export $(RUN_ENV); $(PY) manage.py migrate --noinput -v0 && $(PY) manage.py createeditor

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	echo "Installing Debian's chromium for the browser tests"; \
	sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null; }

# The page cache's tests start Redis servers of their own, to stop and hang them.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
	echo "Installing Debian's redis-server for the cache tests"; \
	sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null; }

$(PY):
	@py=$$($(find-python)); \
	if [ -z "$$py" ]; then \
		echo "sipref needs Python 3.12 or newer. Install one (for example: pyenv install 3.13)" >&2; \
		echo "or point to it: make PYTHON=/path/to/python3.13" >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV)

$(VENV)/.requirements: $(PY) requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev: $(VENV)/.requirements requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

.secret_key: | $(PY)
	@umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Generated a local secret key in .secret_key (kept out of git)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
