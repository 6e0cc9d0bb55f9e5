"""A report's own statement that it had none of what was asked ("无“三公”经费支出", "当年度无…支出"):
an answer of 0 that quotes the statement, found only when no figure answers."""
from __future__ import annotations

import re

from index.search import Hit

from .model import FigureHit
from .question import Question
from .reports import ReportCatalog
from .scoring import coverage
from .vocabulary import synonyms_of


# 无 that starts a word says nothing is absent: 生活无着 (destitute), 无障碍, 无人机, 无线, 无纸化 …
_ABSENCE = re.compile(r"(?:(?<!生活)无(?!锡|论|法|需|关|偿|着|障碍|人机|线|纸|息|形|公害|缝|损|菌|毒)|没有|未发生|未安排|未列支|未开支)"
                      r"[“\"‘'「]?[^，。；;,\n]{1,16}")
_QUOTES = re.compile(r"[“”\"'‘’「」]")


_FILLER = re.compile(r"^(?:无|没有|未发生|未安排|未列支|未开支)|支出|费用|经费|情况|的|安排|使用|当年度?|本年度?|预算|决算")


def _about_the_metric(q: Question, statement: str) -> bool:
    """The statement is about the asked metric, not about something that merely contains its
    words ("没有使用政府性基金预算拨款安排的支出" is no answer to "决算支出"): little is left of it once
    the metric's words and fillers are taken out."""
    rest = _FILLER.sub("", statement)
    for w in q.content_words:
        for form in sorted(synonyms_of(w), key=len, reverse=True):
            rest = rest.replace(form, "")
    return len(rest) <= 3


def absence(q: Question, hits: list[Hit], catalog: ReportCatalog) -> FigureHit | None:
    """A report's own statement that it had none of what was asked ("无“三公”经费支出"), as a
    figure of 0 quoting it. Every content word of the metric must be in the statement."""
    if not q.content_words or q.change or q.unit == "percent":
        return None
    for h in hits:
        for m in _ABSENCE.finditer(h.text):
            plain = _QUOTES.sub("", m.group())
            covered, missing = coverage(q.content_words, plain)
            if missing or not _about_the_metric(q, plain):
                continue
            # "三公经费调整预算": a statement of none spent says nothing of a stage it does not name
            if any(not carried.search(plain) for stage, carried in q.stages if stage != "执行数"):
                continue
            report = catalog.reports.get(h.doc_id)
            if q.budget_word == "决算" and report is not None and report.kind == "预算":
                continue  # a budget's "没有…支出" says nothing of the final accounts
            sent_start = max(h.text.rfind(c, 0, m.start()) for c in "。；\n") + 1
            ends = [i for i in (h.text.find(c, m.end()) for c in "。；\n") if i >= 0]
            sentence = h.text[sent_start: (min(ends) + 1 if ends else len(h.text))].strip()
            unit = "元" if q.unit == "money" or q.unit is None else ("" if q.unit == "count" else q.unit)
            return FigureHit(label=_QUOTES.sub("", m.group()), value_text=m.group(), value=0.0, unit=unit,
                             doc=h.title, source=h.source, quote=sentence, section=h.section,
                             year=report.year if report else None, qualifier="absent", score=0.0,
                             doc_id=h.doc_id, chunk_id=h.chunk_id, start=h.start + m.start())
    return None
