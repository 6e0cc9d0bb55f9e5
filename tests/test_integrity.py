"""index/integrity.py: a generation's files sealed with their size and SHA-256, checked before use;
SQLite opened only when it passes quick_check; the vectors counted against the chunks; every failure
one IndexCorrupt line that names what is wrong and how to rebuild. Real files and a real index copy."""
from __future__ import annotations

import json
import logging
import os
import sqlite3

import pytest

from helpers import garble_middle, generation_dir, vector_file
from index.errors import IndexCorrupt, NoIndex, ReportQAError
from index.integrity import (CHECKSUMS, REBUILD, check_generation, guard, load_vectors_checked, open_store,
                             seal, usable_generation, verify)
from index.location import DB_NAME
from index.store import Store


def one_line(e: pytest.ExceptionInfo) -> str:
    message = str(e.value)
    assert "\n" not in message and message.endswith(REBUILD), message
    return message


@pytest.fixture
def gen(tmp_path):
    """A generation folder with what a build leaves there: vector files, a database and its WAL,
    a temporary file and the sealed manifest."""
    g = tmp_path / "gen-000001"
    (g / "qdrant" / "collection").mkdir(parents=True)
    (g / "vectors-1.faiss").write_bytes(b"\x01" * 5000)
    (g / "qdrant" / "collection" / "segment.bin").write_bytes(b"\x02" * 8192)
    for unsealed in (DB_NAME, DB_NAME + "-wal", "x.tmp", ".lock"):
        (g / unsealed).write_bytes(b"changes all the time")
    seal(g)
    return g


def manifest(g) -> dict:
    return json.loads((g / CHECKSUMS).read_text(encoding="utf-8"))


def test_seal_records_every_file_but_the_database_and_temporary_ones(gen):
    m = manifest(gen)
    assert sorted(m) == ["qdrant/collection/segment.bin", "vectors-1.faiss"]
    import hashlib
    assert m["vectors-1.faiss"]["size"] == 5000
    assert m["vectors-1.faiss"]["sha256"] == hashlib.sha256(b"\x01" * 5000).hexdigest()
    assert not (gen / (CHECKSUMS + ".tmp")).exists()
    verify(gen)  # what was sealed verifies
    (gen / DB_NAME).write_bytes(b"the database is not sealed: quick_check covers it")
    verify(gen)


def test_a_changed_size_or_content_is_named(gen):
    (gen / "vectors-1.faiss").write_bytes(b"\x01" * 4000)
    with pytest.raises(IndexCorrupt) as e:
        verify(gen)
    assert "vectors-1.faiss is 4000 bytes, 5000 were written" in one_line(e)

    seal(gen)
    garble_middle(gen / "vectors-1.faiss")  # same size, other bytes
    with pytest.raises(IndexCorrupt) as e:
        verify(gen)
    assert f"the index at {gen} is damaged: vectors-1.faiss does not match its checksum" in one_line(e)


def test_verify_only_checks_the_named_file_or_folder(gen):
    garble_middle(gen / "qdrant" / "collection" / "segment.bin")
    verify(gen, only="vectors-1.faiss")  # the damage is elsewhere
    with pytest.raises(IndexCorrupt, match="segment.bin does not match"):
        verify(gen, only="qdrant")
    with pytest.raises(IndexCorrupt):
        verify(gen)


def test_a_sealed_file_gone_is_left_to_the_loader_and_no_manifest_is_not_checked(gen):
    (gen / "qdrant" / "collection" / "segment.bin").unlink()  # a pruned old version is gone by design
    verify(gen)
    (gen / CHECKSUMS).unlink()  # built before checksums existed
    (gen / "vectors-1.faiss").write_bytes(b"anything")
    verify(gen)


def test_an_unreadable_manifest_is_damage(gen):
    (gen / CHECKSUMS).write_bytes(b"\xff{not json")
    with pytest.raises(IndexCorrupt) as e:
        verify(gen)
    assert f"{CHECKSUMS} is unreadable" in one_line(e)


def test_reseal_reuses_entries_whose_size_and_mtime_kept(gen):
    """An incremental update hashes only what it wrote: a file with the same size and mtime keeps its
    entry (so a same-size rewrite that restores the mtime is caught at verify, not hidden by seal)."""
    path = gen / "vectors-1.faiss"
    st = path.stat()
    before = manifest(gen)["vectors-1.faiss"]
    path.write_bytes(b"\x07" * 5000)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    seal(gen)
    assert manifest(gen)["vectors-1.faiss"] == before
    with pytest.raises(IndexCorrupt, match="does not match its checksum"):
        verify(gen)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a real write moves the mtime
    seal(gen)
    assert manifest(gen)["vectors-1.faiss"]["sha256"] != before["sha256"]
    verify(gen)


def test_open_store_runs_quick_check(tmp_path):
    good = tmp_path / "good" / DB_NAME
    good.parent.mkdir()
    Store(good).close()
    store = open_store(good)
    assert store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    store.close()

    bad = tmp_path / "bad" / DB_NAME
    bad.parent.mkdir()
    bad.write_bytes(b"\x00garbage" * 4096)
    with pytest.raises(IndexCorrupt) as e:
        open_store(bad)
    assert f"the index at {bad.parent} is damaged" in one_line(e)


def test_guard_turns_library_errors_into_one_line(tmp_path):
    assert guard(tmp_path, "x", lambda: 42) == 42
    for error in (sqlite3.DatabaseError("file is not a database"), RuntimeError("Error in faiss\nread"),
                  OSError(5, "I/O error"), ValueError("bad"), EOFError()):
        def fail(error=error):
            raise error
        with pytest.raises(IndexCorrupt) as e:
            guard(tmp_path, "its vectors (v.faiss)", fail)
        assert f"its vectors (v.faiss) cannot be read ({type(error).__name__}" in one_line(e)

    def missing():
        raise NoIndex(f"vectors file {tmp_path}/v.faiss is missing.")
    with pytest.raises(IndexCorrupt, match="v.faiss is missing$"):  # a named error keeps its words
        guard(tmp_path, "its vectors", missing)

    def bug():
        raise KeyError("a bug is not damage")
    with pytest.raises(KeyError):
        guard(tmp_path, "x", bug)


# -- on a real index: the session's corpus index, copied ---------------------------------------------

def test_a_built_index_passes_and_its_vectors_number_its_chunks(corpus_copy):
    gen = generation_dir(corpus_copy)
    check_generation(corpus_copy, gen)
    assert usable_generation(corpus_copy, gen) == gen
    store = open_store(gen / DB_NAME, readonly=False)
    try:
        vectors = load_vectors_checked(corpus_copy.vectors, gen, vector_file(corpus_copy).name, store)
        chunks = store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        assert vectors.count() == chunks > 0
        vectors.close()
        with store.conn:  # a row the vectors do not have
            store.conn.execute("INSERT INTO chunks (doc_id, seq, section, start, end, text) "
                               "SELECT doc_id, seq + 1000, section, start, end, text FROM chunks LIMIT 1")
        with pytest.raises(IndexCorrupt) as e:
            load_vectors_checked(corpus_copy.vectors, gen, vector_file(corpus_copy).name, store)
        assert f"{chunks} vectors for {chunks + 1} chunks" in one_line(e)
    finally:
        store.close()


def test_a_damaged_index_is_rebuilt_not_updated(corpus_copy, caplog):
    gen = generation_dir(corpus_copy)
    garble_middle(vector_file(corpus_copy))
    with pytest.raises(IndexCorrupt, match="does not match its checksum"):
        check_generation(corpus_copy, gen)
    with caplog.at_level(logging.WARNING, logger="index.integrity"):
        assert usable_generation(corpus_copy, gen) is None
    (warning,) = [r.getMessage() for r in caplog.records]
    assert warning.endswith("rebuilding it from the corpus now") and "reportqa index --full" not in warning


def test_an_index_with_no_vectors_recorded_is_incomplete(corpus_copy):
    gen = generation_dir(corpus_copy)
    with sqlite3.connect(gen / DB_NAME) as db:
        db.execute("DELETE FROM meta WHERE key = 'vectors'")
    with pytest.raises(IndexCorrupt) as e:
        check_generation(corpus_copy, gen)
    assert "is incomplete (no vectors recorded)" in one_line(e)
    assert isinstance(e.value, NoIndex) and isinstance(e.value, ReportQAError)
