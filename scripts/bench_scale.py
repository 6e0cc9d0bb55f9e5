#!/usr/bin/env python
"""How reportqa holds up as the corpus grows: generated corpora of N reports, one table.

For each N it generates a corpus (scripts/make_corpus.py), then measures, each in a fresh process as
an operator would run it: the full build (time, share embedding, peak memory), a no-op re-index, a
one-file re-index, the index size on disk, start-up to first answer, warm p50/p95 latency and
exact-figure accuracy on the generated questions with the serving process's peak memory; and
trends, rankings and totals (issue 12, scripts/bench_series.py: warm p50/p95 per kind, chart
excluded, and the chart's own time). Beside them, the bare encoder on the same inputs
(bench_encoder.py): the query encoder on each generated question and on each series question, and
the index encoder on a sample of the index's chunk texts, so build and latency read as ratios.

Results are kept in WORK/results.json, so a size already measured is not measured again.

Examples:
    .venv/bin/python scripts/bench_scale.py --sizes 100 1000 --work /tmp/scale
    .venv/bin/python scripts/bench_scale.py --sizes 10000 --work /tmp/scale --series-only
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTQA = [sys.executable, "-m", "reportqa.cli"]
ENCODER = [sys.executable, str(ROOT / "scripts" / "bench_encoder.py")]
SERIES = [sys.executable, str(ROOT / "scripts" / "bench_series.py")]
SERIES_KINDS = ("trend", "rank", "total")
ENCODER_SAMPLE = 500  # chunk texts the bare index encoder is timed on (a rate; all of 10,000 reports would take an hour)


def run(args: list[str], **kw) -> tuple[str, float, float]:
    """Run a command; return stdout, wall seconds, and its peak memory in MB."""
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", *args], capture_output=True, text=True,
                         cwd=ROOT, **kw)
    seconds = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{out.stderr[-2000:]}")
    rss = next(int(line.split()[1]) for line in out.stderr.splitlines() if line.startswith("MAXRSS"))
    return out.stdout, seconds, rss / 1024


def size_mb(folder: Path) -> tuple[float, float]:
    gen = folder / (folder / "CURRENT").read_text().strip()
    db = sum(p.stat().st_size for p in gen.glob("reportqa.db*"))
    vec = sum(p.stat().st_size for p in gen.glob("*.faiss"))
    return db / 1e6, vec / 1e6


def config_for(work: Path, max_seq_length: int | None) -> Path:
    """The repo's config.toml, with the model's per-chunk token limit set when asked."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    # the project's model cache, so a build here reuses its ONNX export instead of timing a new one
    text = re.sub(r"(?m)^cache = .*\n", "", text)
    text = text.replace("[embedding]\n", f"[embedding]\ncache = {json.dumps(str(ROOT / 'data' / 'models'))}\n", 1)
    if max_seq_length:
        text = text.replace("[embedding]\n", f"[embedding]\nmax_seq_length = {max_seq_length}\n", 1)
    path = work / f"config-{max_seq_length or 'default'}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def measure(n: int, work: Path, max_seq_length: int | None = None) -> dict:
    corpus, index, questions = work / f"c{n}", work / f"i{n}", work / f"q{n}.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, "scripts/make_corpus.py", str(n), str(corpus),
                        "--questions", str(questions)], check=True, cwd=ROOT, capture_output=True)
    config = config_for(work, max_seq_length)
    cli = [*REPORTQA, "--config", str(config), "--corpus", str(corpus), "--index", str(index)]
    out, build_s, build_mb = run([*cli, "index", "--full", "--json"])
    build = json.loads(out)
    raw = json.loads(run([*ENCODER, "--config", str(config), "--index", str(index), "--sample",
                          str(ENCODER_SAMPLE)])[0])
    noop = json.loads(run([*cli, "index", "--json"])[0])
    one = sorted(corpus.glob("*.txt"))[n // 2]
    one.write_text(one.read_text(encoding="utf-8") + "\n本报告于年末修订。\n", encoding="utf-8")
    one_file = json.loads(run([*cli, "index", "--json"])[0])
    db_mb, faiss_mb = size_mb(index)
    return {
        "reports": n, "chunks": build["chunks"], "figures": build["figures"],
        "build_s": round(build_s, 1), "embed_share": build["embed_seconds"] / max(build["seconds"], 1e-9),
        "noop_s": noop["seconds"], "one_file_s": one_file["seconds"], "db_mb": db_mb, "faiss_mb": faiss_mb,
        "build_peak_mb": build_mb, "max_seq_length": max_seq_length,
        "encoder_chunks_per_s": raw["encoder_chunks_per_s"],
        "build_vs_encoder": build["chunks"] / max(build["seconds"], 1e-9) / raw["encoder_chunks_per_s"],
        **serve(cli, questions, config, index),
        "series": series(work, n, config, corpus, index),
    }


def serve(cli: list[str], questions: Path, config: Path, index: Path) -> dict:
    """The serving side: start-up to first answer, then the question set in one warm process, and
    the bare query encoder on the same questions."""
    first_q = json.loads(questions.read_text(encoding="utf-8").splitlines()[0])["q"]
    _, first_answer_s, _ = run([*cli, "ask", "--json", first_q])
    out, _, serve_mb = run([*cli, "eval", "--json", str(questions)])
    ev = json.loads(out)
    raw = json.loads(run([*ENCODER, "--config", str(config), "--index", str(index), "--questions",
                          str(questions), "--no-chunks"])[0])
    return {"serve_peak_mb": serve_mb, "first_answer_s": first_answer_s,
            "p50_ms": ev["latency_ms_p50"], "p95_ms": ev["latency_ms_p95"],
            "encode_ms_p50": raw["encode_ms_p50"], "p50_vs_encode": ev["latency_ms_p50"] / raw["encode_ms_p50"],
            "p95_vs_encode": ev["latency_ms_p95"] / raw["encode_ms_p95"],
            "accuracy": ev["exact_figure_accuracy"], "overall": ev["overall_accuracy"],
            "questions": ev["questions"]}


def series(work: Path, n: int, config: Path, corpus: Path, index: Path) -> dict:
    """Trends, rankings and totals in one warm process (bench_series.py), and the bare query
    encoder on the same questions: per kind p50/p95, chart excluded, as ms and as ratios."""
    asked = work / f"qseries{n}.jsonl"
    out, _, peak_mb = run([*SERIES, "--config", str(config), "--corpus", str(corpus), "--index", str(index),
                           "--questions-out", str(asked)])
    got = json.loads(out)
    raw = json.loads(run([*ENCODER, "--config", str(config), "--index", str(index), "--questions", str(asked),
                          "--no-chunks"])[0])
    result = {"peak_mb": peak_mb, "encode_ms_p50": raw["encode_ms_p50"], "encode_ms_p95": raw["encode_ms_p95"]}
    for kind in SERIES_KINDS:
        k = got.get(kind)
        if k:
            result[kind] = k | {"p50_vs_encode": k["p50_ms"] / raw["encode_ms_p50"],
                                "p95_vs_encode": k["p95_ms"] / raw["encode_ms_p95"]}
    return result


def series_table(rows: list[dict]) -> str:
    def ms(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f} ms"

    lines = ["| reports | kind | questions | points (mean) | warm p50 | warm p95 | p50 vs encoder | p95 vs encoder "
             "| chart p50 | chart p95 |", "|" + "---|" * 10]
    for r in rows:
        for kind in SERIES_KINDS:
            k = (r.get("series") or {}).get(kind)
            if k:
                lines.append(f"| {r['reports']:,} | {kind} | {k['questions']} | {k['points_mean']} | {k['p50_ms']:.0f} ms "
                             f"| {k['p95_ms']:.0f} ms | {k['p50_vs_encode']:.1f}× | {k['p95_vs_encode']:.1f}× "
                             f"| {ms(k['chart_p50_ms'])} | {ms(k['chart_p95_ms'])} |")
    encoder = [f"{r['reports']:,}: {r['series']['encode_ms_p50']:.1f} / {r['series']['encode_ms_p95']:.1f} ms"
               for r in rows if r.get("series")]
    return "\n".join(lines) + ("\n\nbare query encoder on the same questions, p50 / p95: " + "; ".join(encoder)
                               if encoder else "")


def table(rows: list[dict]) -> str:
    cols = [("reports", "{:,}"), ("max_seq_length", "{}"), ("chunks", "{:,}"), ("build_s", "{:.0f} s"), ("embed_share", "{:.0%}"),
            ("noop_s", "{:.2f} s"), ("one_file_s", "{:.2f} s"), ("db_mb", "{:.0f} MB"),
            ("faiss_mb", "{:.0f} MB"), ("build_peak_mb", "{:.0f} MB"), ("serve_peak_mb", "{:.0f} MB"),
            ("first_answer_s", "{:.1f} s"), ("p50_ms", "{:.0f} ms"), ("p95_ms", "{:.0f} ms"),
            ("accuracy", "{:.1%}"), ("encoder_chunks_per_s", "{:.1f}"), ("build_vs_encoder", "{:.2f}×"),
            ("encode_ms_p50", "{:.1f} ms"), ("p50_vs_encode", "{:.2f}×"), ("p95_vs_encode", "{:.2f}×")]
    ratios = {"embed_share", "accuracy", "build_vs_encoder", "p50_vs_encode", "p95_vs_encode"}

    def cell(r: dict, c: str, fmt: str) -> str:
        if c == "max_seq_length":
            return str(r.get(c) or "model's own")
        return "–" if r.get(c) is None else fmt.format(r[c])  # rows measured before a column existed

    lines = ["| " + " | ".join(c for c, _ in cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(cell(r, c, fmt) for c, fmt in cols) + " |")
    for a, b in zip(rows, rows[1:]):
        growth = [f"{c} ×{b[c] / a[c]:.1f}" for c, _ in cols[2:]
                  if a.get(c) and b.get(c) and c not in ratios]
        lines.append(f"\n{a['reports']:,} → {b['reports']:,}: " + ", ".join(growth))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportqa-scale"))
    parser.add_argument("--again", action="store_true", help="measure sizes already in results.json again")
    parser.add_argument("--serve-only", action="store_true",
                        help="re-measure only the serving side of sizes already built (idle machine)")
    parser.add_argument("--series-only", action="store_true",
                        help="measure only trends, rankings and totals on sizes already built (idle machine)")
    parser.add_argument("--max-seq-length", type=int, default=None,
                        help="tokens the model reads per chunk for these sizes (default: the model's own)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results_file = args.work / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    for n in args.sizes:
        if args.series_only:
            if not (args.work / f"i{n}" / "CURRENT").exists():
                print(f"{n:,} reports: no index in {args.work} yet, skipped", file=sys.stderr)
                continue
            r = results.setdefault(str(n), {"reports": n, "max_seq_length": args.max_seq_length})
            config = config_for(args.work, r.get("max_seq_length"))
            r["series"] = series(args.work, n, config, args.work / f"c{n}", args.work / f"i{n}")
            results_file.write_text(json.dumps(results, indent=1))
            continue
        if args.serve_only and str(n) in results:
            r = results[str(n)]
            config, index = config_for(args.work, r.get("max_seq_length")), args.work / f"i{n}"
            cli = [*REPORTQA, "--config", str(config), "--corpus", str(args.work / f"c{n}"), "--index", str(index)]
            r.update(serve(cli, args.work / f"q{n}.jsonl", config, index))
            results_file.write_text(json.dumps(results, indent=1))
            continue
        if str(n) in results and not args.again:
            continue
        print(f"measuring {n:,} reports…", file=sys.stderr, flush=True)
        results[str(n)] = measure(n, args.work, args.max_seq_length)
        results_file.write_text(json.dumps(results, indent=1))
    rows = [results[str(n)] for n in sorted(map(int, results))]
    print(table([r for r in rows if "build_s" in r]))
    print("\nTrends, rankings and totals (chart excluded; the chart's own time beside):\n")
    print(series_table(rows))


if __name__ == "__main__":
    main()
