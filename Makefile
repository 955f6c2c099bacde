# Every target that needs Python tools first makes .venv from the exact lock file.
# `make help` lists the targets; a `## ` comment after a target is its line there.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1
# Builds are reproducible: the date stamped into the sitemap is the last commit's.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help
.PHONY: help serve build test check list new export fetch lint clean bench node-tools pot messages FORCE

# Python: pyproject.toml's requires-python (">=3.11"), checked before anything is installed.
# python_info gives "3.11.7 ok /usr/bin/python3.11" (version, recent enough or "old", path),
# or nothing when there is no such Python.
PYTHON_MIN := 3.11
python_info = $(shell $(1) -c 'import sys; v = sys.version_info; print("%d.%d.%d %s %s" % (v[0], v[1], v[2], "ok" if v >= ($(subst .,$(comma),$(PYTHON_MIN))) else "old", sys.executable))' 2>/dev/null)
comma := ,
PYTHON_INFO := $(call python_info,$(PYTHON))
VENV_INFO := $(call python_info,$(BIN)/python)
# Only when the check fails: the first recent enough Python on PATH, to suggest.
python_hint = $(firstword $(foreach v,3.14 3.13 3.12 3.11,$(if $(filter ok,$(word 2,$(call python_info,python$(v)))),python$(v))))

# A .venv made by another Python than $(PYTHON) (or by one since replaced), or one whose
# install stopped halfway (no stamp: it is written last), is made again from nothing; a
# changed lock file or pyproject.toml updates the .venv in place.
SAME_PYTHON := $(and $(VENV_INFO),$(filter $(word 1,$(VENV_INFO)),$(word 1,$(PYTHON_INFO))))
KEEP_VENV := $(and $(SAME_PYTHON),$(wildcard $(STAMP)))
ifeq ($(KEEP_VENV),)
$(STAMP): FORCE
VENV_STATE := $(if $(wildcard $(VENV)),$(if $(SAME_PYTHON),the one there was not finished,the one there was made by $(if $(VENV_INFO),Python $(word 1,$(VENV_INFO)),a Python that no longer runs)))
endif
FORCE:

$(STAMP): requirements.lock pyproject.toml
ifneq ($(word 2,$(PYTHON_INFO)),ok)
	@echo "Python $(PYTHON_MIN) or newer is needed; found $(if $(PYTHON_INFO),$(word 1,$(PYTHON_INFO)) at $(wordlist 3,99,$(PYTHON_INFO)),no $(PYTHON)) ($(if $(python_hint),set PYTHON=$(python_hint),install Python $(PYTHON_MIN) or newer and set PYTHON to it))" >&2; exit 1
endif
ifeq ($(KEEP_VENV),)
	@echo "making $(VENV) with Python $(word 1,$(PYTHON_INFO)) at $(wordlist 3,99,$(PYTHON_INFO))$(if $(VENV_STATE),; $(VENV_STATE))"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
else
	@echo "updating $(VENV): requirements.lock or pyproject.toml changed"
	rm -f $(STAMP)
endif
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

help:  ## List the targets, one line each
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  make %-6s  %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))
	@echo "The first target that needs it makes .venv with Python $(PYTHON_MIN)+ (PYTHON=... picks one)."

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000/ (ADDR=host:port for another)
	$(BIN)/mkdocs serve -a $(ADDR)

build: $(STAMP)  ## Strict build into site/; a failing build leaves the previous site/ in place
	$(BIN)/python -m generator build

check: $(STAMP)  ## Validate everything in content/; each problem is one path:line: problem line
	$(BIN)/python -m generator check

list: $(STAMP)  ## Every post: id, author, the post it answers, themes
	$(BIN)/python -m generator list

# What is given to `new`, `export` and `fetch` reaches the command as typed, `$` included.
COMMAND_VARS := TITLE AUTHOR THEME RESPONDS_TO SUMMARY DIR URL OUTPUT
$(foreach v,$(COMMAND_VARS),$(eval new export fetch: export override $(v) := $$(value $(v))))

ifneq ($(filter new,$(MAKECMDGOALS)),)
ifeq ($(and $(value TITLE),$(value AUTHOR)),)
$(error usage: make new TITLE="Your title" AUTHOR=key [THEME="id ..."] [RESPONDS_TO="id ..."] [SUMMARY="..."])
endif
endif
new: $(STAMP)  ## Start a commentary page: TITLE="..." AUTHOR=key [THEME=id] [RESPONDS_TO=id] [SUMMARY="..."]
	@set -f; set --; \
	for theme in $$THEME; do set -- "$$@" --theme "$$theme"; done; \
	for post in $$RESPONDS_TO; do set -- "$$@" --responds-to "$$post"; done; \
	if [ -n "$$SUMMARY" ]; then set -- "$$@" --summary "$$SUMMARY"; fi; if [ -n "$$SLUG" ]; then set -- "$$@" --slug "$$SLUG"; fi; \
	$(BIN)/python -m generator new "$$TITLE" --author "$$AUTHOR" "$$@"

ifneq ($(filter export,$(MAKECMDGOALS)),)
ifeq ($(value DIR),)
$(error usage: make export DIR=folder)
endif
endif
export: $(STAMP)  ## Write a plain MkDocs project with every page into DIR=folder
	$(BIN)/python -m generator export "$$DIR"

ifneq ($(filter fetch,$(MAKECMDGOALS)),)
ifeq ($(and $(value URL),$(value OUTPUT)),)
$(error usage: make fetch URL=https://example.social/@alice/109876543210 OUTPUT=thread.json)
endif
endif
fetch: $(STAMP)  ## Fetch a Mastodon thread: URL=status address OUTPUT=file.json
	$(BIN)/python -m generator fetch "$$URL" -o "$$OUTPUT"

# The site's labels (generator/i18n.py): the functions that mark a message, as pybabel reads
# them (name:singular,plural), and the catalogues they are gathered into.
MESSAGE_KEYWORDS := t nt:1,2 t_html nt_html:1,2 t_md nt_md:1,2 discussion_t
LOCALES := generator/locales
POT ?= $(LOCALES)/messages.pot

pot: $(STAMP)  ## Gather the site's labels from the code into POT=file (generator/locales/messages.pot)
	@mkdir -p $(dir $(POT))
	$(BIN)/pybabel -q extract -F pyproject.toml --no-default-keywords $(addprefix -k ,$(MESSAGE_KEYWORDS)) \
		--add-comments=TRANSLATORS: --add-location=file --sort-output --project=mkdocs-discussion \
		--version="$$($(BIN)/python -c "import generator; print(generator.__version__)")" \
		--copyright-holder="the mkdocs-discussion contributors" --msgid-bugs-address="" \
		-o $(POT) generator

messages: pot  ## Gather the site's labels and add the new ones, untranslated, to every catalogue
	$(BIN)/pybabel -q update -i $(POT) -d $(LOCALES) --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

lint: $(STAMP)  ## ruff: lint and formatting
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

bench: $(STAMP)  ## Time stages, builds (1,000 and 10,000 posts), serve rebuilds and search; BENCH_ARGS="--large" adds 100,000
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:  ## Remove site/, .venv, node_modules and caches
	rm -rf site .site-new-* .site-old-* .site-build.lock $(VENV) node_modules .pytest_cache .ruff_cache test-artifacts
