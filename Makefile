# The two commands of the README:
#   make demo   sets up and runs the main job on the sample corpus that ships with Salvo
#   make test   sets up and runs the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

$(BIN)/salvo: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/salvo

setup: $(BIN)/salvo

demo: setup
	$(BIN)/salvo extract samples/ -o out/sample-incidents.jsonl
	@echo "incidents written to out/sample-incidents.jsonl"

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: setup
	$(BIN)/salvo bench
