# The two commands: `make serve` (or `make site`) and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test check format bench browser lock clean help

help:
	@echo "make serve   build and serve the site on http://127.0.0.1:8000 (reloads on .bib changes)"
	@echo "make site    build the static site into site/"
	@echo "make test    run the whole test suite (browser tests included)"
	@echo "make check   report every problem in references/*.bib"
	@echo "make bench   run the benchmark (best of 3 runs) and print its table"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)
	$(BIN)/python -m generators check

browser: $(STAMP)
	@$(BIN)/python scripts/ensure_browser.py

test: $(STAMP) browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) browser
	$(BIN)/python benchmarks/run.py --repeat 3

lock:
	rm -rf /tmp/met-lock && $(PYTHON) -m venv /tmp/met-lock
	/tmp/met-lock/bin/pip install --quiet ".[test]"
	{ echo "# Exact versions of every dependency (direct and transitive), installed by 'make'."; \
	  echo "# Regenerate with 'make lock' after changing pyproject.toml."; \
	  /tmp/met-lock/bin/pip freeze | grep -v '^misalignment-evidence-tracker'; } > requirements.lock

clean:
	rm -rf site .pytest_cache .hypothesis
