#!/usr/bin/env python
"""Benchmark indexing: a full build of a corpus in a temporary folder, then a no-op re-index.

A benchmark, not a test: it prints numbers (and a Markdown table for the README), it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
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

The bare encoder's chunks/s on the index's own chunk texts is measured in the same process right
after each build, so "build chunks/s ÷ bare encoder" is comparable across machines and loads; each
run's ratio is printed with the load average around it.

Without --corpus it indexes corpus/ plus the PDFs in ../shared/real-reports (when present), copied
into a temporary folder; nothing under the project is written.
"""


def peak_rss_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _share(summary, name: str) -> str:
    """A part of the build's time as a share of it; "-" from code that does not time that part."""
    seconds = getattr(summary, name, None)
    return "-" if seconds is None else f"{seconds / summary.seconds:.0%}"


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
                        help="Full builds to run (each in a fresh index, each followed by the bare encoder); "
                             "the fastest is summarised, every run is listed.")
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

        runs = []
        for run in range(max(1, args.runs)):
            config = load_config(args.config, corpus=corpus, index=Path(tmp) / f"index-{run}")
            load_before = os.getloadavg()[0]
            summary = build_index(config)
            print(f"run {run + 1}: {summary.to_text()}", file=sys.stderr)
            # the floor: the same model on the same chunk texts, in this process, with nothing else
            # to do, measured right after each build so that both see about the same machine load
            raw_rate = encode_rate(config, chunk_texts(config))
            runs.append((summary, raw_rate, load_before, os.getloadavg()[0]))
            print(f"run {run + 1}: bare encoder {raw_rate:.1f} chunks/s, build ÷ bare "
                  f"{summary.chunks / summary.seconds / raw_rate:.2f}×", file=sys.stderr)
        summary, raw_rate, _, _ = min(runs, key=lambda r: r[0].seconds)
        noop = build_index(config)
        assert not noop.changed, noop.to_text()

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
        ("time waiting for the next file's parse", _share(summary, "wait_seconds")),
        ("bare encoder chunks/s (same chunk texts)", f"{raw_rate:.1f}"),
        ("build chunks/s ÷ bare encoder", f"{summary.chunks / summary.seconds / raw_rate:.2f}×"),
        ("model load (once per process)", f"{model_load:.1f} s"),
        ("no-op re-index", f"{noop.seconds * 1000:.0f} ms"),
        ("peak memory (maxrss)", f"{peak_rss_mb():.0f} MB"),
    ]
    print(f"\nIndexing benchmark ({platform.machine()}, {platform.python_version()}, "
          f"model {config.model}, chunks {config.chunk_size}/{config.chunk_overlap}, CPU only; "
          f"the fastest of {len(runs)} build(s))\n")
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print("\nEach build beside the bare encoder measured right after it (load: 1-minute load average "
          "before the build → after the bare encoder):\n")
    print("| run | full build | chunks/s | time embedding | time waiting for parses | embedding chunks/s in "
          "the build | bare encoder chunks/s | build ÷ bare encoder | embedding ÷ bare encoder | load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for run, (s, raw, load_from, load_to) in enumerate(runs, 1):
        embed_rate = s.chunks / s.embed_seconds if s.embed_seconds else float("nan")
        print(f"| {run} | {s.seconds:.1f} s | {s.chunks / s.seconds:.1f} | {s.embed_seconds / s.seconds:.0%} | "
              f"{_share(s, 'wait_seconds')} | {embed_rate:.1f} | {raw:.1f} | **{s.chunks / s.seconds / raw:.2f}×** | "
              f"{embed_rate / raw:.2f}× | {load_from:.1f} → {load_to:.1f} |")
    for name, reason in summary.skipped:
        print(f"\nskipped {name}: {reason}", file=sys.stderr)


if __name__ == "__main__":
    main()
