# `make` sets up .venv and builds dist/; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: all build check verify browser test bench clean

all: build

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.runtime requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

build: $(VENV)/.runtime
	$(PY) build.py

check: $(VENV)/.runtime
	$(PY) build.py --check

verify: $(VENV)/.test
	$(PY) build.py --verify

# The simulator's tests drive a real browser: Debian's chromium, installed where missing.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: $(VENV)/.test browser
	$(PY) build.py --check
	$(PY) build.py --verify
	$(PY) -m pytest

bench: $(VENV)/.runtime
	$(PY) bench/bench.py

clean:
	rm -rf dist
