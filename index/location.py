"""Where the live index is: index_dir/CURRENT names a generation folder holding reportqa.db and the
FAISS files. A full rebuild fills a new generation and flips CURRENT with an atomic rename, so a
reader never sees a half-built index; a killed build leaves only a *.building folder, swept later.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from .errors import NoIndex

DB_NAME = "reportqa.db"
# Bump when reading, chunking or figure extraction changes what an index holds: forces a rebuild.
# Kept here, not in build.py, so the read side can check it without importing the write side.
PIPELINE_VERSION = "24"
CURRENT = "CURRENT"


def current_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    gen = index_dir / name
    return gen if (gen / DB_NAME).exists() else None


def require_generation(index_dir: Path) -> Path:
    gen = current_generation(index_dir)
    if gen is None:
        raise NoIndex(f"no index at {index_dir}: run `reportqa index` first")
    return gen


def current_stamp(index_dir: Path) -> tuple[int, int] | None:
    """Cheap change detector for readers: CURRENT's inode and mtime change on every flip."""
    try:
        st = os.stat(index_dir / CURRENT)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def next_generation(index_dir: Path) -> Path:
    numbers = [int(p.name.split("-")[1].split(".")[0]) for p in index_dir.glob("gen-*")
               if p.name.split("-")[1].split(".")[0].isdigit()]
    gen = index_dir / f"gen-{max(numbers, default=0) + 1:06d}.building"
    gen.mkdir(parents=True)
    return gen


def publish(index_dir: Path, building: Path) -> Path:
    """Rename the finished generation into place, flip CURRENT, and drop older generations."""
    final = building.with_name(building.name.removesuffix(".building"))
    os.replace(building, final)
    tmp = index_dir / (CURRENT + ".tmp")
    tmp.write_text(final.name, encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT)
    for old in index_dir.glob("gen-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final


def sweep_unfinished(index_dir: Path) -> None:
    """Remove what a killed build left behind. Only called while holding the build lock."""
    for leftover in index_dir.glob("gen-*.building"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def build_lock(index_dir: Path):
    """One build at a time per index (CLI, bot /reindex and uploads all come through here)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
