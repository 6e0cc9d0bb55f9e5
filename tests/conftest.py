"""Shared test fixtures."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir() -> Path:
    return ROOT / "tests" / "data"


@pytest.fixture
def corpus_dir() -> Path:
    return ROOT / "corpus"


SHARED = ROOT.parent / "shared"
REAL_REPORTS = SHARED / "real-reports"


def make_config(tmp: Path, corpus: Path):
    """A Config for a corpus folder and an index folder under tmp, with the repo's defaults."""
    from index.config import load_config

    return load_config(ROOT / "config.toml", corpus=corpus, index=tmp / "index")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """The two corpus reports, indexed once per test session (a copy: tests may not touch corpus/)."""
    import shutil

    from index.build import build_index

    tmp = tmp_path_factory.mktemp("corpus_index")
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    config = make_config(tmp, tmp / "corpus")
    build_index(config)
    return config


@pytest.fixture(scope="session")
def eval_index(tmp_path_factory):
    """corpus/ plus the four real PDFs of ../shared/real-reports, indexed once per session."""
    import shutil

    from index.build import build_index

    if not REAL_REPORTS.is_dir():
        pytest.skip("../shared/real-reports is not beside the project")
    tmp = tmp_path_factory.mktemp("eval_index")
    shutil.copytree(ROOT / "corpus", tmp / "corpus")
    for pdf in REAL_REPORTS.glob("*.pdf"):
        shutil.copy(pdf, tmp / "corpus" / pdf.name)
    config = make_config(tmp, tmp / "corpus")
    build_index(config)
    return config
