# newsframe: `make run` and `make test` work on a fresh machine (python3 with venv, and access to PyPI).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared
OUT    ?= out
export UV_COMPILE_BYTECODE := 1
export GX_ANALYTICS_ENABLED := False

.PHONY: help install spark run test test-all lint bench bench-quick eval browser interop clean

help:
	@echo "make run      - create .venv if missing, install, run the pipeline on seeds/, validate, write $(OUT)/"
	@echo "make test     - run the test suite (slow tests excluded; 'make test-all' runs them too)"
	@echo "make lint     - ruff and mypy"
	@echo "make bench    - benchmarks (ratios against baselines measured in the same run), the 20M-row validation and 10M-row Spark runs included"
	@echo "make bench-quick - the same without the 20M/10M sizes (minutes instead of about an hour)"
	@echo "make eval     - extraction quality on the corpora in $(SHARED)/"
	@echo "make spark    - the [spark] extra (pyspark, from requirements-spark.lock) and a Java runtime (Debian)"
	@echo "make interop  - install datacontract-cli (own venv) for the ODCS interoperability test"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

# Dependencies come from the hash-pinned lock file, so a fresh machine gets the same versions.
$(STAMP): requirements.lock pyproject.toml setup.py | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Spark: the [spark] extra from its own hash-pinned lock (the main lock plus pyspark and py4j, same
# versions otherwise), and Debian's Java 17 runtime when no `java` is on PATH. Spark tests skip without it.
SPARK_STAMP := $(VENV)/.spark-stamp
$(SPARK_STAMP): requirements-spark.lock $(STAMP)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements-spark.lock
	@touch $(SPARK_STAMP)

spark: $(SPARK_STAMP)
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }
	@java -version 2>&1 | head -1

run: $(STAMP)
	$(BIN)/newsframe run seeds/documents --out $(OUT) --junit $(OUT)/junit.xml

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n 2 --dist loadgroup

test-all: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# The issue-9 figures (validation at 20M event rows, Spark against Polars at 10M) are part of `make bench`;
# `make bench-quick` (BENCH_BIG empty) leaves those sizes out.
BENCH_BIG ?= 1
bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; NEWSFRAME_BENCH_BIG=$(BENCH_BIG) $(BIN)/python $$f || exit 1; done

bench-quick:
	@$(MAKE) --no-print-directory bench BENCH_BIG=

eval: $(STAMP)
	@test -d $(SHARED)/corpora || { echo "eval needs $(SHARED)/corpora"; exit 2; }
	@mkdir -p $(OUT)/eval
	$(BIN)/newsframe eval conll $(SHARED)/corpora/conll2003_dev/eng.testa.docs.jsonl --baseline > $(OUT)/eval/conll.json
	$(BIN)/newsframe eval plover $(SHARED)/corpora/plover_gsr_dev/records.jsonl > $(OUT)/eval/plover.json
	$(BIN)/newsframe eval dates > $(OUT)/eval/dates.json
	$(BIN)/newsframe eval judged > $(OUT)/eval/judged.json
	$(BIN)/newsframe eval corpus $(SHARED)/corpora/bbc_politics/articles.jsonl > $(OUT)/eval/gate_bbc.json
	$(BIN)/newsframe eval corpus $(SHARED)/corpora/bbc_politics/articles.jsonl --published 2005-03-15 > $(OUT)/eval/gate_bbc_dated.json
	$(BIN)/newsframe eval corpus $(SHARED)/corpora/conll2003_dev/eng.testa.docs.jsonl > $(OUT)/eval/gate_conll.json
	$(BIN)/newsframe eval corpus $(SHARED)/corpora/plover_gsr_dev/records.jsonl --no-dates > $(OUT)/eval/gate_plover.json
	@$(BIN)/newsframe eval table $(OUT)/eval/plover.json $(OUT)/eval/conll.json $(OUT)/eval/dates.json \
		$(OUT)/eval/judged.json $(OUT)/eval/gate_bbc.json $(OUT)/eval/gate_bbc_dated.json $(OUT)/eval/gate_conll.json $(OUT)/eval/gate_plover.json

# The browser test uses Debian's chromium; this installs it (the test skips with a message without it).
browser:
	command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# datacontract-cli (the ODCS reference tool), for tests/contracts/test_interop.py. Its pins (typer,
# python-dateutil < 3) clash with our lock, so it gets its own venv, installed from its own hash-pinned
# lock (requirements-interop.lock, compiled from requirements-interop.in by uv from PyPI); the test
# finds it there.
INTEROP := .venv-interop
INTEROP_STAMP := $(INTEROP)/.installed-stamp
$(INTEROP_STAMP): requirements-interop.lock | $(BIN)/python
	test -x $(INTEROP)/bin/python || $(BIN)/uv venv --quiet --python $(BIN)/python $(INTEROP)
	$(BIN)/uv pip install --quiet --python $(INTEROP)/bin/python --require-hashes -r requirements-interop.lock
	@touch $(INTEROP_STAMP)

interop: $(STAMP) $(INTEROP_STAMP)
	$(INTEROP)/bin/datacontract --version

clean:
	rm -rf $(OUT) build dist *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
