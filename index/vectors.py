"""Chunk vectors behind one small interface, in the shape of txtai's ANN, and FAISS behind it.

A VectorIndex holds one vector per chunk, keyed by chunk id. A build adds and removes, then save()
makes the contents durable as a new version and returns its name; the store records that name in
its meta row "vectors" in the same transaction as the rows, so readers see both or neither. prune()
drops the previous version once that transaction has committed; publish() runs when a rebuilt
generation goes live. Readers load(name) and search. Vectors are L2-normalised, so the inner product
every backend ranks by is cosine similarity.

Backends: "faiss" (here, the default: one file per version inside the generation folder) and
"qdrant" (qdrant_vectors.py: a local folder or a Qdrant server). `[vectors]` in config.toml picks one.
"""
from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Sequence

import faiss
import numpy as np

from .config import VectorSettings
from .errors import ConfigError, NoIndex

BACKENDS = ("faiss", "qdrant")


class VectorIndex(ABC):
    """Chunk vectors keyed by chunk id (see the module docstring for the life cycle)."""

    @classmethod
    @abstractmethod
    def create(cls, settings: VectorSettings, generation: Path, dim: int) -> "VectorIndex":
        """An empty index for a generation being built."""

    @classmethod
    @abstractmethod
    def load(cls, settings: VectorSettings, generation: Path, name: str) -> "VectorIndex":
        """The saved version `name` of a generation (NoIndex if it is gone)."""

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add one vector per id, for ids it does not hold yet."""

    @abstractmethod
    def remove(self, ids: Sequence[int]) -> None:
        """Drop the vectors of these ids; ids it does not hold are ignored."""

    @abstractmethod
    def search(self, vector: np.ndarray, k: int,
               ids: Sequence[int] | None = None) -> tuple[list[int], list[float]]:
        """The ids of the k nearest vectors and their scores, best first; only among `ids` if given."""

    @abstractmethod
    def save(self) -> str:
        """Make the contents durable as a new version; returns its name, for the store's meta."""

    def prune(self) -> None:
        """After the store points at the saved version: drop the version it replaced."""

    def publish(self) -> None:
        """After the generation this index belongs to went live (location.publish)."""

    def close(self) -> None:
        """Release what the index holds open."""


def backend_class(settings: VectorSettings) -> type[VectorIndex]:
    if settings.backend == "faiss":
        return FaissVectors
    if settings.backend == "qdrant":
        from .qdrant_vectors import QdrantVectors  # qdrant-client loads only when configured

        return QdrantVectors
    raise ConfigError(f"[vectors] backend = {settings.backend!r}: expected one of {', '.join(BACKENDS)}")


def create_vectors(settings: VectorSettings, generation: Path, dim: int) -> VectorIndex:
    return backend_class(settings).create(settings, generation, dim)


def load_vectors(settings: VectorSettings, generation: Path, name: str) -> VectorIndex:
    return backend_class(settings).load(settings, generation, name)


class FaissVectors(VectorIndex):
    """IndexIDMap2 over an exact inner-product index, one file per saved version:
    `vectors-N.faiss` in the generation folder, written beside the previous one."""

    FILE = re.compile(r"vectors-(\d+)\.faiss")

    def __init__(self, index: faiss.Index, folder: Path, version: int):
        self.index = index
        self.folder = folder
        self.version = version  # of the file loaded (0: none yet)
        self._previous: Path | None = None

    @classmethod
    def create(cls, settings: VectorSettings, generation: Path, dim: int) -> "FaissVectors":
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)), generation, 0)

    @classmethod
    def load(cls, settings: VectorSettings, generation: Path, name: str) -> "FaissVectors":
        match = cls.FILE.fullmatch(name)
        path = generation / name
        if not match or not path.exists():
            raise NoIndex(f"the vectors of the index at {generation} ({name}) are missing: "
                          "run `reportqa index --full`")
        return cls(faiss.read_index(str(path)), generation, int(match.group(1)))

    @property
    def dim(self) -> int:
        return self.index.d

    def count(self) -> int:
        return self.index.ntotal

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype="float32"),
                                    np.asarray(ids, dtype="int64"))

    def remove(self, ids: Sequence[int]) -> None:
        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype="int64"))

    def search(self, vector: np.ndarray, k: int,
               ids: Sequence[int] | None = None) -> tuple[list[int], list[float]]:
        pool = self.count() if ids is None else len(ids)
        if pool == 0 or k <= 0:
            return [], []
        params = None
        if ids is not None:
            among = np.asarray(ids, dtype="int64")
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(len(among), faiss.swig_ptr(among)))
        query = np.ascontiguousarray(vector, dtype="float32").reshape(1, -1)
        # One thread per answer thread, as the encoder has: an OpenMP team for one question spins and
        # waits on busy cores and takes them from the encoder (eval index on 2 loaded cores: 10 ms a
        # search instead of 0.05, and every question 1.4-2x slower). The setting is per thread.
        faiss.omp_set_num_threads(1)
        scores, found = self.index.search(query, min(k, pool), params=params)
        hits = [(int(i), float(s)) for i, s in zip(found[0], scores[0]) if i != -1]
        return [i for i, _ in hits], [s for _, s in hits]

    def save(self) -> str:
        """Write vectors-(N+1).faiss to a temporary name, fsync, rename: a killed save leaves no
        partial file, and the file readers use now stays until prune()."""
        path = self.folder / f"vectors-{self.version + 1}.faiss"
        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        if self.version:
            self._previous = self.folder / f"vectors-{self.version}.faiss"
        self.version += 1
        return path.name

    def prune(self) -> None:
        if self._previous is not None:
            self._previous.unlink(missing_ok=True)
            self._previous = None
