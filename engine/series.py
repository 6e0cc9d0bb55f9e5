"""Across years and reports: trends, rankings and totals (issue 12). Being built."""
from __future__ import annotations

from .model import Answer


def _not_yet(q) -> Answer:
    return Answer(question=q.text, found=False, kind=q.kind,
                  direct=f"未在已索引的报告中找到「{q.text}」所问的内容。")


def trend_answer(engine, v, q) -> Answer:
    return _not_yet(q)


def rank_answer(engine, v, q) -> Answer:
    return _not_yet(q)


def total_answer(engine, v, q) -> Answer:
    return _not_yet(q)
