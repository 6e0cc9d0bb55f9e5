"""index/store.py: numbered schema migrations (an index built at schema version 1 is upgraded in place,
without re-embedding) and the queries the rest of reportqa reads the database through."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from helpers import CORPUS, DATA, ZHUHUI, make_config
from index.build import build_index
from index.errors import NoIndex
from index.location import DB_NAME, PIPELINE_VERSION, current_generation
from index.search import LiveIndex
from index.store import MIGRATIONS, SCHEMA_VERSION, Store

# A real index written by reportqa at schema version 1 (before numbered migrations existed): the
# 珠晖 report of corpus/, 13 chunks, 32 figures, its FAISS vectors named by the meta row "faiss".
INDEX_V1 = DATA / "index-v1"


def tables(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def raw_meta(path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT key, value FROM meta"))


@pytest.fixture
def index_v1(tmp_path):
    """A copy of the version-1 index with its corpus (the one report it holds)."""
    shutil.copytree(INDEX_V1, tmp_path / "index")
    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS / ZHUHUI, tmp_path / "corpus" / ZHUHUI)
    db = current_generation(tmp_path / "index") / DB_NAME
    # Only the schema is under test: if a later change bumps the pipeline version, that alone would
    # (rightly) rebuild, so the copy is told it was built by the current pipeline.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'pipeline'", (PIPELINE_VERSION,))
    return make_config(tmp_path, tmp_path / "corpus"), db


def test_a_new_database_gets_every_migration(tmp_path):
    store = Store(tmp_path / "new.db")
    assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    store.close()
    assert {"meta", "documents", "chunks", "figures", "label_grams", "chunks_fts", "figures_fts"} <= tables(
        tmp_path / "new.db")
    assert raw_meta(tmp_path / "new.db") == {"schema_version": str(SCHEMA_VERSION)}
    assert Store(tmp_path / "new.db", readonly=True).schema_version() == SCHEMA_VERSION


def test_a_version_1_index_is_upgraded_in_place(index_v1):
    config, db = index_v1
    before = raw_meta(db)
    assert before["schema_version"] == "1" and before["faiss"] == "vectors-1.faiss"
    with pytest.raises(NoIndex, match=r"schema version 1.*run `reportqa index` to upgrade"):
        LiveIndex(config)  # readers never write, so they cannot upgrade it themselves

    store = Store(db)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.counts() == {"documents": 1, "chunks": 13, "figures": 32}
    assert store.get_meta("vectors") == "vectors-1.faiss" and store.get_meta("faiss") is None
    assert store.get_meta("vector_backend") == "faiss"
    store.close()

    summary = build_index(config)  # settings unchanged: nothing re-read, nothing re-embedded
    assert not summary.rebuilt and not summary.changed and summary.unchanged == 1
    assert (summary.chunks, summary.figures) == (13, 32)
    hits = LiveIndex(config).search("珠晖区困难职工帮扶支出", k=3)
    assert "298000元" in hits[0].text and hits[0].dense_rank is not None  # its FAISS vectors still serve


def test_a_failed_migration_changes_nothing(index_v1):
    _, db = index_v1

    def broken(db_):
        db_.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk full")

    with pytest.raises(sqlite3.OperationalError, match="disk full"):
        Store(db, migrations=[*MIGRATIONS, broken])
    assert raw_meta(db)["schema_version"] == "1"  # not 2: the good migration was rolled back too
    assert "half_done" not in tables(db)
    assert raw_meta(db)["faiss"] == "vectors-1.faiss" and "vectors" not in raw_meta(db)


def test_an_index_from_a_newer_reportqa_is_refused(tmp_path):
    Store(tmp_path / "new.db").close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(NoIndex, match="newer reportqa"):
        Store(tmp_path / "new.db")
    with pytest.raises(NoIndex, match=f"schema version {SCHEMA_VERSION + 1}"):
        Store(tmp_path / "new.db", readonly=True)


@pytest.fixture(scope="module")
def store(corpus_index):
    s = Store(current_generation(corpus_index.index_dir) / DB_NAME, readonly=True)
    yield s
    s.close()


def test_listings(store):
    reports = store.report_summaries()
    assert [r["source"] for r in reports] == sorted(r["source"] for r in reports)
    zhuhui = next(r for r in reports if r["source"] == ZHUHUI)
    assert (zhuhui["region"], zhuhui["org"], zhuhui["year"], zhuhui["kind"]) == ("珠晖区", "总工会", 2022, "绩效评价")
    assert zhuhui["chunks"] > 0 and zhuhui["figures"] > 0
    meta = {r["source"]: r for r in store.report_metadata()}
    assert set(meta) == {r["source"] for r in reports} and meta[ZHUHUI]["id"] > 0

    figures = store.figure_listing("珠晖")
    assert len(figures) == zhuhui["figures"] and {f["source"] for f in figures} == {ZHUHUI}
    assert any(f["label"] == "困难职工帮扶支出" and f["value_text"] == "298000元" for f in figures)
    assert len(store.figure_listing()) == sum(r["figures"] for r in reports)
    assert store.figure_listing("no such report") == []


def test_document_versions_are_what_a_build_compares(store, corpus_index):
    versions = store.document_versions()
    assert set(versions) == {p.name for p in corpus_index.corpus_dir.iterdir()}
    digest, stamp = versions[ZHUHUI]
    assert len(digest) >= 32 and stamp


def test_a_reader_sees_another_connections_commit_in_data_version(tmp_path):
    writer = Store(tmp_path / "x.db")
    reader = Store(tmp_path / "x.db", readonly=True)
    before = reader.data_version()
    with writer.conn:
        writer.set_meta("k", "v")
    assert reader.data_version() != before
    writer.checkpoint()
    assert (tmp_path / "x.db-wal").stat().st_size == 0  # the log was folded into the database
