# Every target that needs Python tools first makes .venv from the exact lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
# Builds are reproducible: the date stamped into the sitemap is the last commit's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve build test check lint clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve -a $(ADDR)

build: $(STAMP)  ## Strict build into site/; a failing build leaves the previous site/ in place
	rm -rf .site-new
	$(BIN)/mkdocs build --strict -d .site-new
	rm -rf site && mv .site-new site

check: $(STAMP)  ## Validate everything in content/
	$(BIN)/python -m generator check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint check  ## Everything CI runs
	$(BIN)/pytest

clean:
	rm -rf site .site-new $(VENV) .pytest_cache .ruff_cache
