#!/usr/bin/env python
"""Latency of trends and rankings (issue 12) on a generated corpus, warm, and the chart's own time.

Generates N reports with scripts/make_corpus.py (unless WORK already holds them), indexes them, then
asks, in one warm process: trend questions for departments with several years of budgets
("<department>2019到2025年三公经费预算怎么变") and ranking questions over a department type in one
year ("2023年各财政局的三公经费预算排个序", capped at MAX_RANKED reports). Prints p50/p95 of the
answers (chart excluded) and of drawing their charts, as JSON.

Example:
    .venv/bin/python scripts/bench_series.py 100 --work /tmp/series100
"""
from __future__ import annotations

import argparse
import json
import random
import re
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="reports to generate")
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--questions", type=int, default=40, help="questions of each kind")
    args = ap.parse_args()
    corpus, index = args.work / "corpus", args.work / "index"
    if not corpus.exists():
        subprocess.run([sys.executable, "scripts/make_corpus.py", str(args.n), str(corpus)], check=True, cwd=ROOT,
                       capture_output=True)
    if not (index / "CURRENT").exists():
        subprocess.run([sys.executable, "-m", "reportqa.cli", "--corpus", str(corpus), "--index", str(index),
                        "index", "--quiet"], check=True, cwd=ROOT)

    from engine import chart
    from engine.answer import Engine
    from engine.series import MAX_RANKED, dept_name
    from index.config import load_config

    engine = Engine(load_config(None, str(corpus), str(index))).load()
    catalog = engine.catalog()
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
    trends = [f"{d}{min(years_of[d])}到{max(years_of[d])}年三公经费预算怎么变" for d in trend_depts[:args.questions]]
    # a department type over every place, and every department of a year (the widest: capped)
    types = sorted(org for org, regions in regions_of.items() if len(regions) >= 3)
    rng.shuffle(types)
    ranks = [f"各{org}的三公经费预算排个序" for org in types[:args.questions // 2]]
    ranks += [f"{year}年各部门的三公经费预算排名" for year in sorted(budget_years)][:args.questions - len(ranks)]
    def run(questions: list[str]) -> dict:
        engine.ask(questions[0])  # warm
        ms, chart_ms, found, kinds, sizes = [], [], 0, defaultdict(int), []
        for q in questions:
            t = time.perf_counter()
            answer = engine.ask(q)
            ms.append((time.perf_counter() - t) * 1000)
            kinds[answer.kind] += 1
            found += answer.found
            sizes.append(len(answer.series))
            t = time.perf_counter()
            if chart.png(answer) is not None:
                chart_ms.append((time.perf_counter() - t) * 1000)
        return {"questions": len(questions), "kinds": dict(kinds), "found": found,
                "points_mean": statistics.mean(sizes) if sizes else 0,
                "p50_ms": round(pct(ms, 0.5), 1), "p95_ms": round(pct(ms, 0.95), 1),
                "chart_p50_ms": round(pct(chart_ms, 0.5), 1) if chart_ms else None,
                "chart_p95_ms": round(pct(chart_ms, 0.95), 1) if chart_ms else None}

    out = {"reports": len(catalog.reports), "max_ranked": MAX_RANKED,
           "trend": run(trends) if trends else None, "rank": run(ranks) if ranks else None}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
