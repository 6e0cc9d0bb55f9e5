"""Scoring a question set in the shared/eval format (see shared/eval/README.md).

A figure question is right when the answer's first figure has the expected value, comes from the
expected report, its value_text is verbatim in its quote, and the answer text shows it.
"""
from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index.errors import ReportQAError


def load_questions(path: str | Path) -> list[dict]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            raise ReportQAError(f"{path}:{n}: not valid JSON ({e.msg})") from None
        if "q" not in item:
            raise ReportQAError(f"{path}:{n}: missing \"q\"")
        items.append(item)
    return items


def kind_of(item: dict) -> str:
    if item.get("found") is False:
        return "not_found"
    if "compare" in item:
        return "compare"
    if "series" in item or "total" in item:
        return "series"
    if "text" in item:
        return "text"
    return "figure"


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


# Units a question set may write either way: 名 counts people like 人; 台（套） is 台.
_UNIT_GROUPS = [{"人", "名"}, {"台", "套", "台/套"}, {"个", "个数"}]


def same_unit(got: str, expected: str | None) -> bool:
    got = re.sub(r"/.*$", "", got or "") if (got or "").startswith("元/") else got  # "元/人/天" is 元 a head
    return not expected or got == expected or any({got, expected} <= g for g in _UNIT_GROUPS)


def in_base(expected: dict) -> tuple[float, str | None]:
    """The expected value and unit in the index's base unit: a set may write a measure in 万 as printed
    ("value": 92.32, "unit": "万吨"), which the index keeps as 923200 吨 (money is written in 元)."""
    value, unit = expected["value"], expected.get("unit")
    scale = {"万": 1e4, "亿": 1e8}.get((unit or " ")[0])
    if scale and len(unit) > 1 and unit[1:] != "元":
        return value * scale, unit[1:]
    return value, unit


def same_figure(first: dict, item: dict) -> bool:
    """The expected value, or — from a table that states no unit — the expected number as printed."""
    if not first["unit"] and item.get("value_text"):
        return first["value_text"] == item["value_text"]
    value, unit = in_base(item)
    return close(first["value"], value) and same_unit(first["unit"], unit)


def from_report(entry: dict, doc: str) -> bool:
    return doc in entry["doc"] or doc in entry["source"]


def judge(item: dict, answer: dict) -> dict:
    """Per-question verdicts: right, right_report, cited (citation holds the number)."""
    kind = kind_of(item)
    verdict = {"kind": kind, "right": False, "right_report": None, "cited": None}
    if kind == "not_found":
        verdict["right"] = answer["found"] is False
    elif kind == "compare":
        verdict["right"] = answer["found"] and all(v in answer["answer"] for v in item["compare"])
    elif kind == "series" and item.get("kind") in ("trend", "rank", "total"):
        verdict.update(judge_series(item, answer))  # issue 12: across years and reports
    elif kind == "series":  # one point per part, year or report, in order; a missing part must say so
        got = answer.get("series") or []
        want = item["series"]
        years = [w.get("year") for w in want]
        if None not in years and len(set(years)) == len(years) and all(g.get("year") for g in got):
            # several years of one department come in year order, whatever order they were asked in
            by_year = {g["year"]: g for g in got}
            got = [by_year[y] for y in years if y in by_year] if len(by_year) == len(got) else got
        verdict["right"] = len(got) == len(want) and all(point_right(w, g) for g, w in zip(got, want))
    elif kind == "text":
        passages = [c for c in answer["citations"][:3] if from_report(c, item["doc"])]
        verdict["right_report"] = bool(passages)
        verdict["right"] = any(item["text"] in c["text"] for c in passages)
    else:
        first = answer["figures"][0] if answer["figures"] else None
        if first:
            verdict["right_report"] = from_report(first, item["doc"])
            verdict["cited"] = first["value_text"] in first["quote"]
            verdict["right"] = bool(answer["found"] and same_figure(first, item)
                                    and verdict["right_report"] and verdict["cited"]
                                    and first["value_text"] in answer["answer"])
        else:
            verdict["right_report"] = verdict["cited"] = False
    # The worst failure: a number presented as the answer that measures something else.
    verdict["found"] = bool(answer["found"])
    verdict["confident_wrong"] = bool(answer["found"] and not verdict["right"] and kind in ("figure", "not_found"))
    return verdict


def answer_points(answer: dict) -> list[dict]:
    """The answer's series, a comparison's ranked by value (it lists its reports in the question's
    order, or has no series: then its figures)."""
    if answer.get("series") and answer.get("kind") == "compare":
        found = [p for p in answer["series"] if p.get("found", True)]
        return sorted(found, key=lambda p: -p["value"]) + [p for p in answer["series"] if p not in found]
    if answer.get("series"):
        return answer["series"]
    if answer.get("kind") == "compare":
        return sorted(({"found": True, "value": f["value"], "unit": f["unit"], "doc": f["doc"],
                        "source": f["source"]} for f in answer["figures"]), key=lambda p: -p["value"])
    return []


def point_right(expected: dict, got: dict | None) -> bool:
    if expected.get("found") is False:
        return got is None or got.get("found") is False
    if got is None or got.get("found") is False:
        return False
    value, unit = in_base(expected)
    return (close(got["value"], value) and same_unit(got["unit"], unit)
            and (not expected.get("doc") or from_report({"doc": got.get("doc") or "", "source": got.get("source") or ""},
                                                         expected["doc"])))


def judge_series(item: dict, answer: dict) -> dict:
    """A series question: the expected points in order (a trend by year, a ranking by rank; `found:
    false` points must be reported missing), the total, and the reports named as lacking the figure.
    A found point with another value is confident-wrong, counted apart from a point left missing."""
    points = answer_points(answer)
    expected = item.get("series", [])
    if item.get("kind") == "trend" or any("year" in p and "doc" not in p for p in expected):
        by_year = {p.get("year"): p for p in points}
        got = [by_year.get(p.get("year")) for p in expected]
    else:  # a ranking or total: each expected report's point, wherever the answer put it
        found = [p for p in points if p.get("found", True)]
        got = [next((p for p in found if e.get("doc") and from_report(
            {"doc": p.get("doc") or "", "source": p.get("source") or ""}, e["doc"])), None) for e in expected]
        at = [found.index(g) for g in got if g is not None]
        if item.get("kind") == "rank" and at != sorted(at):  # the right reports out of rank order (a total has none)
            got = [found[n] if n < len(found) else None for n in range(len(expected))]
    right_points = [point_right(e, g) for e, g in zip(expected, got)]
    wrong = sum(1 for e, g in zip(expected, got) if g is not None and g.get("found", True) and e.get("found") is not False
                and not point_right(e, g)) + sum(1 for e, g in zip(expected, got)
                                                  if e.get("found") is False and g is not None and g.get("found", True))
    extra = 0 if item.get("kind") == "trend" else max(0, len([p for p in points if p.get("found", True)]) - len(expected))
    right = bool(expected) and all(right_points) and extra == 0
    if "total" in item:
        computed = answer.get("computed") or {}
        total_right = computed.get("total") is not None and close(computed["total"], item["total"]["value"]) \
            and same_unit(computed.get("unit", ""), item["total"].get("unit"))
        right = right and total_right if expected else total_right
        if computed.get("total") is not None and not total_right:
            wrong += 1
    for name in item.get("missing", []):
        right = right and name in answer["answer"]
    return {"right": right, "points": len(expected), "points_right": sum(right_points),
            "confident_wrong_points": wrong}


def retrieval_hit(engine, item: dict, k: int) -> bool | None:
    """Is a chunk of the right report holding the expected figure/text among the top k?"""
    if kind_of(item) not in ("figure", "text"):
        return None
    hits = engine.index.search(item["q"], k=k)
    needle = item.get("text")
    for h in hits:
        if item["doc"] not in h.title and item["doc"] not in h.source:
            continue
        if needle is None or needle in h.text:
            return True
    return False


@dataclass
class EvalReport:
    results: list[dict] = field(default_factory=list)

    def _rate(self, kinds: tuple[str, ...], key: str = "right") -> tuple[float | None, int]:
        rows = [r for r in self.results if r["kind"] in kinds and r[key] is not None]
        return (sum(bool(r[key]) for r in rows) / len(rows) if rows else None), len(rows)

    def summary(self) -> dict:
        lat = sorted(r["ms"] for r in self.results)
        p95 = lat[min(len(lat) - 1, int(math.ceil(0.95 * len(lat))) - 1)] if lat else None
        p50 = lat[(len(lat) - 1) // 2] if lat else None
        figure_acc, n_fig = self._rate(("figure",))
        report_rate, _ = self._rate(("figure", "text"), "right_report")
        cited, _ = self._rate(("figure",), "cited")
        nf, n_nf = self._rate(("not_found",))
        text, n_text = self._rate(("text",))
        comp, n_comp = self._rate(("compare",))
        recall, _ = self._rate(("figure", "text"), "retrieved")
        overall, n = self._rate(("figure", "text", "not_found", "compare", "series"))
        series, n_series = self._rate(("series",))
        series_rows = [r for r in self.results if r["kind"] == "series" and "points" in r]
        points = sum(r["points"] for r in series_rows)
        found = [r for r in self.results if r.get("found") and r["kind"] in ("figure", "not_found")]
        wrong = sum(1 for r in found if r.get("confident_wrong"))
        return {"questions": n, "overall_accuracy": overall,
                "exact_figure_accuracy": figure_acc, "figure_questions": n_fig,
                "right_report_rate": report_rate, "citation_holds_number": cited,
                "not_found_correct": nf, "not_found_questions": n_nf,
                "text_hit_rate": text, "text_questions": n_text,
                "compare_accuracy": comp, "compare_questions": n_comp,
                "series_accuracy": series, "series_questions": n_series,
                "series_point_accuracy": (sum(r.get("points_right", 0) for r in series_rows) / points
                                          if points else None),
                "series_points": points,
                "series_confident_wrong": sum(r.get("confident_wrong_points", 0) for r in series_rows),
                "retrieval_recall_at_k": recall,
                "confident_wrong": wrong, "found_answers": len(found),
                "confident_wrong_rate": wrong / len(found) if found else None,
                "latency_ms_mean": sum(lat) / len(lat) if lat else None, "latency_ms_p50": p50,
                "latency_ms_p95": p95}

    def to_dict(self, failures: bool = False) -> dict:
        out = self.summary()
        if failures:
            out["failures"] = [r for r in self.results if not r["right"]]
        return out

    def to_text(self, failures: bool = False) -> str:
        s = self.summary()

        def pct(v):
            return "-" if v is None else f"{100 * v:.1f}%"
        lines = [
            f"questions               {s['questions']}",
            f"overall accuracy        {pct(s['overall_accuracy'])}",
            f"exact-figure accuracy   {pct(s['exact_figure_accuracy'])}  ({s['figure_questions']} figure questions)",
            f"right-report rate       {pct(s['right_report_rate'])}",
            f"citation holds number   {pct(s['citation_holds_number'])}",
            f"not-found correct       {pct(s['not_found_correct'])}  ({s['not_found_questions']})",
            f"confident wrong         {s['confident_wrong']} of {s['found_answers']} found answers "
            f"({pct(s['confident_wrong_rate'])})",
            f"text-question hit rate  {pct(s['text_hit_rate'])}  ({s['text_questions']})",
            f"comparison accuracy     {pct(s['compare_accuracy'])}  ({s['compare_questions']})",
            f"series accuracy         {pct(s['series_accuracy'])}  ({s['series_questions']}; trend/rank/total "
            f"points {pct(s['series_point_accuracy'])} of {s['series_points']}, "
            f"confident-wrong points {s['series_confident_wrong']})",
            f"retrieval recall@k      {pct(s['retrieval_recall_at_k'])}",
            f"latency mean / p50 / p95  {s['latency_ms_mean'] or 0:.1f} / {s['latency_ms_p50'] or 0:.1f} / "
            f"{s['latency_ms_p95'] or 0:.1f} ms",
        ]
        if failures:
            for r in self.results:
                if not r["right"]:
                    lines.append(f"✗ {r['q']}  expected {r['expected']}  got: {r['got']}")
        return "\n".join(lines)


def evaluate(engine, items: list[dict], k: int = 5, retrieval: bool = True) -> EvalReport:
    """Ask every item and judge it; with `retrieval`, also search each figure/text question again for
    retrieval recall@k (a second search per question: callers that do not read it can skip it)."""
    engine.load()
    report = EvalReport()
    for item in items:
        t = time.perf_counter()
        # a question with 今年/去年 means the year it was asked in ("asked": "2026-11-28")
        asked = date.fromisoformat(item["asked"]) if item.get("asked") else None
        answer = engine.ask(item["q"], today=asked).to_dict()
        ms = (time.perf_counter() - t) * 1000
        verdict = judge(item, answer)
        verdict["retrieved"] = retrieval_hit(engine, item, k) if retrieval else None
        first = answer["figures"][0] if answer["figures"] else None
        got = (f"{first['value_text']} ({first['label']}, {first['source']})" if first
               else answer["direct"][:60])
        if verdict["kind"] == "series":
            got = "; ".join(f"{p.get('label')}={p.get('value')}" for p in answer_points(answer)) or answer["direct"][:60]
        expected = {k: v for k, v in item.items() if k not in ("q", "asked")}
        report.results.append({"q": item["q"], "ms": ms, "expected": expected, "got": got, **verdict})
    return report
