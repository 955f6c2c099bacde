# Every target that needs Python tools first makes .venv from the exact lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
# Builds are reproducible: the date stamped into the sitemap is the last commit's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build test check lint clean bench node-tools

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve -a $(ADDR)

build: $(STAMP)  ## Strict build into site/; a failing build leaves the previous site/ in place
	$(BIN)/python -m generator build

check: $(STAMP)  ## Validate everything in content/
	$(BIN)/python -m generator check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The HTML checker comes from the npm registry; without npm its test skips (and fails in CI).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

node-tools:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_STAMP); fi

test: $(STAMP) node-tools lint check  ## Everything CI runs
	$(BIN)/pytest

bench: $(STAMP)  ## Time stages, builds (1,000 and 10,000 posts) and serve rebuilds; BENCH_ARGS="--large" adds 100,000
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf site .site-new-* .site-old-* .site-build.lock $(VENV) node_modules .pytest_cache .ruff_cache test-artifacts
