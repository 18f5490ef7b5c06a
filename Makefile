# letopis: the usual verbs. `make demo` and `make test` work on a fresh machine (Python 3.11 + pip).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench eval check docs clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/letopis demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy src/letopis

bench: $(STAMP)
	$(BIN)/python bench/run.py

eval: $(STAMP)
	$(BIN)/letopis eval

check: lint test

# Regenerate the docs that are made from the CLI itself (help texts, the walkthrough with real output).
docs: $(STAMP)
	$(BIN)/python tools/gen_cli_docs.py
	$(BIN)/python tools/gen_walkthrough.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
