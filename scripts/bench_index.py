#!/usr/bin/env python
"""Benchmark indexing: a full build of a corpus in a temporary folder, then a no-op re-index.

A benchmark, not a test: it prints numbers (and a Markdown table for the README), it asserts nothing.
"""
from __future__ import annotations

import argparse
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from index.build import build_index  # noqa: E402
from index.config import load_config  # noqa: E402
from index.embedder import get_embedder  # noqa: E402
from index.pipeline import SUPPORTED  # noqa: E402
from bench_encoder import chunk_texts, encode_rate  # noqa: E402

REAL_REPORTS = ROOT.parent / "shared" / "real-reports"

EPILOG = """\
Example:
    .venv/bin/python scripts/bench_index.py
    .venv/bin/python scripts/bench_index.py --corpus ~/reports --runs 3

The bare encoder's chunks/s on the index's own chunk texts is measured in the same process after
the builds, so "build chunks/s ÷ bare encoder" is comparable across machines and loads.

Without --corpus it indexes corpus/ plus the PDFs in ../shared/real-reports (when present), copied
into a temporary folder; nothing under the project is written.
"""


def peak_rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def fill_corpus(target: Path, source: Path | None) -> list[Path]:
    target.mkdir(parents=True)
    if source is not None:
        if not source.is_dir():
            sys.exit(f"error: corpus folder not found: {source}")
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        for f in sorted((ROOT / "corpus").iterdir()):
            if f.is_file():
                shutil.copy(f, target / f.name)
        for pdf in sorted(REAL_REPORTS.glob("*.pdf")) if REAL_REPORTS.is_dir() else []:
            shutil.copy(pdf, target / pdf.name)
    return [p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark a full index build and a no-op re-index in a temporary folder.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=None,
                        help="Folder of reports to benchmark instead of corpus/ + ../shared/real-reports.")
    parser.add_argument("--config", type=Path, default=ROOT / "config.toml",
                        help="Configuration for model, chunking and batch size (default: config.toml).")
    parser.add_argument("--runs", type=int, default=1,
                        help="Full builds to run (each in a fresh index); the fastest is reported.")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="reportqa-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        files = fill_corpus(corpus, args.corpus)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        config = load_config(args.config, corpus=corpus, index=Path(tmp) / "index-0")
        print(f"{len(files)} report files, {size_mb:.1f} MB, model {config.model}, "
              f"chunks {config.chunk_size}/{config.chunk_overlap}", file=sys.stderr)

        t = time.perf_counter()
        get_embedder(config.model, config.batch_size, config.max_seq_length)  # once per process, timed alone
        model_load = time.perf_counter() - t

        best = None
        for run in range(max(1, args.runs)):
            config = load_config(args.config, corpus=corpus, index=Path(tmp) / f"index-{run}")
            summary = build_index(config)
            print(f"run {run + 1}: {summary.to_text()}", file=sys.stderr)
            if best is None or summary.seconds < best[0].seconds:
                best = (summary, config)
        summary, config = best
        noop = build_index(config)
        assert not noop.changed, noop.to_text()
        # the floor: the same model on the same chunk texts, in this process, with nothing else to do
        raw_rate = encode_rate(config, chunk_texts(config))

    indexed = len(summary.added)
    rows = [
        ("files indexed (skipped)", f"{indexed} ({len(summary.skipped)})"),
        ("input size", f"{size_mb:.1f} MB"),
        ("chunks / figures", f"{summary.chunks} / {summary.figures}"),
        ("full build", f"{summary.seconds:.1f} s"),
        ("files/s", f"{indexed / summary.seconds:.2f}"),
        ("chunks/s", f"{summary.chunks / summary.seconds:.1f}"),
        ("time spent embedding", f"{summary.embed_seconds / summary.seconds:.0%}"),
        ("embedding chunks/s", f"{summary.chunks / summary.embed_seconds:.1f}" if summary.embed_seconds else "-"),
        ("bare encoder chunks/s (same chunk texts)", f"{raw_rate:.1f}"),
        ("build chunks/s ÷ bare encoder", f"{summary.chunks / summary.seconds / raw_rate:.2f}×"),
        ("model load (once per process)", f"{model_load:.1f} s"),
        ("no-op re-index", f"{noop.seconds * 1000:.0f} ms"),
        ("peak memory (maxrss)", f"{peak_rss_mb():.0f} MB"),
    ]
    print(f"\nIndexing benchmark ({platform.machine()}, {platform.python_version()}, "
          f"model {config.model}, chunks {config.chunk_size}/{config.chunk_overlap}, CPU only)\n")
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    for name, reason in summary.skipped:
        print(f"\nskipped {name}: {reason}", file=sys.stderr)


if __name__ == "__main__":
    main()
