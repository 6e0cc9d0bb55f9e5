"""index/embedder.py, index/onnx_export.py and index/wordfreq.py: the ONNX query encoder gives
sentence-transformers' vectors (its weights kept apart from the graph, bit for bit the same), the
query path stays free of torch and of jieba's whole dictionary (the lazy one cuts the same), and every
way the export can be missing falls back to sentence-transformers with one log line. Real model
(m3e-small), real index, real onnxruntime, jieba's real dictionary."""
from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import sqlite3
import subprocess
import sys

import jieba
import numpy as np
import pytest

from helpers import DATA, ROOT
from index.embedder import (Embedder, OnnxEmbedder, SentenceTransformerEmbedder, get_embedder,
                            query_embedder)
from index.location import DB_NAME, current_generation
from index.onnx_export import WEIGHTS, ExportImpossible, ensure_export, export_for_queries, keep_weights_apart
from index.search import LiveIndex
from index.wordfreq import LazyFreq, dictionary_file, use_lazy_dictionary, write_dictionary

HEAVY = {"torch", "sentence_transformers", "transformers", "sklearn", "langchain_text_splitters"}


def index_meta(config, key: str) -> str | None:
    db = sqlite3.connect(current_generation(config.index_dir) / DB_NAME)
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def chunk_texts(config) -> list[str]:
    """What the index embedded for each chunk: title and section path, then the text (Prepared.search_texts)."""
    db = sqlite3.connect(current_generation(config.index_dir) / DB_NAME)
    rows = db.execute("SELECT d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.doc_id "
                      "ORDER BY c.id").fetchall()
    return [f"{title} {section}\n{text}" for title, section, text in rows]


def model_of(config) -> SentenceTransformerEmbedder:
    """The model the builds loaded, called as they call it: get_embedder caches by its arguments as
    written, so get_embedder("m3e-small") alone would load a second copy (and evict one of the two kept)."""
    return get_embedder(config.model, config.batch_size, config.max_seq_length)


def questions(per_set: int = 8) -> list[str]:
    """A fixed sample of every question set in tests/data: `per_set` questions spread evenly over each
    (the sets grow; encoding all of them twice would cost more than the rest of this file)."""
    out = []
    for path in sorted(DATA.glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        step = max(1, len(lines) // per_set)
        out += [json.loads(line)["q"] for line in lines[::step][:per_set]]
    return out


@pytest.fixture(scope="module")
def export(corpus_index):
    """The export folder `reportqa index` wrote for the corpus index."""
    name = index_meta(corpus_index, "encoder")
    assert name, "the build recorded no ONNX export"
    return corpus_index.export_cache / name


def test_index_records_an_export_that_the_query_side_uses(corpus_index, export):
    assert (export / "model.onnx").is_file() and (export / "tokenizer.json").is_file()
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model"] == "m3e-small" and manifest["dim"] == 512 and manifest["pooling"] == "mean"
    embedder = LiveIndex(corpus_index).embedder
    assert isinstance(embedder, OnnxEmbedder) and isinstance(embedder, Embedder)
    assert embedder.folder == export


def test_onnx_vectors_match_sentence_transformers(corpus_index, export):
    chunks, qs = chunk_texts(corpus_index), questions()
    assert len(chunks) > 30 and len(qs) >= 8 * 18  # every set, the small index's every chunk
    st = model_of(corpus_index)
    onnx = OnnxEmbedder(export, threads=1)
    st_chunks, onnx_chunks = st.embed(chunks), onnx.embed(chunks)
    st_qs, onnx_qs = st.embed(qs), onnx.embed(qs)
    assert onnx_chunks.dtype == np.float32 and onnx_chunks.shape == st_chunks.shape
    assert np.allclose(np.linalg.norm(onnx_qs, axis=1), 1.0, atol=1e-5)
    assert (onnx_chunks * st_chunks).sum(axis=1).min() >= 0.9999
    assert (onnx_qs * st_qs).sum(axis=1).min() >= 0.9999
    # the same ten chunks, in the same order, for every question
    top_st = np.argsort(-(st_qs @ st_chunks.T), axis=1)[:, :10]
    top_onnx = np.argsort(-(onnx_qs @ onnx_chunks.T), axis=1)[:, :10]
    differing = [qs[i] for i in range(len(qs)) if list(top_st[i]) != list(top_onnx[i])]
    assert differing == []


def test_onnx_batching_and_truncation_do_not_change_vectors(export):
    onnx = OnnxEmbedder(export, batch_size=3)
    texts = ["短", "珠晖区困难职工帮扶支出多少", "预算执行率" * 300, "", "Budget 2024"]
    together = onnx.embed(texts)
    alone = np.vstack([onnx.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert onnx.embed([]).shape == (0, 512)
    # a shorter max_seq_length reads fewer tokens: the long text changes, the short ones do not
    short = OnnxEmbedder(export, max_seq_length=16).embed(texts)
    assert (short[2] * together[2]).sum() < 0.9999 and (short[1] * together[1]).sum() > 0.9999


def test_query_path_imports_stay_light(corpus_index):
    """ask in a fresh process: onnxruntime answers, and none of the heavy libraries is imported."""
    code = f"""
import sys
from index.config import load_config
from engine.answer import Engine
config = load_config({str(ROOT / 'config.toml')!r}, corpus={str(corpus_index.corpus_dir)!r},
                     index={str(corpus_index.index_dir)!r})
answer = Engine(config).ask("珠晖区困难职工帮扶支出多少")
assert answer.found, answer.text
assert "onnxruntime" in sys.modules
import jieba
from index.wordfreq import LazyFreq
assert isinstance(jieba.dt.FREQ, LazyFreq), "jieba loaded its whole dictionary"
assert "sqlite_utils" not in sys.modules, "a reader imported the migration helpers"
print(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(HEAVY)!r}))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_no_export_falls_back_to_sentence_transformers(caplog):
    with caplog.at_level(logging.WARNING, logger="index.embedder"):
        embedder = query_embedder("m3e-small", None)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "sentence-transformers" in warnings[0].getMessage()
    assert "names no ONNX export" in warnings[0].getMessage()


def test_export_of_another_model_or_a_missing_one_falls_back(export, tmp_path, caplog):
    other = tmp_path / "other"
    shutil.copytree(export, other)
    manifest = json.loads((other / "manifest.json").read_text(encoding="utf-8"))
    (other / "manifest.json").write_text(json.dumps({**manifest, "model": "bge-small"}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="index.embedder"):
        assert isinstance(query_embedder("m3e-small", other), SentenceTransformerEmbedder)
        assert isinstance(query_embedder("m3e-small", tmp_path / "gone"), SentenceTransformerEmbedder)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert "'bge-small', not 'm3e-small'" in messages[0] and "is missing" in messages[1]


def test_a_model_the_export_cannot_reproduce_is_refused(corpus_index, tmp_path, caplog):
    """A Dense layer after pooling is not in the ONNX graph: no export, one warning, fallback."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Dense

    base = model_of(corpus_index)
    embedder = SentenceTransformerEmbedder.__new__(SentenceTransformerEmbedder)
    embedder.__dict__.update(base.__dict__)
    embedder.model = SentenceTransformer(modules=[base.model[0], base.model[1], Dense(512, 128)], device="cpu")
    embedder.dim = 128
    with pytest.raises(ExportImpossible, match="Dense"):
        ensure_export(embedder, tmp_path / "cache")
    config = dataclasses.replace(corpus_index, model_cache=tmp_path / "cache")
    with caplog.at_level(logging.WARNING, logger="index.onnx_export"):
        assert export_for_queries(config, embedder) == ""
    assert len(caplog.records) == 1 and "cannot export" in caplog.records[0].getMessage()
    assert not any((tmp_path / "cache").iterdir())  # nothing half-written is left in the cache


def test_export_is_shared_and_not_redone(corpus_index, export):
    """Same model, same weights: the cache already holds it, so the folder is reused as it is."""
    before = (export / "model.onnx").stat().st_mtime_ns
    assert ensure_export(model_of(corpus_index), corpus_index.export_cache) == export
    assert (export / "model.onnx").stat().st_mtime_ns == before


def test_export_keeps_weights_apart_with_the_same_vectors(export, tmp_path):
    """The export's weights sit in model.onnx.data; an export from before (weights inside the graph)
    is converted in place and encodes exactly as before."""
    import onnx

    assert (export / WEIGHTS).is_file() and (export / "model.onnx").stat().st_size < 1_000_000
    inline = tmp_path / "inline"
    shutil.copytree(export, inline, ignore=shutil.ignore_patterns("model.onnx*"))
    onnx.save_model(onnx.load(str(export / "model.onnx")), str(inline / "model.onnx"))  # all in one file
    qs = questions()[:40]
    before = OnnxEmbedder(inline).embed(qs)
    keep_weights_apart(inline)
    assert (inline / WEIGHTS).is_file() and (inline / "model.onnx").stat().st_size < 1_000_000
    assert sorted(p.name for p in inline.iterdir()) == sorted(p.name for p in export.iterdir())
    assert np.array_equal(OnnxEmbedder(inline).embed(qs), before)


def test_lazy_dictionary_cuts_exactly_like_jieba(corpus_index):
    """Every question of every set and every chunk of the corpus index: the same words from the
    SQLite dictionary as from jieba's own, in both modes the project uses."""
    cache = corpus_index.export_cache
    assert write_dictionary(cache) == dictionary_file(cache) and dictionary_file(cache).is_file()
    lazy = jieba.Tokenizer()
    assert use_lazy_dictionary(cache, lazy) and isinstance(lazy.FREQ, LazyFreq)
    whole = jieba.Tokenizer()
    whole.initialize()
    texts = [json.loads(line)["q"] for path in sorted(DATA.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += chunk_texts(corpus_index)
    assert len(texts) > 500
    for cut in ("lcut", "lcut_for_search"):
        differing = [t for t in texts if getattr(lazy, cut)(t) != getattr(whole, cut)(t)]
        assert differing == [], cut
    assert len(lazy.FREQ._known) < len(whole.FREQ) / 10  # it looked up words, it did not load them all
    assert not use_lazy_dictionary(cache, whole)  # a tokenizer that loaded its dictionary keeps it


def test_without_the_dictionary_file_jieba_loads_its_own_and_caches_it_beside_the_model(tmp_path):
    tokenizer = jieba.Tokenizer()
    assert not use_lazy_dictionary(tmp_path, tokenizer)
    assert not tokenizer.initialized and tokenizer.tmp_dir == str(tmp_path)


def test_prepare_writes_what_answering_reads_before_any_index(corpus_index, export, tmp_path):
    """`reportqa prepare` (run by `make install`): the export an index would record and jieba's word table,
    in the model cache; asked again, it finds them there."""
    from click.testing import CliRunner

    from index.prepare import prepare_model
    from reportqa.cli import cli

    prepared = prepare_model(corpus_index)
    assert prepared.export == export and (export / "model.onnx").is_file()
    assert prepared.dictionary == dictionary_file(corpus_index.export_cache) and prepared.dictionary.is_file()
    result = CliRunner().invoke(cli, ["--config", str(ROOT / "config.toml"), "--corpus", str(tmp_path),
                                      "--index", str(tmp_path / "index"), "prepare"])
    assert result.exit_code == 0, result.output
    assert f"question encoder: {export}" in result.output and f"word table: {prepared.dictionary}" in result.output
