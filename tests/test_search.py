"""index/search.py: hybrid retrieval over the indexed corpus — short Chinese terms through full-text,
report filters, and a LiveIndex that follows re-indexes."""
from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import threading

import pytest

from helpers import CONFIG, NANYUE, ZHUHUI, make_config
from index.build import build_index
from index.config import load_config
from index.errors import NoIndex
from index.search import LiveIndex
from index.tokens import fts_query


@pytest.fixture(scope="module")
def index(corpus_index):
    return LiveIndex(corpus_index)


def doc_id(index, source):
    return index.store.conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()[0]


def chunks_containing(index, term):
    return {r[0] for r in index.store.conn.execute(
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id "
        "WHERE instr(c.text, ?) OR instr(c.section, ?) OR instr(d.title, ?)", (term, term, term))}


@pytest.mark.parametrize("term", ["编制", "三公"])
def test_two_character_terms_are_found_by_full_text(index, term):
    expected = chunks_containing(index, term)
    assert expected, f"{term} is in the corpus"
    lexical = index.search(term, k=50, mode="lexical")
    assert {h.chunk_id for h in lexical} == expected  # every chunk with the term, and only those
    hybrid = index.search(term, k=3)
    assert hybrid[0].lexical_rank is not None and term in hybrid[0].text  # the full-text match counts


def test_full_text_uses_the_fts_index(index):
    plan = " ".join(r[-1] for r in index.store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", (fts_query(["编制"]),)))
    assert "VIRTUAL TABLE INDEX" in plan


def test_three_public_expenses_question(index):
    hits = index.search("南岳区“三公”经费支出情况", k=5)
    assert hits[0].source == NANYUE and "三公" in hits[0].text


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_doc_filter_restricts_results(index, mode):
    nanyue, zhuhui = doc_id(index, NANYUE), doc_id(index, ZHUHUI)
    unfiltered = index.search("珠晖区困难职工帮扶支出", k=5, mode=mode)
    assert unfiltered[0].doc_id == zhuhui
    hits = index.search("珠晖区困难职工帮扶支出", k=5, doc_ids=[nanyue], mode=mode)
    assert hits and all(h.doc_id == nanyue and h.source == NANYUE for h in hits)
    both = index.search("困难职工帮扶", k=40, doc_ids=[nanyue, zhuhui], mode=mode)
    assert {h.doc_id for h in both} == {nanyue, zhuhui}


def test_hybrid_puts_the_298000_chunk_first(index):
    hit = index.search("珠晖区困难职工帮扶", k=5)[0]
    assert "298000元" in hit.text and hit.lexical_rank is not None and hit.dense_rank is not None
    assert hit.section.endswith("（二）困难职工帮扶方面")


def test_live_index_follows_a_reindex(corpus_copy, tmp_path):
    config = corpus_copy
    live = LiveIndex(config)
    query = "衡山县总工会职工法律援助支出"
    assert all(h.source in (ZHUHUI, NANYUE) for h in live.search(query, k=5))
    generation = live.generation

    new = tmp_path / "corpus" / "衡山县总工会2023年部门预算.txt"
    new.write_text("衡山县总工会2023年部门预算\n一、部门概况\n衡山县总工会2023年职工法律援助支出56000元。\n",
                   encoding="utf-8")
    assert build_index(config).added == [new.name]
    hits = live.search(query, k=5)  # same object, not reopened by the caller
    assert hits[0].source == new.name and "56000元" in hits[0].text
    assert live.search("法律援助", k=5, mode="lexical")[0].source == new.name
    assert live.generation == generation  # an incremental build stays in the same generation

    new.unlink()
    assert build_index(config).removed == [new.name]
    assert all(h.source != new.name for h in live.search(query, k=10))
    with pytest.raises(sqlite3.OperationalError):  # readers never write
        live.store.conn.execute("DELETE FROM chunks")


def test_questions_embed_outside_the_lock(corpus_index):
    """Answer threads encode side by side: while a question is being embedded, another thread can take
    the lock (which guards only the swap and the reading of the snapshot)."""
    live = LiveIndex(corpus_index)
    real = live.embedder
    free_while_embedding = []

    class Observed:
        dim = real.dim

        def embed(self, texts):
            probe = threading.Thread(target=lambda: free_while_embedding.append(
                live.lock.acquire(blocking=False) and (live.lock.release() or True)))
            probe.start()
            probe.join()
            return real.embed(texts)

    live._embedder = Observed()
    hits = live.search("珠晖区困难职工帮扶", k=3)
    assert free_while_embedding == [True] and "298000元" in hits[0].text


def qdrant_config(tmp_path, corpus):
    """The repository's config.toml with `[vectors] backend = "qdrant"` (local mode: a folder in the index)."""
    text = CONFIG.read_text(encoding="utf-8")
    assert 'backend = "faiss"' in text
    path = tmp_path / "config.toml"
    path.write_text(text.replace('backend = "faiss"', 'backend = "qdrant"'), encoding="utf-8")
    config = load_config(path, corpus=corpus, index=tmp_path / "index")
    # The model cache stays the repository's, as every other test's: [embedding] cache is relative to
    # this copy's folder, where the build would export the model to ONNX and write jieba's table anew
    # (6 s of CPU, none of it about Qdrant).
    return dataclasses.replace(config, model_cache=make_config(tmp_path, corpus).model_cache)


def test_the_whole_pipeline_on_qdrant(tmp_path, corpus_index):
    """Build, search, follow an incremental re-index: the same answers as FAISS, vectors in Qdrant."""
    shutil.copytree(corpus_index.corpus_dir, tmp_path / "corpus")
    config = qdrant_config(tmp_path, tmp_path / "corpus")
    summary = build_index(config)
    assert summary.rebuilt and len(summary.added) == 2
    live, faiss_live = LiveIndex(config), LiveIndex(corpus_index)
    assert live.vectors.name == f"reportqa-{live.generation.name}" and live.vectors.count() == summary.chunks
    assert (tmp_path / "index" / "qdrant").is_dir()

    for query in ("珠晖区困难职工帮扶", "南岳区“三公”经费支出情况", "工会经费收入"):
        vector = faiss_live.embedder.embed([query])[0]
        for mode in ("dense", "hybrid"):
            on_qdrant = [(h.source, h.start) for h in live.search(query, k=8, vector=vector, mode=mode)]
            on_faiss = [(h.source, h.start) for h in faiss_live.search(query, k=8, vector=vector, mode=mode)]
            assert on_qdrant == on_faiss, (query, mode)
    nanyue = doc_id(live, NANYUE)
    assert {h.doc_id for h in live.search("困难职工帮扶", k=10, doc_ids=[nanyue], mode="dense")} == {nanyue}

    new = tmp_path / "corpus" / "衡山县总工会2023年部门预算.txt"
    new.write_text("衡山县总工会2023年部门预算\n一、部门概况\n衡山县总工会2023年职工法律援助支出56000元。\n",
                   encoding="utf-8")
    assert build_index(config).added == [new.name]
    hits = live.search("衡山县总工会职工法律援助支出", k=3, mode="dense")
    assert hits[0].source == new.name and "56000元" in hits[0].text
    new.unlink()
    after = build_index(config)
    assert after.removed == [new.name] and live.vectors.count() == after.chunks
    assert all(h.source != new.name for h in live.search("衡山县总工会职工法律援助支出", k=10))

    switched = make_config(tmp_path, tmp_path / "corpus")  # back to FAISS: the index must be rebuilt
    with pytest.raises(NoIndex, match="keeps its vectors in qdrant local reportqa.*run `reportqa index`"):
        LiveIndex(switched)
