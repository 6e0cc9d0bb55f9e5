"""The FAISS index of chunk embeddings, keyed by chunk id (IndexIDMap2 over inner product).

Vectors are normalised, so inner product is cosine similarity. Each save writes a new file; the
SQLite meta row that names the current file is what makes a new version visible (see build.py).
"""
from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np


class Vectors:
    def __init__(self, index: faiss.Index):
        self.index = index

    @classmethod
    def new(cls, dim: int) -> "Vectors":
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)))

    @classmethod
    def load(cls, path: Path) -> "Vectors":
        return cls(faiss.read_index(str(path)))

    @property
    def dim(self) -> int:
        return self.index.d

    def __len__(self) -> int:
        return self.index.ntotal

    def add(self, ids: list[int], vectors: np.ndarray) -> None:
        if ids:
            self.index.add_with_ids(vectors, np.asarray(ids, dtype="int64"))

    def remove(self, ids: list[int]) -> None:
        if ids:
            self.index.remove_ids(np.asarray(ids, dtype="int64"))

    def search(self, vector: np.ndarray, k: int, among: list[int] | None = None) -> list[tuple[int, float]]:
        """(id, score) of the k nearest vectors, optionally only among the given ids."""
        pool = len(self) if among is None else len(among)
        if pool == 0:
            return []
        params = None
        if among is not None:
            ids = np.asarray(among, dtype="int64")
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(len(ids), faiss.swig_ptr(ids)))
        scores, found = self.index.search(vector.reshape(1, -1), min(k, pool), params=params)
        return [(int(i), float(s)) for i, s in zip(found[0], scores[0]) if i != -1]

    def save(self, path: Path) -> None:
        """Write to a temporary name, fsync, then rename: a killed save leaves no partial file."""
        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
