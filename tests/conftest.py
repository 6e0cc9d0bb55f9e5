"""Shared fixtures. The indexes are built once per session; a test that changes one works on a copy
(helpers.copy_index). Helpers tests import are in helpers.py.

`make test` runs the suite in two worker processes (pytest-xdist, `-n 2 --dist loadfile`). An index
is still built once per session, not once per worker: the first worker that needs it builds it under
a file lock in the run's shared temporary folder, the other waits for it and reads the same files.
The tests that read `eval_index` (the slowest build) run in one worker, so the other never waits for
it and runs the rest meanwhile."""
import fcntl
import os
import shutil
import weakref
from pathlib import Path

import numpy as np
import pytest

from helpers import CORPUS, DATA, REAL_PDFS, copy_index, make_config, require, zip_bomb_docx


def pytest_xdist_make_scheduler(config, log):
    """With `--dist loadfile` each test file runs in one worker (its module fixtures, such as a running
    bot, start once), and the files that read `eval_index` run together in one worker. (xdist's own
    `loadgroup` cannot group here: pytest 9 ignores the node ids it rewrites.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    tests = Path(__file__).parent
    slow = {f"tests/{p.name}" for p in tests.glob("test_*.py") if "eval_index" in p.read_text(encoding="utf-8")}

    class ByFileAndIndex(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "eval_index" if module in slow else module

    return ByFileAndIndex(config, log)


@pytest.fixture(scope="session", autouse=True)
def each_text_embedded_once():
    """The real model computes each text's vector once per test process.

    Many tests rebuild an index of the same reports on purpose (a damaged index rebuilt, a full
    /reindex, a setting change, the Qdrant backend, an upload of the same PDF): every build still runs
    in full — reading, chunking, figures, SQLite, FAISS or Qdrant, and a call to the embedder with the
    chunks' texts — but the sentence-transformers forward pass for a text it already ran returns that
    text's vector again instead of computing it a second time (that pass was half the suite's CPU). The
    vectors are the model's own; a key is the model's folder and modules, its max_seq_length and the
    text, so another model, another length or another text is computed. Child processes (the CLI run
    as a program, `reportqa index` killed mid-build) compute everything themselves.

    With N workers on C cores each worker's torch uses C // N threads, not C: two workers with two
    threads each on two cores spend their time waiting for each other."""
    from index.embedder import SentenceTransformerEmbedder, all_cores, resolve_model

    compute = SentenceTransformerEmbedder.embed
    memo: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # model → its key
    vectors: dict[tuple, np.ndarray] = {}
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    threads = max(1, all_cores() // workers) if workers else None

    def key_of(self) -> tuple:
        if self.model not in memo:
            memo[self.model] = (resolve_model(self.name), tuple(type(m).__name__ for m in self.model))
        return (*memo[self.model], self.model.max_seq_length)

    def embed(self, texts: list[str]) -> np.ndarray:
        model = key_of(self)
        new = list(dict.fromkeys(t for t in texts if (model, t) not in vectors))
        if new or not texts:
            if threads:
                import torch

                torch.set_num_threads(threads)
            computed = compute(self, new)
            vectors.update(zip(((model, t) for t in new), computed))
            if not texts:
                return computed
        return np.ascontiguousarray(np.stack([vectors[(model, t)] for t in texts]), dtype="float32")

    SentenceTransformerEmbedder.embed = embed
    yield
    SentenceTransformerEmbedder.embed = compute


def built_once(tmp_path_factory, name: str, files: list[Path]):
    """An index of `files` built once per session (once per run with several workers), read-only."""
    from index.build import build_index

    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        root = tmp_path_factory.mktemp(name)
    else:  # the workers' temporary folders share this run's parent
        root = tmp_path_factory.getbasetemp().parent / name
        root.mkdir(exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        config = make_config(root, root / "corpus")
        if not (root / "BUILT").exists():
            shutil.rmtree(root / "corpus", ignore_errors=True)
            (root / "corpus").mkdir()
            for f in files:
                shutil.copy(f, root / "corpus" / f.name)
            build_index(config)
            (root / "BUILT").touch()
    return config


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """The two corpus reports, indexed once per session (a copy: tests may not touch corpus/).
    Read it only; to change it, take `corpus_copy`."""
    return built_once(tmp_path_factory, "corpus_index", sorted(CORPUS.iterdir()))


@pytest.fixture
def corpus_copy(corpus_index, tmp_path):
    """A private copy of the session's corpus index (corpus and index folders) under tmp_path."""
    return copy_index(corpus_index, tmp_path)


@pytest.fixture(scope="session")
def eval_index(tmp_path_factory):
    """corpus/ plus the four real PDFs of tests/data, indexed once per session: the slowest thing in
    the suite (reading about 100 pages of tables), so never build it twice."""
    require(*REAL_PDFS)
    return built_once(tmp_path_factory, "eval_index", sorted(CORPUS.iterdir()) + list(REAL_PDFS))


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    """A 1.3 MB .docx that unzips to 400 MB."""
    return zip_bomb_docx(tmp_path_factory.mktemp("bomb") / "预算报告.docx", 400)
