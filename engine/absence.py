"""A report's own statement that it had none of what was asked ("无“三公”经费支出", "当年度无…支出"):
an answer of 0 that quotes the statement, found only when no figure answers."""
from __future__ import annotations

import re

from index.search import Hit

from .model import FigureHit
from .question import Question
from .reports import ReportCatalog
from .scoring import coverage


_ABSENCE = re.compile(r"(?:无(?!锡|论|法|需|关|偿)|没有|未发生|未安排|未列支|未开支)[“\"‘'「]?[^，。；;,\n]{1,16}")
_QUOTES = re.compile(r"[“”\"'‘’「」]")


def absence(q: Question, hits: list[Hit], catalog: ReportCatalog) -> FigureHit | None:
    """A report's own statement that it had none of what was asked ("无“三公”经费支出"), as a
    figure of 0 quoting it. Every content word of the metric must be in the statement."""
    if not q.content_words or q.change or q.unit == "percent":
        return None
    for h in hits:
        for m in _ABSENCE.finditer(h.text):
            plain = _QUOTES.sub("", m.group())
            covered, missing = coverage(q.content_words, plain)
            if missing:
                continue
            sent_start = max(h.text.rfind(c, 0, m.start()) for c in "。；\n") + 1
            ends = [i for i in (h.text.find(c, m.end()) for c in "。；\n") if i >= 0]
            sentence = h.text[sent_start: (min(ends) + 1 if ends else len(h.text))].strip()
            report = catalog.reports.get(h.doc_id)
            unit = "元" if q.unit == "money" or q.unit is None else ("" if q.unit == "count" else q.unit)
            return FigureHit(label=_QUOTES.sub("", m.group()), value_text=m.group(), value=0.0, unit=unit,
                             doc=h.title, source=h.source, quote=sentence, section=h.section,
                             year=report.year if report else None, qualifier="absent", score=0.0,
                             doc_id=h.doc_id, chunk_id=h.chunk_id, start=h.start + m.start())
    return None
