#!/usr/bin/env python
"""CPU seconds the readers spend on a set of files, and a digest of what they return.

Reading (pdfplumber, in the build's read-ahead child) competes with the encoder for the cores, so
what counts is CPU seconds (time.process_time), not wall time. The digest is a sha256 of a canonical
JSON dump of read_blocks' result per file (each block's text, and a table's rows, unit and title; the
one-line reason for a file the reader refuses), so two versions of the reader can be shown to return
exactly the same thing. --base loads a reference copy of index/readers.py (say the committed one,
from `git show HEAD:index/readers.py > /tmp/old_readers.py`), --readers the copy under test (default:
the working tree's); the copies alternate file by file, --rounds times, in one process, so both are
measured under the same load. Files are read with the default [ingest] limits.

Example:
    .venv/bin/python scripts/bench_read.py --base /tmp/old_readers.py --rounds 2 --json /tmp/read.json
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import index  # noqa: E402,F401  (the package another readers.py's relative imports resolve in)
from index.config import ReadLimits  # noqa: E402
from index.errors import UnreadableFile  # noqa: E402

REAL = ROOT.parent / "shared/real-reports"
DEFAULT_INPUTS = [ROOT / "corpus", *sorted(REAL.glob("*.pdf")), *sorted((REAL / "wide").glob("*.pdf"))]


def load_readers(path: Path | None):
    """index.readers, or another copy of it loaded as a module of the index package."""
    if path is None:
        from index import readers
        return readers
    name = f"index._bench_{sum(n.startswith('index._bench_') for n in sys.modules)}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def list_files(inputs: list[Path], suffixes) -> list[Path]:
    """Files named, and the readable files directly inside folders named (not their subfolders)."""
    files = []
    for path in inputs:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
        elif path.is_file():
            files.append(path)
        else:
            sys.exit(f"bench_read: {path}: no such file or folder")
    return files


def canonical(blocks) -> list:
    return [{"text": b.text,
             "table": None if b.table is None else
             {"rows": b.table.rows, "unit": b.table.unit, "title": b.table.title}} for b in blocks]


def read_one(readers, path: Path, limits: ReadLimits) -> tuple[float, str]:
    """(CPU seconds, sha256) of one read."""
    start = time.process_time()
    try:
        blocks = readers.read_blocks(path, limits)
        seconds = time.process_time() - start
        result = canonical(blocks)
    except UnreadableFile as e:
        seconds = time.process_time() - start
        result = {"unreadable": str(e)}
    dump = json.dumps(result, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return seconds, hashlib.sha256(dump.encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path,
                        help="files or folders (default: corpus/, the PDFs in ../shared/real-reports and its wide/)")
    parser.add_argument("--readers", type=Path, help="the readers.py to measure (default: index/readers.py)")
    parser.add_argument("--base", type=Path, help="a reference readers.py to measure alternately and compare with")
    parser.add_argument("--rounds", type=int, default=1, help="times each version reads the whole set")
    parser.add_argument("--json", type=Path, help="write per-file seconds and digests here")
    args = parser.parse_args()
    for path in (args.readers, args.base):
        if path is not None and not path.is_file():
            sys.exit(f"bench_read: {path}: no such readers.py")
    if args.rounds < 1:
        sys.exit("bench_read: --rounds must be 1 or more")

    versions = {"new": load_readers(args.readers)}
    if args.base:
        versions["base"] = load_readers(args.base)
    files = list_files(args.inputs or DEFAULT_INPUTS, versions["new"].READERS)
    limits = ReadLimits()
    cpu = {v: {f: [] for f in files} for v in versions}
    digests = {v: {} for v in versions}
    for _ in range(args.rounds):
        for f in files:  # alternate per file, so load swings fall on both versions alike
            for v, readers in versions.items():
                seconds, digest = read_one(readers, f, limits)
                cpu[v][f].append(seconds)
                if digests[v].setdefault(f, digest) != digest:
                    print(f"  {f.name}: {v} returned different results on two reads")

    best = {v: {f: min(times) for f, times in cpu[v].items()} for v in versions}
    print(f"{'CPU seconds':60} " + " ".join(f"{v:>9}" for v in versions) + "  digest (new)")
    for f in sorted(files, key=lambda f: -best["new"][f]):
        same = "" if all(digests[v][f] == digests["new"][f] for v in versions) else "  DIFFERENT"
        print(f"{f.name[:60]:60} " + " ".join(f"{best[v][f]:9.2f}" for v in versions)
              + f"  {digests['new'][f][:16]}{same}")
    totals = {v: sum(best[v].values()) for v in versions}
    print(f"{'total CPU seconds (best of ' + str(args.rounds) + ')':60} "
          + " ".join(f"{totals[v]:9.2f}" for v in versions))
    whole = {v: hashlib.sha256("".join(digests[v][f] for f in files).encode()).hexdigest() for v in versions}
    print("set digest: " + ", ".join(f"{v} {whole[v][:16]}" for v in versions))
    if "base" in versions:
        differ = [f.name for f in files if digests["base"][f] != digests["new"][f]]
        print(f"base ÷ new CPU: {totals['base'] / totals['new']:.2f}×; "
              f"{len(files) - len(differ)}/{len(files)} files identical" + (f"; differ: {differ}" if differ else ""))
    if args.json:
        args.json.write_text(json.dumps(
            {v: {f.name: {"cpu": cpu[v][f], "sha256": digests[v][f]} for f in files} for v in versions},
            ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
