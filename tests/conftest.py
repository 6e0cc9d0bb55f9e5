"""Shared fixtures. The indexes are built once per session; a test that changes one works on a copy
(helpers.copy_index). Helpers tests import are in helpers.py.

`make test` runs the suite in two worker processes (pytest-xdist, `-n 2 --dist loadfile`). An index
is still built once per session, not once per worker: the first worker that needs it builds it under
a file lock in the run's shared temporary folder, the other waits for it and reads the same files.
The tests that read `eval_index` (the slowest build) run in one worker, so the other never waits for
it and runs the rest meanwhile, the heaviest files first (HEAVY_FIRST). The model's vector of a text
is computed once per run, by whichever worker needs it first (each_text_embedded_once)."""
import fcntl
import hashlib
import os
import shutil
import weakref
from pathlib import Path

import numpy as np
import pytest

from helpers import CORPUS, DATA, REAL_PDFS, ROOT, copy_index, make_config, require, zip_bomb_docx
from series_corpus import write_reports


def pytest_configure(config):
    """jieba reads its dictionary word by word from the model cache (index/wordfreq.py), as answering and
    the bot do, instead of loading it whole: the whole load costs each test process about 2 s of CPU,
    paid while collecting (test modules build report catalogs at import). The cuts are the same
    (test_embedder compares every question and chunk); on a clean clone, before the first build has
    written the table, jieba loads its dictionary whole as usual."""
    from index.wordfreq import use_lazy_dictionary

    use_lazy_dictionary(make_config(ROOT, CORPUS).export_cache)


def pytest_xdist_make_scheduler(config, log):
    """With `--dist loadfile` each test file runs in one worker (its module fixtures, such as a running
    bot, start once), and the files that read `eval_index` run together in one worker. (xdist's own
    `loadgroup` cannot group here: pytest 9 ignores the node ids it rewrites.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    tests = Path(__file__).parent
    slow = {f"tests/{p.name}" for p in tests.glob("test_*.py") if "eval_index" in p.read_text(encoding="utf-8")}
    first = ["eval_index"] + [f"tests/{name}" for name in HEAVY_FIRST]

    class ByFileAndIndex(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "eval_index" if module in slow else module

        def _assign_work_unit(self, node) -> None:
            # The longest units first, so the two workers end together; xdist then pops the first.
            scope = min(self.workqueue, key=lambda s: first.index(s) if s in first else len(first))
            self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return ByFileAndIndex(config, log)


# The files that take longest besides the eval_index group (CPU counted per test over a whole run,
# plus the waits of the bot tests), longest first: handed out before the many small files, which then
# fill in at the end so neither worker waits long for the other. The order also puts the uploads of the
# welfare PDF (test_admin and after) behind the point where eval_index has embedded that PDF, and the
# corpus's first build (test_build) long before eval_index reaches the corpus: each text is embedded
# once per run (each_text_embedded_once). A file missing here is only scheduled later.
HEAVY_FIRST = ["test_build.py", "test_hardening.py", "test_embedder.py", "test_bot_hardening.py",
               "test_search.py", "test_admin.py", "test_bot_admin.py", "test_bot.py", "test_service.py",
               "test_vectors.py", "test_readahead.py", "test_bot_typing.py", "test_layering.py",
               "test_bot_split.py", "test_sandbox.py", "test_pdf_content.py", "test_bot_series.py",
               "test_chart.py", "test_pipeline.py", "test_readers.py", "test_chunker.py",
               "test_make_corpus.py"]


@pytest.fixture(scope="session", autouse=True)
def each_text_embedded_once(tmp_path_factory):
    """The real model computes each text's vector once per run.

    Many tests rebuild an index of the same reports on purpose (a damaged index rebuilt, a full
    /reindex, a setting change, the Qdrant backend, an upload of the same PDF): every build still runs
    in full — reading, chunking, figures, SQLite, FAISS or Qdrant, and a call to the embedder with the
    chunks' texts — but the sentence-transformers forward pass for a text it already ran returns that
    text's vector again instead of computing it a second time (that pass was half the suite's CPU). The
    vectors are the model's own; a key is the model's folder and modules, its max_seq_length and the
    text, so another model, another length or another text is computed. Child processes (the CLI run
    as a program, `reportqa index` killed mid-build) compute everything themselves.

    With several workers the vectors are kept in the run's shared temporary folder too (one .npy file
    per text, written whole by a rename): a text the other worker has embedded (the corpus in
    corpus_index and in eval_index, the welfare PDF in eval_index and in the upload tests) is read,
    not computed again.

    With N workers on C cores each worker's torch uses C // N threads, not C: two workers with two
    threads each on two cores spend their time waiting for each other."""
    from index.embedder import SentenceTransformerEmbedder, all_cores, resolve_model

    compute = SentenceTransformerEmbedder.embed
    memo: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # model → its key
    vectors: dict[tuple, np.ndarray] = {}
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    threads = max(1, all_cores() // workers) if workers else None
    shared = run_folder(tmp_path_factory, "vectors") if workers else None

    def key_of(self) -> tuple:
        if self.model not in memo:
            memo[self.model] = (resolve_model(self.name), tuple(type(m).__name__ for m in self.model))
        return (*memo[self.model], self.model.max_seq_length)

    def file_of(key: tuple) -> Path:
        return shared / (hashlib.sha256(repr(key).encode()).hexdigest() + ".npy")

    def known(key: tuple) -> bool:
        if key not in vectors and shared is not None and file_of(key).exists():
            vectors[key] = np.load(file_of(key))
        return key in vectors

    def embed(self, texts: list[str]) -> np.ndarray:
        model = key_of(self)
        new = list(dict.fromkeys(t for t in texts if not known((model, t))))
        if new or not texts:
            if threads:
                import torch

                torch.set_num_threads(threads)
            computed = compute(self, new)
            for t, vector in zip(new, computed):
                vectors[(model, t)] = vector
                if shared is not None:
                    part = file_of((model, t)).with_suffix(f".{os.getpid()}.part")
                    with open(part, "wb") as f:
                        np.save(f, vector)
                    os.replace(part, file_of((model, t)))
            if not texts:
                return computed
        return np.ascontiguousarray(np.stack([vectors[(model, t)] for t in texts]), dtype="float32")

    SentenceTransformerEmbedder.embed = embed
    yield
    SentenceTransformerEmbedder.embed = compute


def run_folder(tmp_path_factory, name: str) -> Path:
    """A folder of this run that every worker sees (the workers' temporary folders share a parent)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return tmp_path_factory.mktemp(name)
    root = tmp_path_factory.getbasetemp().parent / name
    root.mkdir(exist_ok=True)
    return root


def built_once(tmp_path_factory, name: str, files: list[Path]):
    """An index of `files` built once per session (once per run with several workers), read-only."""
    from index.build import build_index

    root = run_folder(tmp_path_factory, name)
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
def series_index(tmp_path_factory):
    """The reports series_corpus.py writes (trends, rankings, totals), indexed once per run for
    test_series, test_chart and test_bot_series. Read it only; to change it, copy it."""
    reports = write_reports(tmp_path_factory.mktemp("series_reports"))
    return built_once(tmp_path_factory, "series_index", sorted(reports.iterdir()))


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    """A 1.3 MB .docx that unzips to 400 MB."""
    return zip_bomb_docx(tmp_path_factory.mktemp("bomb") / "预算报告.docx", 400)
