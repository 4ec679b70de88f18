# healthgraph: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export HEALTHGRAPH_SHARED ?= $(abspath ../shared)

.PHONY: run test install dev lint bench load notebooks clean system

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
	$(BIN)/healthgraph report --out $(OUT)
	$(BIN)/healthgraph site --out $(OUT)/site
	@echo
	@echo "Outputs are in $(abspath $(OUT))/:"
	@echo "  graph:    $(abspath $(OUT))/healthgraph.trig, healthgraph.ttl"
	@echo "  reports:  $(abspath $(OUT))/reports/"
	@echo "  explorer: $(abspath $(OUT))/index.html  (open it in a browser; views in $(abspath $(OUT))/views/)"
	@echo "  profiles: $(abspath $(OUT))/site/index.html  (static site, English and French; publish the folder as is)"
	@echo "  map:      $(abspath $(OUT))/map.html  (organisations, members and funding by region)"
	@echo "Query it:   $(BIN)/healthgraph queries; $(BIN)/healthgraph serve  (then open http://127.0.0.1:8000/)"
	@echo "Notebooks:  make notebooks  (JupyterLab on notebooks/)"

# Debian packages the tests need: Chromium (browser tests) and Virtuoso (external SPARQL engine).
system:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the tests:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

test: dev system
	$(BIN)/python -m pytest

notebooks: install
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	$(BIN)/jupyter lab notebooks/

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(OUT) .pytest_cache

bench: dev system
	$(BIN)/python benchmarks/run.py --datasets curated,anr,20000 --browser
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/site.py --datasets curated,anr --browser

load: dev
	$(BIN)/python benchmarks/load.py --seconds 15 --clients 1,4,16 --with-anr
