"""Shared fixtures. The indexes are built once per session; a test that changes one works on a copy
(helpers.copy_index). Helpers tests import are in helpers.py."""
from pathlib import Path

import pytest

from helpers import CORPUS, DATA, REAL_PDFS, copy_index, make_config, require, zip_bomb_docx


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
    import shutil

    from index.build import build_index

    tmp = tmp_path_factory.mktemp("corpus_index")
    shutil.copytree(CORPUS, tmp / "corpus")
    config = make_config(tmp, tmp / "corpus")
    build_index(config)
    return config


@pytest.fixture
def corpus_copy(corpus_index, tmp_path):
    """A private copy of the session's corpus index (corpus and index folders) under tmp_path."""
    return copy_index(corpus_index, tmp_path)


@pytest.fixture(scope="session")
def eval_index(tmp_path_factory):
    """corpus/ plus the four real PDFs of tests/data, indexed once per session: the slowest thing in
    the suite (reading about 100 pages of tables), so never build it twice."""
    import shutil

    from index.build import build_index

    require(*REAL_PDFS)
    tmp = tmp_path_factory.mktemp("eval_index")
    shutil.copytree(CORPUS, tmp / "corpus")
    for pdf in REAL_PDFS:
        shutil.copy(pdf, tmp / "corpus" / pdf.name)
    config = make_config(tmp, tmp / "corpus")
    build_index(config)
    return config


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    """A 1.3 MB .docx that unzips to 400 MB."""
    return zip_bomb_docx(tmp_path_factory.mktemp("bomb") / "预算报告.docx", 400)

