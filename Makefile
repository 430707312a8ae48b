# `make run` and `make test` set everything up on a fresh machine.
# Python 3.12 or newer: 3.11 corrupts its heap while SQLAlchemy detaches many objects and the
# server dies (README, "Python"). The first interpreter found here that is new enough is used.
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in python3.12 python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)
endif
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app meetings

.PHONY: run serve test lint bench translations extract-messages update-messages clean

# Mozilla's ical.js (Thunderbird's parser) checks the calendar feeds in the tests.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The browser tests drive Debian's Chromium through Playwright (no browser download).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else echo "The browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium" >&2; exit 1; fi

# tests/test_processes.py shares rate limits between two servers through a real Redis.
REDIS_SERVER ?= /usr/bin/redis-server
$(REDIS_SERVER):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else echo "The multi-process tests need redis-server at $(REDIS_SERVER): sudo apt-get install redis-server" >&2; exit 1; fi

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Meetings needs Python 3.12 or newer (python3.12, python3.13 or pyenv)," \
		"or name one: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(VENV) holds Python older than 3.12: recreating it" >&2; rm -rf $(VENV); $(MAKE) $(BIN)/python; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile --statistics -d translations; fi

run: $(VENV)/.installed translations
	$(FLASK) demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production: gunicorn.conf.py (workers from the cores, MEETINGS_WORKERS, MEETINGS_BIND…);
# migrations run once here, before the workers start. `kill -HUP` its pid reloads gracefully.
serve: $(VENV)/.installed translations
	$(FLASK) db upgrade
	exec $(BIN)/gunicorn -c gunicorn.conf.py

test: $(VENV)/.installed translations node_modules/.package-lock.json $(CHROMIUM) $(REDIS_SERVER)
	CHROMIUM=$(CHROMIUM) REDIS_SERVER=$(REDIS_SERVER) $(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check meetings tests bench migrations

bench: $(VENV)/.installed
	$(BIN)/python bench/finder.py
	$(BIN)/python bench/feeds.py
	$(BIN)/python bench/imports.py

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache
