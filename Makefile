# Quick start: `make demo` and `make test` work on a fresh machine with python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REPORT := strangler-report

.PHONY: setup demo test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/strangler analyze examples/legacy_monolith --out $(REPORT)
	@echo "Open $(REPORT)/index.html in a browser, or read $(REPORT)/report.md."
	$(BIN)/python examples/demo.py

lint: setup
	$(BIN)/ruff check strangler tests bench

typecheck: setup
	$(BIN)/mypy strangler

unit: setup
	$(BIN)/pytest -q

test: lint typecheck unit

bench: setup
	$(BIN)/python bench/analyze_bench.py

clean:
	rm -rf $(VENV) $(REPORT) build dist *.egg-info
