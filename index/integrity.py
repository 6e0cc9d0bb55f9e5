"""Checking an index generation before it is used, so a damaged index is one clear line, not a
traceback or silently wrong answers.

- SQLite: the file opens as a database and `PRAGMA quick_check` passes (catches truncated and
  overwritten pages, which otherwise surface mid-question as "database disk image is malformed").
- Every other file of the generation (the vector files, whatever the backend keeps there) has its
  size and SHA-256 recorded in CHECKSUMS when a build writes it (seal), and is checked against it
  when the index is opened (verify): random bytes written into a FAISS file are caught even where
  FAISS would load them silently. The SQLite files are left out: they change with every commit and
  quick_check covers them.
- The vectors load, and hold one vector per row of the chunks table.

All failures are IndexCorrupt naming what is wrong and that `reportqa index --full` rebuilds it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar

from .errors import IndexCorrupt, ReportQAError

log = logging.getLogger(__name__)

CHECKSUMS = "CHECKSUMS"
REBUILD = "run `reportqa index --full` to rebuild it from the corpus"
T = TypeVar("T")


def _unsealed(path: Path) -> bool:
    """Files that are not checksummed: the checksum file itself, SQLite's, temporary files."""
    name = path.name
    return (name == CHECKSUMS or name.startswith(CHECKSUMS + ".") or name.endswith(".tmp")
            or ".db" in name or name.startswith("."))


def _files(generation: Path) -> list[Path]:
    return sorted(p for p in generation.rglob("*") if p.is_file() and not _unsealed(p))


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_manifest(generation: Path) -> dict[str, dict] | None:
    try:
        return json.loads((generation / CHECKSUMS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, OSError, UnicodeDecodeError) as e:
        raise IndexCorrupt(f"the index at {generation} is damaged: {CHECKSUMS} is unreadable "
                           f"({type(e).__name__}); {REBUILD}") from None


def seal(generation: Path) -> None:
    """Record size and SHA-256 of the generation's files, written atomically. Builds call it after
    writing vector files and before the commit that points at them. An entry whose file kept its
    size and mtime is reused, so an incremental update hashes only what it wrote."""
    old = _read_manifest(generation) or {}
    manifest = {}
    for path in _files(generation):
        name = str(path.relative_to(generation))
        st = path.stat()
        entry = old.get(name)
        if not (entry and entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns):
            entry = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": _digest(path)}
        manifest[name] = entry
    tmp = generation / (CHECKSUMS + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, generation / CHECKSUMS)


def verify(generation: Path, only: str | None = None) -> None:
    """Check the recorded files (or the one named `only`) against CHECKSUMS. A generation built
    before checksums existed has no CHECKSUMS and is not checked here; files recorded but gone are
    left to the loader (a pruned old version is gone by design)."""
    manifest = _read_manifest(generation)
    if manifest is None:
        return
    for name, entry in manifest.items():
        if only is not None and not (name == only or name.startswith(only.rstrip("/") + "/")):
            continue
        path = generation / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            continue
        if size != entry.get("size"):
            raise IndexCorrupt(f"the index at {generation} is damaged: {name} is {size} bytes, "
                               f"{entry.get('size')} were written; {REBUILD}")
        if _digest(path) != entry.get("sha256"):
            raise IndexCorrupt(f"the index at {generation} is damaged: {name} does not match its "
                               f"checksum; {REBUILD}")


def check_store(store, generation: Path) -> None:
    """The SQLite database opens and passes PRAGMA quick_check."""
    try:
        rows = [r[0] for r in store.conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as e:
        raise IndexCorrupt(f"the index at {generation} is damaged: its database cannot be read "
                           f"({e}); {REBUILD}") from None
    if rows != ["ok"]:
        raise IndexCorrupt(f"the index at {generation} is damaged: its database fails its integrity "
                           f"check ({'; '.join(map(str, rows[:2]))[:160]}); {REBUILD}")


def guard(generation: Path, what: str, action: Callable[[], T]) -> T:
    """Run `action` (opening or reading part of the index); a library error means damage."""
    try:
        return action()
    except IndexCorrupt:
        raise
    except ReportQAError as e:  # e.g. the vector file named by the database is missing
        raise IndexCorrupt(f"{e}".rstrip(".")) from None
    except (sqlite3.DatabaseError, RuntimeError, OSError, ValueError, EOFError) as e:
        detail = " ".join(str(e).split())[:160]
        raise IndexCorrupt(f"the index at {generation} is damaged: {what} cannot be read "
                           f"({type(e).__name__}: {detail}); {REBUILD}") from None


def open_store(path: Path, readonly: bool = True):
    """A Store on `path`, checked with quick_check; IndexCorrupt if it is not a usable database."""
    from .store import Store

    store = guard(path.parent, "its database", lambda: Store(path, readonly=readonly))
    try:
        check_store(store, path.parent)
    except IndexCorrupt:
        store.close()
        raise
    return store


def load_vectors_checked(settings, generation: Path, name: str, store):
    """The vectors `name` of a generation: checksums verified before loading, the load guarded,
    and the count matched against the chunks table."""
    from .vectors import load_vectors

    verify(generation, name)
    vectors = guard(generation, f"its vectors ({name})", lambda: load_vectors(settings, generation, name))
    chunks = guard(generation, "its database",
                   lambda: store.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    count = vectors.count()
    if count != chunks:
        raise IndexCorrupt(f"the index at {generation} is damaged: {count} vectors for {chunks} "
                           f"chunks; {REBUILD}")
    return vectors


def check_generation(config, generation: Path) -> None:
    """The whole check, as `reportqa index` runs it before updating a live index in place."""
    from .location import DB_NAME

    store = open_store(generation / DB_NAME)
    try:
        verify(generation)
        name = guard(generation, "its database", lambda: store.get_meta("vectors"))
        if name is None:
            raise IndexCorrupt(f"the index at {generation} is incomplete (no vectors recorded); {REBUILD}")
        vectors = load_vectors_checked(config.vectors, generation, name, store)
        vectors.close()
    finally:
        store.close()


def usable_generation(config, generation: Path) -> Path | None:
    """`generation` if it passes check_generation; None (and one WARNING line) if it is damaged,
    so `reportqa index` rebuilds from the corpus instead of updating a broken index."""
    try:
        check_generation(config, generation)
    except IndexCorrupt as e:
        log.warning("%s: rebuilding it from the corpus now", str(e).split("; run `reportqa", 1)[0])
        return None
    return generation
