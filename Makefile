# healthgraph: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export HEALTHGRAPH_SHARED ?= $(abspath ../shared)

.PHONY: run test install dev lint bench notebooks clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

run: install
	$(BIN)/healthgraph build --out $(OUT)
	@echo
	@echo "Outputs are in $(abspath $(OUT))/"

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: dev browser
	$(BIN)/python -m pytest

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(OUT) .pytest_cache
