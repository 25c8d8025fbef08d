# Editathon Bot: development tasks. `make test` is what CI runs (.ci/run).
#
# The local wikis (see docs/devwiki.md): `make wiki` starts en/ru/tt on 127.0.0.1:8181-8183
# (DEVWIKI_PORT_EN/RU/TT override) and writes .devwiki/run/wikis.json; `make wiki-stop` stops them.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.editathon-installed
# CI has 2 cores; loadfile keeps each test module (and its module-scoped wikis) on one worker.
PYTEST_ARGS ?= -n 2 --dist loadfile
WIKI ?=
DUMP ?=

.PHONY: demo screenshots venv deps wiki wiki-stop wiki-reset wiki-status wiki-import wiki-jobs pristine test test-unit test-wiki lint

venv: $(STAMP)

# Reinstall only when pyproject.toml changes (other work may be using the venv meanwhile).
# PyICU (word segmentation) compiles against ICU's headers: `sysdeps` installs them first.
$(STAMP): pyproject.toml
	@pkg-config --exists icu-i18n 2>/dev/null || $(MAKE) --no-print-directory sysdeps
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

# Debian packages that Python packages build against (PyICU: ICU's headers and pkg-config).
.PHONY: sysdeps
sysdeps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends libicu-dev pkg-config g++; \
	else \
		echo "PyICU needs ICU's headers; as root run: apt-get install libicu-dev pkg-config g++" >&2; \
		exit 1; \
	fi

# System packages (php-cli, php-sqlite3, php-intl, php-mbstring, php-xml, lua5.1; never apache)
# and MediaWiki 1.39 unpacked from Debian's .debs into ~/.cache/editathon-devwiki.
deps: venv
	$(PY) -m bot.devwiki deps

pristine: deps
	$(PY) -m bot.devwiki pristine

wiki: deps
	$(PY) -m bot.devwiki start

wiki-reset: deps
	$(PY) -m bot.devwiki start --reset

wiki-stop:
	@if [ -x $(PY) ]; then $(PY) -m bot.devwiki stop; fi

wiki-status: venv
	$(PY) -m bot.devwiki status

# make wiki-import WIKI=tt DUMP=file.xml
wiki-import: deps
	@if [ -z "$(WIKI)" ] || [ -z "$(DUMP)" ]; then echo "usage: make wiki-import WIKI=tt DUMP=file.xml" >&2; exit 2; fi
	$(PY) -m bot.devwiki import $(WIKI) $(DUMP)

# Run the job queue until empty (all wikis, or WIKI=tt).
wiki-jobs: deps
	$(PY) -m bot.devwiki jobs $(if $(WIKI),--wiki $(WIKI))

# The pristine wikis are built once before pytest starts, so parallel workers only copy them.
test: pristine
	$(VENV)/bin/pytest $(PYTEST_ARGS) tests

test-unit: venv
	$(VENV)/bin/pytest $(PYTEST_ARGS) -m "not wiki" tests

test-wiki: pristine
	$(VENV)/bin/pytest $(PYTEST_ARGS) tests/wiki

lint: venv
	$(VENV)/bin/ruff check bot tests
	$(VENV)/bin/mypy

# The local SPARQL engine (Oxigraph) on 127.0.0.1:7878, loaded with the made-up district of
# tests/data/wikidata/territory.nt, for `editathon worklist draft` on the local wikis.
.PHONY: sparql sparql-stop
sparql: venv
	$(PY) -m bot.devwiki.sparql_server start

sparql-stop:
	@if [ -x $(PY) ]; then $(PY) -m bot.devwiki.sparql_server stop; fi

# The demo: starts the local wikis, loads the Smart Region 2026 / Kazan contest once, runs the
# bot once and prints the leaderboard and its URL (bot/demo.py).
demo: wiki
	$(PY) -m bot.demo

# Every page the bot and the kit write, in en, ru and tt, as PNGs in docs/screenshots/ (360 px,
# the mobile skin), taken by Debian's headless Chromium after the demo (bot/devwiki/screenshots.py).
screenshots: demo
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		chromium fonts-dejavu-core optipng; } || { echo "make screenshots needs chromium: apt-get install chromium" >&2; exit 1; }
	$(PY) -m bot.devwiki.screenshots

# Benchmarks (bench/README.md): print request counts against the targets and peak memory as
# revisions grow; they assert nothing and are not part of `make test`. About 8 minutes.
.PHONY: bench
bench: pristine
	$(PY) -u -m bench.requests_300
	$(PY) -u -m bench.memory

# A city with 10,000 located items: the worklist draft's pages and SPARQL requests (~1 min).
# Reliability (docs/reliability.md): attacks, history gaps, hostile text on real wikis, the
# parsers fuzzed with 100,000 inputs each, 200 faults injected by an HTTP proxy and 50 SIGKILLs
# over a contest's life (bench/faults.py); prints one table. Long: outside `make test`.
.PHONY: reliability
reliability: pristine
	$(PY) -u -m bench.reliability

.PHONY: bench-draft
bench-draft: pristine
	$(PY) -u -m bench.worklist_draft_10k
