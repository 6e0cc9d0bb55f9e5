"""Incremental, crash-safe indexing of corpus/ into SQLite + chunk vectors (FAISS or Qdrant, vectors.py).

- Only new or changed files (by content hash) are parsed and embedded; size+mtime spare re-hashing.
- Removed files leave SQLite, the full-text tables and FAISS in one transaction.
- A different model or chunking setting (or --full) builds a new generation beside the old one and
  flips to it atomically (location.py). Incremental changes are one SQLite transaction, and the vectors
  version they point at is saved before that transaction commits, so a kill at any point leaves the
  previous index whole.
- A file that cannot be read is skipped with a reason; an earlier readable version stays indexed.
"""
from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .config import Config
from .embedder import get_embedder
from .errors import ReportQAError, UnreadableFile
from .integrity import seal, usable_generation
from .location import (DB_NAME, PIPELINE_VERSION, build_lock, current_generation, next_generation, publish,
                       sweep_unfinished)
from .onnx_export import ensure_query_export, export_for_queries
from .pipeline import SUPPORTED, Prepared, embed_report, file_hash, read_report, stamp_of
from .readahead import ReadAhead
from .store import Store
from .vectors import VectorIndex, create_vectors, load_vectors
from .wordfreq import write_dictionary

log = logging.getLogger(__name__)


class BuildError(ReportQAError):
    """The build was refused (e.g. --strict with unreadable files); the old index is untouched."""


@dataclass
class BuildSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    chunks: int = 0
    figures: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    embed_seconds: float = 0.0
    wait_seconds: float = 0.0  # the encoder idle, waiting for the next file to be parsed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict:
        return {"added": len(self.added), "updated": len(self.updated), "removed": len(self.removed),
                "skipped": [{"file": n, "reason": r} for n, r in self.skipped], "unchanged": self.unchanged,
                "chunks": self.chunks, "figures": self.figures, "seconds": round(self.seconds, 3),
                "embed_seconds": round(self.embed_seconds, 3), "wait_seconds": round(self.wait_seconds, 3),
                "rebuilt": self.rebuilt}

    def to_text(self) -> str:
        lines = [
            f"{'rebuilt' if self.rebuilt else 'indexed'}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped, {self.unchanged} unchanged; "
            f"{self.chunks} chunks, {self.figures} figures in the index; {self.seconds:.1f}s"
        ]
        lines += [f"skipped {name}: {reason}" for name, reason in self.skipped]
        return "\n".join(lines)


def settings_of(config: Config) -> dict[str, str]:
    return {"model": config.model, "max_seq_length": str(config.max_seq_length or ""),
            "chunk_size": str(config.chunk_size),
            "chunk_overlap": str(config.chunk_overlap), "pipeline": PIPELINE_VERSION,
            "vector_backend": config.vectors.describe()}


def scan_corpus(corpus_dir: Path) -> tuple[dict[str, Path], list[tuple[str, str]]]:
    """Report files by their path relative to the corpus, and unsupported files with a reason."""
    if not corpus_dir.is_dir():
        raise ReportQAError(f"corpus folder not found: {corpus_dir}")
    files: dict[str, Path] = {}
    unsupported: list[tuple[str, str]] = []
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() == ".toml":  # sidecars belong to their report
            continue
        if path.suffix.lower() in SUPPORTED:
            files[str(rel)] = path
        else:
            unsupported.append((str(rel), f"unsupported file type {path.suffix or '(none)'}; "
                                          f"use {', '.join(sorted(SUPPORTED))}"))
    return files, unsupported


def inspect_file(path: Path, config: Config) -> dict:
    """Read one file without indexing it: what would be extracted, or UnreadableFile."""
    if path.suffix.lower() not in SUPPORTED:
        raise UnreadableFile(f"{path.name}: unsupported file type; use {', '.join(sorted(SUPPORTED))}")
    prepared = read_report(path, path.name, config)
    return {**prepared.meta.as_dict(), "figures": len(prepared.figures), "chunks": len(prepared.chunks)}


def build_index(config: Config, full: bool = False, strict: bool = False,
                progress: bool = False) -> BuildSummary:
    started = time.perf_counter()
    index_dir = config.index_dir
    with build_lock(index_dir):
        sweep_unfinished(index_dir)
        files, unsupported = scan_corpus(config.corpus_dir)
        summary = BuildSummary(skipped=list(unsupported))
        gen = current_generation(index_dir)
        if gen is not None and not full:
            gen = usable_generation(config, gen)  # None when damaged: rebuilt from the corpus
        store = Store(gen / DB_NAME) if gen else None
        try:
            rebuild = full or store is None or any(
                store.get_meta(k) != v for k, v in settings_of(config).items())
            if rebuild:
                if store is not None:
                    store.close()
                    store = None
                _rebuild(config, files, summary, strict, progress)
            else:
                _update(config, gen, store, files, summary, strict, progress)
        finally:
            if store is not None:
                store.close()
    summary.seconds = time.perf_counter() - started
    log.info(summary.to_text())
    return summary


def _changes(store: Store | None, files: dict[str, Path]) -> tuple[dict[str, str], list[str], list[str], list[str], dict[str, str]]:
    """Hashes of new/changed files; the added, updated and removed sources; and fresh stamps of
    files whose content turned out unchanged (touched only)."""
    known = {} if store is None else store.document_versions()
    hashes: dict[str, str] = {}
    added, updated = [], []
    touched: dict[str, str] = {}
    for source, path in files.items():
        old = known.get(source)
        stamp = stamp_of(path)
        if old is not None and old[1] == stamp:
            continue
        digest = file_hash(path)
        if old is None:
            added.append(source)
        elif old[0] != digest:
            updated.append(source)
        else:
            touched[source] = stamp
            continue
        hashes[source] = digest
    removed = [s for s in known if s not in files]
    return hashes, added, updated, removed, touched


def _prepare(config: Config, files: dict[str, Path], sources: list[str], hashes: dict[str, str],
             summary: BuildSummary, progress: bool):
    """Parse and embed each source: an iterator of Prepared that records unreadable ones as skipped.
    Parsing starts now, in a worker process (readahead.py), beside whatever the caller does next."""
    reader = ReadAhead(config, [(source, files[source], hashes.get(source)) for source in sources])
    return _embed_each(reader, config, summary, progress)


def _embed_each(reader: ReadAhead, config: Config, summary: BuildSummary, progress: bool):
    embedder = get_embedder(config.model, config.batch_size, config.max_seq_length) if len(reader) else None
    files = iter(tqdm(reader, total=len(reader), desc="indexing", unit="file",
                      disable=not progress or not len(reader)))
    while True:
        t = time.perf_counter()
        try:
            source, prepared = next(files)
        except StopIteration:
            break
        summary.wait_seconds += time.perf_counter() - t
        if isinstance(prepared, UnreadableFile):
            summary.skipped.append((source, str(prepared).split(": ", 1)[-1]))
            log.warning("skipped %s", prepared)
            continue
        t = time.perf_counter()
        embed_report(prepared, embedder)
        summary.embed_seconds += time.perf_counter() - t
        yield prepared


def _insert(store: Store, vectors: VectorIndex, prepared: Prepared) -> None:
    ids = store.insert_document(prepared.doc_row(), prepared.chunk_rows(), prepared.figures,
                                prepared.search_texts())
    vectors.add(ids, prepared.vectors)


def _refuse_if_strict(strict: bool, summary: BuildSummary) -> None:
    if strict and summary.skipped:
        names = ", ".join(f"{n} ({r})" for n, r in summary.skipped)
        raise BuildError(f"--strict: {len(summary.skipped)} file(s) could not be indexed: {names}")


def _rebuild(config: Config, files: dict[str, Path], summary: BuildSummary, strict: bool,
             progress: bool) -> None:
    """Fill a new generation (invisible until published), committing as it goes."""
    summary.rebuilt = True
    building = next_generation(config.index_dir)
    store = Store(building / DB_NAME)
    try:
        hashes, added, _, _, _ = _changes(None, files)
        prepared_files = _prepare(config, files, added, hashes, summary, progress)  # reading starts…
        embedder = get_embedder(config.model, config.batch_size, config.max_seq_length)  # …as this loads
        vectors = create_vectors(config.vectors, building, embedder.dim)
        for prepared in prepared_files:
            with store.conn:
                _insert(store, vectors, prepared)
            summary.added.append(prepared.source)
        _refuse_if_strict(strict, summary)
        name = vectors.save()
        seal(building)  # checksums of the vector files, verified when the index is opened
        with store.conn:
            for key, value in settings_of(config).items():
                store.set_meta(key, value)
            store.set_meta("vectors", name)
            store.set_meta("encoder", export_for_queries(config, embedder))
        _dictionary_for_questions(config)
        _count(store, summary)
        store.checkpoint()
    finally:
        store.close()
    publish(config.index_dir, building)
    vectors.publish()


def _update(config: Config, gen: Path, store: Store, files: dict[str, Path], summary: BuildSummary,
            strict: bool, progress: bool) -> None:
    """Apply added/changed/removed files to the live generation in one transaction."""
    hashes, added, updated, removed, touched = _changes(store, files)
    ensure_query_export(config, store)  # an index from before ONNX exports gets one, once
    _dictionary_for_questions(config)
    summary.unchanged = len(files) - len(added) - len(updated)
    prepared = list(_prepare(config, files, added + updated, hashes, summary, progress))
    _refuse_if_strict(strict, summary)
    if not prepared and not removed:
        if touched:  # same content, new mtime: remember the stamp so the next run skips reading it
            with store.conn:
                store.set_stamps(touched)
        _count(store, summary)
        return
    vectors = load_vectors(config.vectors, gen, store.get_meta("vectors"))
    with store.conn:  # one transaction: readers see all of this build or none of it
        for source in removed:
            vectors.remove(store.delete_document(source))
        for p in prepared:
            vectors.remove(store.delete_document(p.source))
            _insert(store, vectors, p)
        store.set_meta("vectors", vectors.save())  # saved before the commit that points at it
        seal(gen)  # and checksummed before it, too (integrity.py)
        store.set_stamps(touched)
    vectors.prune()
    summary.added = [p.source for p in prepared if p.source in added]
    summary.updated = [p.source for p in prepared if p.source in updated]
    summary.removed = removed
    _count(store, summary)


def _dictionary_for_questions(config: Config) -> None:
    """jieba's dictionary as the answering side reads it (wordfreq.py), written once per model cache."""
    try:
        write_dictionary(config.export_cache)
    except (OSError, sqlite3.Error) as e:  # answering then loads jieba's whole dictionary: slower, same cuts
        log.warning("cannot write jieba's dictionary to %s (%s)", config.export_cache, e)


def _count(store: Store, summary: BuildSummary) -> None:
    counts = store.counts()
    summary.chunks, summary.figures = counts["chunks"], counts["figures"]
