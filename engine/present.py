"""How figures are shown: verbatim text with the table's unit, marked conversions, the subject a
figure belongs to, the direct sentence, and numbered citations."""
from __future__ import annotations

import re

from index.numbers import format_money, parse_number

from .model import Answer, Citation, FigureHit
from .reports import ReportCatalog, parse_title, without_own_level
from .scoring import names_nothing

CONVERSION = "换算"
COMPUTED = "计算值"


def distinct(figures: list[FigureHit]) -> list[FigureHit]:
    """Each figure once: a report repeating a cell or a sentence gives several equal rows."""
    seen: set = set()
    return [f for f in figures if not ((key := (f.doc_id, f.label, f.value, f.unit, f.year)) in seen
                                       or seen.add(key))]


def to_hit(row, score: float) -> FigureHit:
    return FigureHit(label=row["label"], value_text=row["value_text"], value=row["value"],
                     unit=row["unit"], doc=row["doc"], source=row["source"], quote=row["sentence"],
                     section=row["section"] or "", year=row["year"], qualifier=row["qualifier"],
                     score=score, id=row["id"], doc_id=row["doc_id"], chunk_id=row["chunk_id"],
                     start=row["start"], written_unit=written_unit(row))


def written_unit(row) -> str:
    """For a bare table cell ("5,377.64"), the unit its table states, recovered from the value."""
    if re.search(r"[^\d.,\s－-]", row["value_text"]):
        return ""
    number = parse_number(row["value_text"])
    if not number or row["unit"] != "元":
        return row["unit"] if row["unit"] != "元" else ""
    ratio = row["value"] / number
    return {1.0: "元", 1e4: "万元", 1e8: "亿元", 1e3: "千元"}.get(round(ratio, 6), "")


def shown(f: FigureHit, convert: bool = True) -> str:
    """The figure as shown: its verbatim text, the table's unit if the cell has none, and a marked
    conversion for large money amounts written in 元."""
    text = f.value_text
    if f.written_unit:
        text += f"（单位：{f.written_unit}）"
    if convert and f.unit == "元" and f.value >= 10000 and "万" not in f.value_text and "亿" not in f.value_text \
            and f.written_unit != "万元":
        text += f"（约合{format_money(f.value)}，{CONVERSION}）"
    return text


def subject(f: FigureHit, catalog: ReportCatalog) -> str:
    """Whose figure it is, as staff say it: "普陀区财政局", "深圳市公安局"; the title if unsure."""
    report = catalog.reports.get(f.doc_id)
    if report is None:
        return f.doc
    if report.region and report.org:
        return f"{report.region}{report.org}"
    places, org, _ = parse_title(report.title)
    org = org or report.org
    if org:
        org = without_own_level(org)
        return f"{places[-1] if places and places[-1] not in org else ''}{org}"
    return f.doc


_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")


def label_of(f: FigureHit, catalog: ReportCatalog) -> str:
    """The figure's label without its report's own name ("上海市…自然资源局2024年度政府采购金额" →
    "2024年度政府采购金额"): the answer names the report already."""
    report = catalog.reports.get(f.doc_id)
    label = f.label
    for name in filter(None, (report.org if report else None, parse_title(report.title)[1] if report else None)):
        name = without_own_level(name)
        if name in label and len(label) > label.index(name) + len(name):
            label = label[label.index(name) + len(name):].lstrip()
    if names_nothing(label) and f.section:  # "2026 年预算数" under "（二）公务接待费"
        heading = _NUMBERING.sub("", f.section.split(" / ")[-1]).strip(" 。：:")
        if heading and not names_nothing(heading):
            label = heading + _YEAR.sub("", label).strip()
    return label


def direct_sentence(f: FigureHit, catalog: ReportCatalog) -> str:
    report = catalog.reports.get(f.doc_id)
    if f.qualifier == "absent":
        year = f"{f.year}年" if f.year else ""
        return f"{subject(f, catalog)}{year}报告写明：{f.value_text}。"
    year = f.year or (report.year if report else None)
    label = label_of(f, catalog)
    year_text = f"{year}年" if year and str(year) not in label and not re.match(r"\s*(?:19|20)\d{2}", label) else ""
    verb = "" if re.search(r"(?:增加|减少|增长|下降|上升|降低|减低|压减|缩减|提高)了?$", label) else "为"  # "下降8.65%", not "下降为"
    return f"{subject(f, catalog)}{year_text}{label}{verb}{shown(f)}。"


def best_per_doc(figures: list[FigureHit]) -> list[FigureHit]:
    seen: set[int] = set()
    out = []
    for f in figures:
        if f.doc_id not in seen:
            seen.add(f.doc_id)
            out.append(f)
    return out


def cite(answer: Answer, f: FigureHit, passage: str) -> int:
    """Add the figure's sentence as a citation (once) and return its number."""
    for c in answer.citations:
        if c.text == f.quote and c.source == f.source:
            return c.n
    n = len(answer.citations) + 1
    answer.citations.append(Citation(n=n, doc=f.doc, source=f.source, section=f.section,
                                     text=f.quote, passage=passage, score=f.score))
    return n


def group_name(doc_ids: list[int], catalog: ReportCatalog) -> str:
    """What staff call a group of reports: the region and organisation they share."""
    names = {(r.region or "") + (r.org or "") or r.title for r in (catalog.reports[i] for i in doc_ids)}
    return names.pop() if len(names) == 1 else catalog.reports[doc_ids[0]].title
