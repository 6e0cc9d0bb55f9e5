#!/usr/bin/env python
"""Latency of trends, rankings and totals (issue 12), warm, and the chart's own time.

On a generated corpus (scripts/make_corpus.py; N reports generated and indexed into WORK unless they
are there) or an index already built (--index, as bench_scale.py runs it), asks in one warm process:
trends of departments with several years of budgets ("<department>2019到2025年三公经费预算怎么变"),
rankings over a department type across every place and over every department of a year ("各财政局的
三公经费预算排个序", "2023年各部门的三公经费预算排名": the widest questions, capped at MAX_RANKED
departments) and totals over a department type ("各财政局的三公经费预算加起来多少"). Prints, per kind,
p50/p95 of the answers (chart excluded) and of drawing their charts, as JSON. --questions-out writes
the questions asked (JSON Lines with "q"), so the bare encoder can be timed on the same ones.

Examples:
    .venv/bin/python scripts/bench_series.py 100 --work /tmp/series100
    .venv/bin/python scripts/bench_series.py --config C.toml --corpus c10000 --index i10000
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


def questions_for(catalog, count: int) -> dict[str, list[str]]:
    """Trend, ranking and total questions over the departments the catalog holds."""
    from engine.series import dept_name

    years_of: dict[str, set[int]] = defaultdict(set)
    regions_of: dict[str, set[str]] = defaultdict(set)
    budget_years: set[int] = set()
    for r in catalog.reports.values():
        if r.kind == "预算" and r.year:
            years_of[dept_name(r)].add(r.year)
            budget_years.add(r.year)
            if r.org:
                regions_of[r.org].add(r.region or "")
    rng = random.Random(12)
    trend_depts = sorted(d for d, ys in years_of.items() if len(ys) >= 2)
    rng.shuffle(trend_depts)
    trends = [f"{d}{min(years_of[d])}到{max(years_of[d])}年三公经费预算怎么变" for d in trend_depts[:count]]
    types = sorted(org for org, regions in regions_of.items() if len(regions) >= 3)
    rng.shuffle(types)
    ranks = [f"各{org}的三公经费预算排个序" for org in types[:count // 2]]
    ranks += [f"{year}年各部门的三公经费预算排名" for year in sorted(budget_years)][:count - len(ranks)]
    totals = [f"各{org}的三公经费预算加起来多少" for org in types[:count // 2]]
    return {"trend": trends, "rank": ranks, "total": totals}


def timed(engine, questions: list[str]) -> dict:
    """Each question once, warm (the first is asked once before timing); then its chart drawn."""
    from engine import chart

    chart.png(engine.ask(questions[0]))  # warm: matplotlib and the font loaded before timing
    ms, chart_ms, found, kinds, points = [], [], 0, defaultdict(int), []
    for q in questions:
        t = time.perf_counter()
        answer = engine.ask(q)
        ms.append((time.perf_counter() - t) * 1000)
        kinds[answer.kind] += 1
        found += answer.found
        points.append(len(answer.series))
        t = time.perf_counter()
        if chart.png(answer) is not None:
            chart_ms.append((time.perf_counter() - t) * 1000)
    return {"questions": len(questions), "kinds": dict(kinds), "found": found,
            "points_mean": round(statistics.mean(points), 1) if points else 0,
            "p50_ms": round(pct(ms, 0.5), 1), "p95_ms": round(pct(ms, 0.95), 1),
            "chart_p50_ms": round(pct(chart_ms, 0.5), 1) if chart_ms else None,
            "chart_p95_ms": round(pct(chart_ms, 0.95), 1) if chart_ms else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", help="reports to generate into --work")
    ap.add_argument("--work", type=Path, help="where the generated corpus and its index go")
    ap.add_argument("--config", default=None, help="config.toml of an index already built")
    ap.add_argument("--corpus", type=Path, help="with --index: an index already built")
    ap.add_argument("--index", type=Path)
    ap.add_argument("--questions", type=int, default=40, help="questions of each kind")
    ap.add_argument("--questions-out", type=Path, help="write the questions asked here (JSON Lines)")
    args = ap.parse_args()
    if args.index is None:
        if args.n is None or args.work is None:
            ap.error("give N and --work, or --corpus and --index")
        args.corpus, args.index = args.work / "corpus", args.work / "index"
        if not args.corpus.exists():
            subprocess.run([sys.executable, "scripts/make_corpus.py", str(args.n), str(args.corpus)], check=True,
                           cwd=ROOT, capture_output=True)
        if not (args.index / "CURRENT").exists():
            subprocess.run([sys.executable, "-m", "reportqa.cli", "--corpus", str(args.corpus), "--index",
                            str(args.index), "index", "--quiet"], check=True, cwd=ROOT)

    from engine.answer import Engine
    from engine.series import MAX_RANKED
    from index.config import load_config

    engine = Engine(load_config(args.config, str(args.corpus), str(args.index))).load()
    catalog = engine.catalog()
    asked = questions_for(catalog, args.questions)
    if args.questions_out:
        args.questions_out.write_text("".join(json.dumps({"q": q, "kind": kind}, ensure_ascii=False) + "\n"
                                              for kind, qs in asked.items() for q in qs), encoding="utf-8")
    out = {"reports": len(catalog.reports), "max_ranked": MAX_RANKED}
    out |= {kind: timed(engine, qs) if qs else None for kind, qs in asked.items()}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
