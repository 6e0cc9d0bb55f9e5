"""Chunk vectors in Qdrant (qdrant-client): a local folder, or a Qdrant server or cluster.

`[vectors] backend = "qdrant"`. With `url` empty the vectors live in `<index>/qdrant` (qdrant-client's
local mode: one process at a time, no server); ":memory:" keeps them in the process (tests); an
http(s) URL uses that server, with the API key from $QDRANT_API_KEY.

Each generation has its own collection, `<collection>-gen-000007`, whose name is what the store's
meta records and what readers search, so a reader's SQLite and vectors always belong together. When a
rebuilt generation goes live, publish() switches the alias `<collection>` to its collection (the
generation flip, for anything outside reportqa that reads the live vectors by one name) and drops the
collections of generations before the one it replaced.

Incremental builds change the live collection in place (Qdrant has no versioned files): a build killed
before its SQLite commit can leave the vectors of the files it was changing out of step with their rows
until the next `reportqa index`, which redoes exactly those files because their rows are unchanged.
"""
from __future__ import annotations

import atexit
import os
import threading
from contextlib import nullcontext
from pathlib import Path
from typing import Sequence

import numpy as np
from qdrant_client import QdrantClient, models

from .config import VectorSettings
from .errors import NoIndex, ReportQAError
from .vectors import VectorIndex

BATCH = 512  # points per upsert request

# Local mode locks its folder for one client, so a process keeps one client per location and shares
# it between the build and the readers; the lock serialises them (local mode is not thread-safe).
_local: dict[str, tuple[QdrantClient, threading.Lock]] = {}
_local_guard = threading.Lock()


@atexit.register
def _close_local() -> None:
    """Close local clients while the interpreter can still import (their __del__ at exit cannot)."""
    with _local_guard:
        for client, _ in _local.values():
            client.close()
        _local.clear()


def _connect(settings: VectorSettings, index_dir: Path) -> tuple[QdrantClient, threading.Lock | None]:
    url = settings.url.strip()
    if url.startswith(("http://", "https://")):
        return QdrantClient(url=url, api_key=os.environ.get("QDRANT_API_KEY") or None,
                            check_compatibility=False), None
    if url not in ("", ":memory:"):
        raise ReportQAError(f"[vectors] url = {url!r}: expected an http(s) URL, \"\" (a local folder) "
                            "or \":memory:\"")
    location = url or str((index_dir / "qdrant").resolve())
    with _local_guard:
        if location not in _local:
            try:
                client = (QdrantClient(location=":memory:") if location == ":memory:" else
                          QdrantClient(path=location, force_disable_check_same_thread=True))
            except RuntimeError:  # the folder lock is held by another process
                raise ReportQAError(
                    f"the Qdrant folder {location} is in use by another process: local mode serves one "
                    "process at a time; set [vectors] url to a Qdrant server to index while the bot runs"
                ) from None
            _local[location] = (client, threading.Lock())
        return _local[location]


def _collection_of(settings: VectorSettings, generation: Path) -> str:
    return f"{settings.collection}-{generation.name.removesuffix('.building')}"


class QdrantVectors(VectorIndex):
    def __init__(self, settings: VectorSettings, client: QdrantClient, lock: threading.Lock | None,
                 name: str, dim: int):
        self.settings = settings
        self.client = client
        self._lock = lock
        self.name = name
        self._dim = dim

    def _guard(self):
        return self._lock if self._lock is not None else nullcontext()

    @classmethod
    def create(cls, settings: VectorSettings, generation: Path, dim: int) -> "QdrantVectors":
        client, lock = _connect(settings, generation.parent)
        name = _collection_of(settings, generation)
        with lock or nullcontext():
            try:
                if client.collection_exists(name):  # left by a build killed before it published
                    client.delete_collection(name)
                client.create_collection(name, vectors_config=models.VectorParams(
                    size=dim, distance=models.Distance.DOT))  # normalised vectors: dot = cosine
            except Exception as e:  # connection refused, bad API key, …: one line, not a traceback
                raise ReportQAError(f"Qdrant at {settings.url or 'local'}: cannot create {name} "
                                    f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})") from None
        return cls(settings, client, lock, name, dim)

    @classmethod
    def load(cls, settings: VectorSettings, generation: Path, name: str) -> "QdrantVectors":
        client, lock = _connect(settings, generation.parent)
        with lock or nullcontext():
            try:
                exists = client.collection_exists(name)
                dim = client.get_collection(name).config.params.vectors.size if exists else 0
            except Exception as e:
                raise ReportQAError(f"Qdrant at {settings.url or 'local'}: cannot read {name} "
                                    f"({type(e).__name__})") from None
        if not exists:
            raise NoIndex(f"the Qdrant collection {name} of the index at {generation} is missing: "
                          "run `reportqa index --full`")
        return cls(settings, client, lock, name, dim)

    @property
    def dim(self) -> int:
        return self._dim

    def count(self) -> int:
        with self._guard():
            return self.client.count(self.name, exact=True).count

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        ids = [int(i) for i in ids]
        for at in range(0, len(ids), BATCH):
            batch = models.Batch(ids=ids[at:at + BATCH],
                                 vectors=np.asarray(vectors[at:at + BATCH], dtype="float32").tolist())
            with self._guard():
                self.client.upsert(self.name, points=batch, wait=True)

    def remove(self, ids: Sequence[int]) -> None:
        if len(ids):
            with self._guard():
                self.client.delete(self.name, points_selector=models.PointIdsList(
                    points=[int(i) for i in ids]), wait=True)

    def search(self, vector: np.ndarray, k: int,
               ids: Sequence[int] | None = None) -> tuple[list[int], list[float]]:
        if k <= 0 or (ids is not None and len(ids) == 0):
            return [], []
        among = None if ids is None else models.Filter(must=[
            models.HasIdCondition(has_id=[int(i) for i in ids])])
        with self._guard():
            found = self.client.query_points(self.name, query=np.asarray(vector, dtype="float32").tolist(),
                                             query_filter=among, limit=k, with_payload=False).points
        return [int(p.id) for p in found], [float(p.score) for p in found]

    def save(self) -> str:
        return self.name  # every upsert and delete was acknowledged as written (wait=True)

    def publish(self) -> None:
        """Point the alias at this generation's collection in one request. The collection it replaces
        stays until the next rebuild, so a reader still on the old generation finishes its question
        (as with FAISS, whose old vectors stay in the reader's memory); older ones are dropped."""
        alias = self.settings.collection
        prefix = f"{alias}-gen-"
        with self._guard():
            current = {a.alias_name: a.collection_name for a in self.client.get_aliases().aliases}
            replaced = current.get(alias)
            switch = [models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=alias))
                      ] if replaced else []
            switch.append(models.CreateAliasOperation(create_alias=models.CreateAlias(
                collection_name=self.name, alias_name=alias)))
            self.client.update_collection_aliases(change_aliases_operations=switch)
            for c in self.client.get_collections().collections:
                if c.name.startswith(prefix) and c.name not in (self.name, replaced):
                    self.client.delete_collection(c.name)
