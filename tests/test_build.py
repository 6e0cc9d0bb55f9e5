"""index/build.py: incremental re-indexing, settings changes, unreadable files and crash safety, on a
copy of the corpus with real SQLite, FAISS and the m3e-small model."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import faiss
import pytest
from click.testing import CliRunner

from helpers import CORPUS, NANYUE, ROOT, ZHUHUI, copy_index, make_config
from index.build import build_index
from engine.catalog import figure_rows
from reportqa.cli import cli
from index.embedder import resolve_model
from index.location import CURRENT, DB_NAME, current_generation
from index.pipeline import stamp_of
from index.search import LiveIndex
from index.vectors import FaissVectors

DOCX = "衡山县总工会2023年部门预算.docx"


# -- helpers --------------------------------------------------------------------------------------

@pytest.fixture
def fresh(tmp_path):
    """corpus/*.txt copied into tmp_path, no index yet."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, corpus / f.name)
    return make_config(tmp_path, corpus)


@pytest.fixture
def built(tmp_path, corpus_index):
    """A private copy of the session's indexed corpus (corpus and index folders)."""
    config = copy_index(corpus_index, tmp_path)
    summary = build_index(config)
    assert summary.unchanged == 2 and not summary.changed and not summary.rebuilt
    return config


def connect(config) -> sqlite3.Connection:
    gen = current_generation(config.index_dir)
    return sqlite3.connect(f"file:{gen / DB_NAME}?mode=ro", uri=True)


def meta(config, key):
    with connect(config) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def faiss_path(config) -> Path:
    return current_generation(config.index_dir) / meta(config, "vectors")


def doc_row(config, source):
    conn = connect(config)
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM documents WHERE source = ?", (source,)).fetchone()
    return dict(row) if row else None


def assert_consistent(config) -> None:
    """SQLite rows, both full-text tables and FAISS describe the same chunks and figures."""
    conn = connect(config)
    chunk_ids = {r[0] for r in conn.execute("SELECT id FROM chunks")}
    fig_ids = {r[0] for r in conn.execute("SELECT id FROM figures")}
    assert {r[0] for r in conn.execute("SELECT rowid FROM chunks_fts")} == chunk_ids
    assert {r[0] for r in conn.execute("SELECT rowid FROM figures_fts")} == fig_ids
    for doc_id, n_chunks, n_figs in conn.execute("SELECT id, chunks, figures FROM documents"):
        assert conn.execute("SELECT count(*) FROM chunks WHERE doc_id = ?", (doc_id,)).fetchone()[0] == n_chunks
        assert conn.execute("SELECT count(*) FROM figures WHERE doc_id = ?", (doc_id,)).fetchone()[0] == n_figs
    orphans = conn.execute("SELECT count(*) FROM chunks WHERE doc_id NOT IN (SELECT id FROM documents)")
    assert orphans.fetchone()[0] == 0
    vectors = FaissVectors.load(config.vectors, faiss_path(config).parent, faiss_path(config).name)
    assert vectors.index.ntotal == len(chunk_ids)
    assert set(faiss.vector_to_array(vectors.index.id_map).tolist()) == chunk_ids
    # only the FAISS file the database names is left in the generation folder
    assert [p.name for p in faiss_path(config).parent.glob("*.faiss*")] == [faiss_path(config).name]


def write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))


HENGSHAN = ["衡山县总工会2023年部门预算", "一、部门概况",
            "衡山县总工会2023年职工法律援助支出56000元，较上年增加3000元。",
            "二、预算安排", "2023年安排困难职工慰问资金82000元，用于春节走访慰问。"]


def run_cli(config, *args, input=None):
    return CliRunner().invoke(cli, ["--config", str(ROOT / "config.toml"), "--corpus", str(config.corpus_dir),
                                    "--index", str(config.index_dir), *args], input=input)


# -- incremental builds ---------------------------------------------------------------------------

def test_first_build_then_nothing_changed_then_touch(fresh):
    first = build_index(fresh)
    assert first.rebuilt and sorted(first.added) == sorted([NANYUE, ZHUHUI])
    assert first.chunks > 20 and first.figures > 50 and not first.skipped
    assert first.embed_seconds > 0 and first.embed_seconds <= first.seconds
    # reading the two text files (in this process: too small for the read-ahead child) is waited for
    assert 0 < first.wait_seconds <= first.seconds - first.embed_seconds
    assert_consistent(fresh)
    current = (fresh.index_dir / CURRENT).read_text()
    name, mtime = faiss_path(fresh).name, faiss_path(fresh).stat().st_mtime_ns

    again = build_index(fresh)
    assert not again.rebuilt and not again.changed and again.unchanged == 2
    assert (again.added, again.updated, again.removed, again.skipped) == ([], [], [], [])
    assert (again.chunks, again.figures) == (first.chunks, first.figures)
    assert (fresh.index_dir / CURRENT).read_text() == current
    assert faiss_path(fresh).name == name and faiss_path(fresh).stat().st_mtime_ns == mtime

    path = fresh.corpus_dir / ZHUHUI
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    touched = build_index(fresh)
    assert not touched.changed and touched.unchanged == 2 and not touched.rebuilt
    assert faiss_path(fresh).name == name and faiss_path(fresh).stat().st_mtime_ns == mtime
    assert doc_row(fresh, ZHUHUI)["stamp"] == stamp_of(path)  # next run need not even hash it


def test_add_change_delete(built):
    corpus = built.corpus_dir
    old_faiss = faiss_path(built).name
    write_docx(corpus / DOCX, HENGSHAN)
    with open(corpus / ZHUHUI, "a", encoding="utf-8") as f:
        f.write("\n六、补充说明\n2022年职工法律援助支出43210元。\n")
    (corpus / NANYUE).unlink()
    assert doc_row(built, NANYUE)["figures"] > 0

    s = build_index(built)
    assert (s.added, s.updated, s.removed) == ([DOCX], [ZHUHUI], [NANYUE])
    assert s.unchanged == 0 and not s.rebuilt and not s.skipped
    assert "1 added, 1 updated, 1 removed" in s.to_text()
    assert faiss_path(built).name != old_faiss
    assert_consistent(built)

    conn = connect(built)
    assert doc_row(built, NANYUE) is None
    # 南岳's own figure 职工申报互助金 156232元 and its sentence are nowhere: rows or full-text
    for sql in ("SELECT count(*) FROM chunks WHERE text LIKE '%156232%'",
                "SELECT count(*) FROM figures WHERE value_text LIKE '%156232%'",
                "SELECT count(*) FROM chunks_fts WHERE tokens LIKE '%156232%'",
                "SELECT count(*) FROM figures_fts WHERE tokens LIKE '%申报%'",
                "SELECT count(*) FROM chunks_fts WHERE tokens LIKE '%南岳%'"):
        assert conn.execute(sql).fetchone()[0] == 0, sql
    assert s.chunks == conn.execute("SELECT count(*) FROM chunks").fetchone()[0]

    index = LiveIndex(built)
    for query in ("南岳区总工会职工申报互助金", "南岳区总工会编制人数", "爱心驿站"):
        hits = index.search(query, k=10)
        assert hits and all(h.source in (ZHUHUI, DOCX) for h in hits), query
    assert index.search("衡山县总工会职工法律援助支出", k=1)[0].source == DOCX
    zhuhui = {r["value_text"] for r in figure_rows(built, "珠晖")}
    assert {"43210元", "298000元"} <= zhuhui
    hengshan = {(r["label"], r["value_text"]) for r in figure_rows(built, "衡山")}
    assert any(v == "56000元" for _, v in hengshan) and any(v == "82000元" for _, v in hengshan)
    assert doc_row(built, DOCX)["region"] == "衡山县" and doc_row(built, DOCX)["year"] == 2023


def test_sidecar_changes_region(built):
    side = built.corpus_dir / (ZHUHUI + ".toml")
    side.write_text('region = "测试区"\norg = "测试总工会"\n', encoding="utf-8")
    s = build_index(built)
    assert s.updated == [ZHUHUI] and s.unchanged == 1 and not s.added and not s.removed
    result = run_cli(built, "reports", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["source"]: r for r in json.loads(result.stdout)}
    assert (rows[ZHUHUI]["region"], rows[ZHUHUI]["org"]) == ("测试区", "测试总工会")
    assert rows[NANYUE]["region"] == "南岳区"
    assert_consistent(built)

    # A broken sidecar is a reason to skip that report, not to lose it.
    side.write_text('region = "未闭合\n', encoding="utf-8")
    s = build_index(built)
    assert [n for n, _ in s.skipped] == [ZHUHUI] and "TOML" in s.skipped[0][1]
    assert doc_row(built, ZHUHUI)["region"] == "测试区"


def test_setting_changes_rebuild_in_a_new_generation(built):
    gen0 = current_generation(built.index_dir)
    chunks0 = doc_row(built, ZHUHUI)["chunks"]

    smaller = dataclasses.replace(built, chunk_size=150, chunk_overlap=30)
    s = build_index(smaller)
    assert s.rebuilt and sorted(s.added) == sorted([NANYUE, ZHUHUI]) and s.unchanged == 0
    gen1 = current_generation(built.index_dir)
    assert gen1 != gen0 and not gen0.exists() and gen1.exists()
    assert not list(built.index_dir.glob("*.building"))
    assert doc_row(smaller, ZHUHUI)["chunks"] > chunks0
    assert meta(smaller, "chunk_size") == "150"
    assert_consistent(smaller)
    assert not build_index(smaller).changed  # the new setting is now the index's own

    # Same weights, different model setting (a folder path instead of the bundled name): rebuild.
    by_path = dataclasses.replace(smaller, model=resolve_model("m3e-small"))
    s = build_index(by_path)
    assert s.rebuilt and len(s.added) == 2
    gen2 = current_generation(built.index_dir)
    assert gen2 != gen1 and not gen1.exists()
    assert meta(by_path, "model") == by_path.model
    assert LiveIndex(by_path).search("珠晖区困难职工帮扶", k=1)[0].source == ZHUHUI
    assert_consistent(by_path)


# -- unreadable files -----------------------------------------------------------------------------

def test_broken_file_is_skipped_and_strict_changes_nothing(built):
    corpus = built.corpus_dir
    (corpus / "损坏的报告.pdf").write_bytes(b"%PDF-1.7\n\x00\x01garbage" * 50)
    (corpus / "说明.xlsx").write_bytes(b"not a report")

    result = run_cli(built, "index", "--quiet")
    assert result.exit_code == 0, result.output
    assert "skipped 损坏的报告.pdf: " in result.stderr and "skipped 说明.xlsx: unsupported" in result.stderr
    assert "2 skipped, 2 unchanged" in result.stdout
    assert doc_row(built, "损坏的报告.pdf") is None

    # --strict: refuse, one line, and the index stays exactly as it was (even the changed file).
    with open(corpus / ZHUHUI, "a", encoding="utf-8") as f:
        f.write("\n补充：2022年其他支出1111元。\n")
    before = (doc_row(built, ZHUHUI), (built.index_dir / CURRENT).read_text(), meta(built, "vectors"))
    result = run_cli(built, "index", "--quiet", "--strict")
    assert result.exit_code != 0 and result.exception.__class__ is SystemExit
    assert "--strict" in result.stderr and "损坏的报告.pdf" in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    assert (doc_row(built, ZHUHUI), (built.index_dir / CURRENT).read_text(), meta(built, "vectors")) == before

    # Without --strict the good change goes in, the broken file stays skipped.
    s = build_index(built)
    assert s.updated == [ZHUHUI] and {n for n, _ in s.skipped} == {"损坏的报告.pdf", "说明.xlsx"}


def test_unreadable_new_version_keeps_the_old_one(built):
    path = built.corpus_dir / DOCX
    write_docx(path, HENGSHAN)
    assert build_index(built).added == [DOCX]
    old = doc_row(built, DOCX)

    path.write_bytes(b"PK\x03\x04 this is not a zip archive any more")
    s = build_index(built)
    assert [n for n, _ in s.skipped] == [DOCX] and not s.updated and not s.removed
    assert doc_row(built, DOCX) == old
    assert LiveIndex(built).search("衡山县总工会职工法律援助支出", k=1)[0].source == DOCX
    assert_consistent(built)
    # and it stays retried (not marked as seen) until it is readable again
    assert [n for n, _ in build_index(built).skipped] == [DOCX]


# -- crash safety ---------------------------------------------------------------------------------

def _building_docs(index_dir: Path) -> int:
    for gen in index_dir.glob("gen-*.building"):
        db = gen / DB_NAME
        if not db.exists():
            return 0
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
            try:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            return 0
    return -1


def test_killed_full_rebuild_leaves_the_old_index(built):
    corpus = built.corpus_dir
    # many small reports: the first is committed within a second, the rest keep the build going
    for n in range(200):
        (corpus / f"副本{n:03d}-珠晖区总工会补充说明.txt").write_text(
            f"珠晖区总工会2022年补充说明第{n}号\n一、说明\n2022年其他支出{1000 + n}元。\n", encoding="utf-8")
    current = (built.index_dir / CURRENT).read_text()
    exe = Path(sys.executable).with_name("reportqa")
    proc = subprocess.Popen([str(exe), "--config", str(ROOT / "config.toml"), "--corpus", str(corpus),
                             "--index", str(built.index_dir), "index", "--full", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        # Kill once the new generation holds at least one committed report: truly mid-way.
        while _building_docs(built.index_dir) < 1:
            assert proc.poll() is None, f"build finished before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "no building generation appeared"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert list(built.index_dir.glob("gen-*.building"))
    assert (built.index_dir / CURRENT).read_text() == current

    result = run_cli(built, "search", "珠晖区困难职工帮扶", "-k", "3", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert "298000元" in hits[0]["text"] and hits[0]["source"] == ZHUHUI
    assert_consistent(built)

    for copy in corpus.glob("副本*"):
        copy.unlink()
    result = run_cli(built, "index", "--quiet")
    assert result.exit_code == 0, result.output
    assert "2 unchanged" in result.stdout
    assert not list(built.index_dir.glob("*.building"))
    assert (built.index_dir / CURRENT).read_text() == current
