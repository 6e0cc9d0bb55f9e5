"""Hybrid retrieval over the live index: FTS5 (jieba tokens) and the chunk vectors, fused by reciprocal rank.

LiveIndex opens the current generation read-only and notices, with a stat and a PRAGMA per query,
when a build has published a new one; it then reopens, so a long-running bot follows re-indexes.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import Config
from .embedder import Embedder, query_embedder
from .errors import IndexCorrupt, NoIndex
from .integrity import load_vectors_checked, open_store
from .location import DB_NAME, PIPELINE_VERSION, current_stamp, require_generation
from .store import Store
from .tokens import query_terms
from .vectors import VectorIndex
from .wordfreq import use_lazy_dictionary

log = logging.getLogger(__name__)

RRF_K = 60  # the usual reciprocal-rank constant: rank 1 → 1/61


@dataclass
class Hit:
    chunk_id: int
    doc_id: int
    title: str
    source: str
    section: str
    text: str
    start: int
    end: int
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None

    @classmethod
    def from_row(cls, row, score: float, **ranks) -> "Hit":
        """A hit from a chunks row joined with its document's title and source."""
        return cls(chunk_id=row["id"], doc_id=row["doc_id"], title=row["title"], source=row["source"],
                   section=row["section"], text=row["text"], start=row["start"], end=row["end"],
                   score=score, **ranks)

    def public(self, rank: int) -> dict:
        """What `reportqa search --json` prints for the hit at `rank` (1 = best); the keys are
        documented in README's command table."""
        return {"rank": rank, "score": round(self.score, 6), "doc": self.title, "source": self.source,
                "section": self.section, "text": self.text, "start": self.start, "end": self.end,
                "chunk_id": self.chunk_id, "doc_id": self.doc_id, "lexical_rank": self.lexical_rank,
                "dense_rank": self.dense_rank}


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the index: the store and the vectors of the same generation and
    commit. Taken under the lock, used without it; a later swap leaves it whole (the old connection
    closes when the last snapshot holding it is gone)."""

    store: Store
    vectors: VectorIndex
    generation: Path
    data_version: int


class LiveIndex:
    """The current generation, opened for reading and reopened when a build swaps in a new one.

    `lock` guards only the swap and the reading of the current snapshot: questions embed, search
    SQLite and search vectors outside it, so answer threads run side by side.
    """

    def __init__(self, config: Config, embedder: Embedder | None = None):
        self.config = config
        self.lock = threading.RLock()
        self._embedder = embedder
        self.store: Store | None = None
        self.vectors: VectorIndex | None = None
        self._stamp = None
        self._data_version = None
        self._vectors_name = None
        self.generation: Path | None = None
        self._bad_stamp = None  # a damaged generation we keep answering around
        # jieba reads its dictionary word by word from the model cache: no 1 s load before a question
        use_lazy_dictionary(config.export_cache)
        self.refresh()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            with self.lock:
                if self._embedder is None:
                    model = self.store.get_meta("model") if self.store else self.config.model
                    length = self.store.get_meta("max_seq_length") if self.store else None
                    export = self.store.get_meta("encoder") if self.store else None
                    # the ONNX export `reportqa index` wrote; sentence-transformers if there is none
                    self._embedder = query_embedder(model or self.config.model,
                                                    self.config.export_cache / export if export else None,
                                                    self.config.batch_size, int(length) if length else None,
                                                    self.config.query_threads)
        return self._embedder

    def refresh(self) -> None:
        """Reopen if a build changed the index since the last call; cheap when nothing changed."""
        with self.lock:
            stamp = current_stamp(self.config.index_dir)
            if stamp != self._stamp or self.store is None:
                self._open_or_keep(stamp)
                return
            version = self.store.data_version()
            if version != self._data_version:
                self._data_version = version
                try:
                    self._load_vectors()
                except IndexCorrupt as e:  # keep the vectors loaded before (integrity.py)
                    log.warning("%s; still searching the vectors loaded before", e)

    def _open_or_keep(self, stamp) -> None:
        """Open the generation CURRENT names; if it is damaged, keep serving the one open now."""
        if self.store is not None and stamp == self._bad_stamp:
            return
        kept = (self.store, self.vectors, self.generation, self._stamp, self._data_version, self._vectors_name)
        try:
            self._open(stamp)
        except IndexCorrupt as e:
            if kept[0] is None:
                raise
            (self.store, self.vectors, self.generation, self._stamp, self._data_version,
             self._vectors_name) = kept
            self._bad_stamp = stamp
            log.warning("%s; still answering from %s", e, self.generation.name)

    def snapshot(self) -> Snapshot:
        """The current store and vectors, after noticing any re-index."""
        with self.lock:
            self.refresh()
            return Snapshot(self.store, self.vectors, self.generation, self._data_version)

    def _open(self, stamp) -> None:
        gen = require_generation(self.config.index_dir)
        store = open_store(gen / DB_NAME)  # quick_check: IndexCorrupt when damaged
        if store.get_meta("pipeline") != PIPELINE_VERSION:
            store.close()
            raise NoIndex(f"the index at {self.config.index_dir} was built by another version of "
                          "reportqa: run `reportqa index` to rebuild it")
        built_with, configured = store.get_meta("vector_backend"), self.config.vectors.describe()
        if built_with != configured:
            store.close()
            raise NoIndex(f"the index at {self.config.index_dir} keeps its vectors in {built_with}, "
                          f"[vectors] says {configured}: run `reportqa index` to rebuild it")
        # The previous store is not closed here: a thread may still be reading its snapshot.
        self.store, self.generation = store, gen
        self._stamp = stamp
        self._data_version = store.data_version()
        self._vectors_name = None
        self._load_vectors()
        log.info("opened index %s", gen.name)

    def _load_vectors(self) -> None:
        name = self.store.get_meta("vectors")
        if name is None:
            raise NoIndex(f"index at {self.generation} is incomplete: run `reportqa index --full`")
        if name != self._vectors_name:
            self.vectors = load_vectors_checked(self.config.vectors, self.generation, name, self.store)
            self._vectors_name = name

    def search(self, query: str, k: int = 5, doc_ids: list[int] | None = None,
               vector: np.ndarray | None = None, mode: str = "hybrid") -> list[Hit]:
        """Top-k chunks for a query: "hybrid" (default), "lexical" or "dense"."""
        snap = self.snapshot()
        if mode != "lexical" and vector is None:
            vector = self.embedder.embed([query])[0]  # the slow part, outside the lock
        return search_snapshot(snap, query, k=max(k, 0), candidates=max(self.config.candidates, k),
                               doc_ids=doc_ids, vector=vector, mode=mode)


def search_snapshot(snap: Snapshot, query: str, k: int, candidates: int, doc_ids: list[int] | None,
                    vector: np.ndarray | None, mode: str = "hybrid") -> list[Hit]:
    """Hybrid (or lexical, or dense) retrieval in one snapshot, fused by reciprocal rank."""
    lexical = [] if mode == "dense" else snap.store.search_chunks(query_terms(query), candidates, doc_ids)
    dense: list[tuple[int, float]] = []
    if mode != "lexical":
        among = None if doc_ids is None else snap.store.chunk_ids_of(doc_ids)
        dense = list(zip(*snap.vectors.search(vector, candidates, among)))
    return _fuse(snap.store, lexical, dense, k)


def search_groups(snap: Snapshot, query: str, groups: list[list[int]], k: int, candidates: int,
                  vector: np.ndarray) -> list[list[Hit]]:
    """search_snapshot(doc_ids=group) for each group of reports (a ranking's departments, a trend's
    years), with one vector search over all their chunks, one read of their chunks' words and one
    of the chunks returned, instead of a search per group. A group's hits are the ones its own
    search gives: its chunks keep their order in the one ranking of all."""
    store = snap.store
    terms = query_terms(query)
    small = [n for n, g in enumerate(groups) if len(g) <= 40]  # larger groups: an FTS search each
    lexical = dict(zip(small, store.rank_in_doc_groups(terms, [groups[n] for n in small], candidates)))
    doc_of = store.chunk_docs(sorted({d for g in groups for d in g}))
    by_doc: dict[int, list[tuple[int, int]]] = {}  # report → its chunks' (rank among all, id), best first
    if doc_of:
        for rank, c in enumerate(snap.vectors.search(vector, len(doc_of), list(doc_of))[0]):
            by_doc.setdefault(doc_of[c], []).append((rank, c))
    fused = []
    for n, group in enumerate(groups):
        dense = sorted(x for d in set(group) for x in by_doc.get(d, [])[:candidates])[:candidates]
        lex = lexical[n] if n in lexical else store.search_chunks(terms, candidates, group)
        fused.append(_ranked(lex, [(c, 0.0) for _, c in dense], k))
    rows = store.chunks_by_id(sorted({c for best, *_ in fused for c in best}))
    return [_hits(rows, *f) for f in fused]


def _fuse(store: Store, lexical, dense, k: int) -> list[Hit]:
    best, scores, lex_rank, dense_rank = _ranked(lexical, dense, k)
    return _hits(store.chunks_by_id(best), best, scores, lex_rank, dense_rank)


def _ranked(lexical, dense, k: int):
    """The k best chunk ids by reciprocal-rank fusion, their scores and their rank in each list."""
    scores: dict[int, float] = {}
    lex_rank = {cid: r for r, (cid, _) in enumerate(lexical, 1)}
    dense_rank = {cid: r for r, (cid, _) in enumerate(dense, 1)}
    for ranks in (lex_rank, dense_rank):
        for cid, r in ranks.items():
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + r)
    best = sorted(scores, key=scores.get, reverse=True)[:k]
    return best, scores, lex_rank, dense_rank


def _hits(rows, best, scores, lex_rank, dense_rank) -> list[Hit]:
    return [Hit.from_row(rows[c], scores[c], lexical_rank=lex_rank.get(c), dense_rank=dense_rank.get(c))
            for c in best if c in rows]
