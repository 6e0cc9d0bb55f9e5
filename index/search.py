"""Hybrid retrieval over the live index: FTS5 (jieba tokens) and FAISS, fused by reciprocal rank.

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
from .embedder import Embedder, get_embedder
from .errors import NoIndex
from .location import DB_NAME, PIPELINE_VERSION, current_stamp, require_generation
from .store import Store
from .tokens import query_terms
from .vectors import Vectors

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


class LiveIndex:
    """The current generation, opened for reading and reopened when a build swaps in a new one."""

    def __init__(self, config: Config, embedder: Embedder | None = None):
        self.config = config
        self.lock = threading.RLock()  # one SQLite connection and FAISS index shared by threads
        self._embedder = embedder
        self.store: Store | None = None
        self.vectors: Vectors | None = None
        self._stamp = None
        self._data_version = None
        self._faiss_name = None
        self.generation: Path | None = None
        self.refresh()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            model = self.store.get_meta("model") if self.store else self.config.model
            length = self.store.get_meta("max_seq_length") if self.store else None
            self._embedder = get_embedder(model or self.config.model, self.config.batch_size,
                                          int(length) if length else None)
        return self._embedder

    def refresh(self) -> None:
        """Reopen if a build changed the index since the last call; cheap when nothing changed."""
        with self.lock:
            stamp = current_stamp(self.config.index_dir)
            if stamp != self._stamp or self.store is None:
                self._open(stamp)
                return
            version = self.store.conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._data_version = version
                self._load_vectors()

    def _open(self, stamp) -> None:
        gen = require_generation(self.config.index_dir)
        if self.store is not None:
            self.store.close()
        self.store = Store(gen / DB_NAME, readonly=True)
        self.generation = gen
        if self.store.get_meta("pipeline") != PIPELINE_VERSION:
            raise NoIndex(f"the index at {self.config.index_dir} was built by another version of "
                          "reportqa: run `reportqa index` to rebuild it")
        self._stamp = stamp
        self._data_version = self.store.conn.execute("PRAGMA data_version").fetchone()[0]
        self._faiss_name = None
        self._load_vectors()
        log.info("opened index %s", gen.name)

    def _load_vectors(self) -> None:
        name = self.store.get_meta("faiss")
        if name is None:
            raise NoIndex(f"index at {self.generation} is incomplete: run `reportqa index --full`")
        if name != self._faiss_name:
            self.vectors = Vectors.load(self.generation / name)
            self._faiss_name = name

    def dense(self, vector: np.ndarray, k: int, doc_ids: list[int] | None) -> list[tuple[int, float]]:
        among = None if doc_ids is None else self.store.chunk_ids_of(doc_ids)
        return self.vectors.search(vector, k, among)

    def search(self, query: str, k: int = 5, doc_ids: list[int] | None = None,
               vector: np.ndarray | None = None, mode: str = "hybrid") -> list[Hit]:
        """Top-k chunks for a query: "hybrid" (default), "lexical" or "dense"."""
        self.refresh()
        n = max(self.config.candidates, k)
        with self.lock:
            lexical = [] if mode == "dense" else self.store.search_chunks(query_terms(query), n, doc_ids)
            dense = []
            if mode != "lexical":
                if vector is None:
                    vector = self.embedder.embed([query])[0]
                dense = self.dense(vector, n, doc_ids)
            return self._fuse(lexical, dense, k)

    def _fuse(self, lexical, dense, k: int) -> list[Hit]:
        scores: dict[int, float] = {}
        lex_rank = {cid: r for r, (cid, _) in enumerate(lexical, 1)}
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense, 1)}
        for ranks in (lex_rank, dense_rank):
            for cid, r in ranks.items():
                scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + r)
        best = sorted(scores, key=scores.get, reverse=True)[:k]
        rows = self.store.chunks_by_id(best)
        return [Hit.from_row(rows[c], scores[c], lexical_rank=lex_rank.get(c), dense_rank=dense_rank.get(c))
                for c in best if c in rows]
