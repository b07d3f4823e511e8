# The two commands of the README:
#   make demo   sets up .venv and runs the main job on the sample corpus that ships with Salvo
#   make test   sets up and runs the whole test suite
# Both install what they need: the Python environment, the dashboard build (npm), and for the
# tests Debian's chromium (headless browser tests).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WEB_STAMP := src/salvo/web/static/.built
WEB_SOURCES := package.json package-lock.json $(wildcard web/*.mjs web/*.html web/src/*)
DEMO_DB := out/demo.db

.PHONY: setup demo test test-fast lint bench chromium poppler hey gazetteer clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

$(WEB_STAMP): $(WEB_SOURCES)
	npm ci --no-audit --no-fund --loglevel=error
	npm run build --silent
	touch $(WEB_STAMP)

setup: $(STAMP) $(WEB_STAMP)

# The main job on the embedded default: extract the sample reports, store them in an SQLite
# database (merging reports of one incident), and list the incidents.
demo: setup
	mkdir -p out
	rm -f $(DEMO_DB)
	$(BIN)/salvo extract samples/ -o out/sample-incidents.jsonl
	$(BIN)/salvo ingest samples/ --db sqlite:///$(DEMO_DB)
	$(BIN)/salvo incidents --db sqlite:///$(DEMO_DB)
	@echo "Incidents: out/sample-incidents.jsonl and $(DEMO_DB); browse them with: $(BIN)/salvo serve --db sqlite:///$(DEMO_DB)"

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# pdftoppm turns the briefing's PDF into PNG pages in its test (the product itself needs no browser or poppler).
poppler:
	@command -v pdftoppm >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null)

# hey drives the opt-in load benchmark (tests/benchmarks/test_bench_load.py, salvo.devtools.api_load).
hey:
	@command -v hey >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey >/dev/null)

test: setup chromium poppler hey
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser"

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	$(BIN)/salvo bench
	$(BIN)/salvo bench ingest --articles 2000
	$(BIN)/python -m salvo.devtools.api_latency --incidents 100000 --render
	SALVO_BENCH=1 $(BIN)/python -m pytest tests/benchmarks -s -q

gazetteer: setup
	$(BIN)/python scripts/build_gazetteer.py

clean:
	rm -rf out $(VENV) node_modules src/salvo/web/static
