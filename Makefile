# notekg: `make run` builds the default graph into exports/, `make test` runs every test.
# Both work on a fresh machine: they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

.PHONY: run test install install-test chromium clean screenshots

run: $(VENV)/.installed
	$(PY) build_graph.py

test: $(VENV)/.installed-test chromium
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The README's pictures of the page (docs/*.png), taken in headless Chromium.
screenshots: $(VENV)/.installed-test chromium
	$(PY) bench/screenshots.py

clean:
	rm -rf $(VENV) exports/graph.* exports/*.png
