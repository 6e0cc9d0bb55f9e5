"""The answer engine: question → figures and passages from the index → a cited answer. No LLM.

Every number shown is a figure's value_text, checked to appear verbatim in the sentence we quote;
conversions (29.8万元) and computed differences are marked as such. When no figure fits well enough,
the answer says the reports do not hold it and offers the closest figures, clearly labelled.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field

from index.config import Config
from index.numbers import format_money, format_value, parse_number
from .question import Question, analyse
from .reports import ReportCatalog
from .scoring import Evidence, GramWeights, bigrams, clause_before, coverage, weigh_figure
from index.search import Hit, LiveIndex
from index.tokens import query_terms

log = logging.getLogger(__name__)

MAX_NAMED_REPORTS = 40  # up to this many named reports, score every figure they hold
MEANINGFUL = re.compile(r"[\u3400-\u9fff]{2}|\d")  # what is_question looks for
CANDIDATES = 600  # figures scored per question: a budget PDF has ~900, most of them table cells
CONVERSION = "换算"
COMPUTED = "计算值"


@dataclass
class FigureHit:
    label: str
    value_text: str
    value: float
    unit: str
    doc: str
    source: str
    quote: str
    section: str
    year: int | None
    qualifier: str | None
    score: float = 0.0
    id: int = 0
    doc_id: int = 0
    chunk_id: int | None = None
    start: int = 0
    written_unit: str = ""  # the unit as the report writes it where value_text has none (tables)
    evidence: Evidence | None = None  # why it was (not) taken as the answer

    @property
    def eligible(self) -> bool:
        return self.evidence is not None and self.evidence.eligible

    def public(self) -> dict:
        return {k: getattr(self, k) for k in ("label", "value_text", "value", "unit", "doc", "source",
                                              "quote", "section", "year", "qualifier")}

    def point(self, name: str) -> dict:
        """One point of a series: what other tools need to draw it."""
        return {"label": name, "found": True, "value": self.value, "unit": self.unit,
                "value_text": self.value_text, "doc": self.doc, "source": self.source, "year": self.year}


@dataclass
class Citation:
    n: int
    doc: str
    source: str
    section: str
    text: str  # the quoted sentence
    passage: str  # the whole chunk it sits in, for /source N
    score: float

    def public(self) -> dict:
        return {"n": self.n, "doc": self.doc, "source": self.source, "section": self.section,
                "text": self.text, "score": round(self.score, 4)}


@dataclass
class Answer:
    question: str
    found: bool
    direct: str
    details: list[str] = field(default_factory=list)
    figures: list[FigureHit] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    closest: list[FigureHit] = field(default_factory=list)
    kind: str = "figure"
    computed: dict | None = None
    series: list[dict] = field(default_factory=list)  # one point per part, trend year or ranked report

    @property
    def text(self) -> str:
        lines = [self.direct, *self.details]
        if self.citations:
            lines.append("来源：")
            for c in self.citations:
                lines.append(f"[{c.n}] {c.doc} · {c.section or '正文'}\n    「{c.text}」")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"question": self.question, "found": self.found, "kind": self.kind,
                "answer": self.text, "direct": self.direct,
                "figures": [f.public() for f in self.figures],
                "citations": [c.public() for c in self.citations],
                "closest": [f.public() for f in self.closest],
                "computed": self.computed, "series": self.series}


class UnverifiedNumber(Exception):
    """An answer would show a number that its citations do not contain: a bug, never shown."""


# ---------------------------------------------------------------------------------------------
# the engine


class Engine:
    """Answers questions from the live index. Thread-safe; follows re-indexes automatically."""

    def __init__(self, config: Config):
        self.config = config
        self._index: LiveIndex | None = None
        self._catalog: ReportCatalog | None = None
        self._catalog_key = None
        self._weights: GramWeights | None = None
        self._lock = threading.RLock()

    def load(self) -> "Engine":
        """Open the index and load the model now rather than on the first question."""
        self.index.embedder.embed(["预热"])
        return self

    @property
    def index(self) -> LiveIndex:
        with self._lock:
            if self._index is None:
                self._index = LiveIndex(self.config)
            return self._index

    def catalog(self) -> ReportCatalog:
        idx = self.index
        idx.refresh()
        with self._lock:
            key = (idx.generation, idx._data_version)
            if key != self._catalog_key:
                with idx.lock:
                    self._catalog = ReportCatalog.from_store(idx.store)
                    self._weights = GramWeights(*idx.store.label_gram_df())
                self._catalog_key = key
            return self._catalog

    # -- public API ----------------------------------------------------------------------------
    def ask(self, question: str) -> Answer:
        question = " ".join(question.split())[:500]
        if not is_question(question):  # emoji, one character, invisible characters: the usage hint
            return Answer(question="", found=False, direct="请输入问题，例如：珠晖区困难职工帮扶支出多少")
        catalog = self.catalog()
        q = analyse(question, catalog)
        if q.kind == "text":
            answer = self._text_answer(q, catalog)
        elif q.kind == "compare":
            answer = self._compare_answer(q, catalog)
        elif q.kind == "parts":
            answer = self._parts_answer(q, catalog)
        else:
            answer = self._figure_answer(q, catalog)
        try:
            verify(answer)
        except UnverifiedNumber as e:  # never show a number we cannot quote
            log.error("unverified answer to %r: %s", question, e)
            return Answer(question=question, found=False, direct="未能给出可核实的答案，请换一种问法。")
        return answer

    def explain(self, question: str, top: int = 6) -> str:
        """How the question was read and, for the best candidate figures, each piece of evidence
        with its weight and why it is or is not the answer."""
        catalog = self.catalog()
        q = analyse(" ".join(question.split())[:500], catalog)
        m = q.match
        lines = [f"kind {q.kind} · metric 「{q.metric}」 · must cover {'、'.join(q.content_words) or '—'}"
                 f" · unit {q.unit or '—'} · stages {'、'.join(s for s, _ in q.stages) or q.budget_word or '—'}"
                 f" · change {q.change} · share {q.share}",
                 f"reports {[catalog.reports[i].title for i in m.doc_ids][:6]} · years {m.own_years}"
                 f" · unknown {m.unknown or '—'} · year missing {m.year_missing}"]
        if q.kind == "text":
            return "\n".join(lines)
        doc_ids = m.doc_ids or None
        hits = self._retrieve(q, doc_ids, k=8 if doc_ids else self.config.candidates)
        for n, f in enumerate(self.candidates(q, doc_ids, hits)[:top], 1):
            lines.append(f"{n}. {f.label} = {f.value_text} ({f.doc})\n    {f.evidence.explain()}")
        return "\n".join(lines)

    def reports(self) -> list[dict]:
        from .catalog import report_rows
        idx = self.index
        idx.refresh()
        with idx.lock:
            return report_rows(idx.store)

    def figure_rows(self, report: str | None) -> list[dict]:
        from .catalog import figure_rows_of
        idx = self.index
        idx.refresh()
        with idx.lock:
            return figure_rows_of(idx.store, report)

    def stats(self) -> dict:
        idx = self.index
        idx.refresh()
        with idx.lock:
            counts = idx.store.counts()
            model = idx.store.get_meta("model")
        return {"reports": counts["documents"], "chunks": counts["chunks"], "figures": counts["figures"],
                "model": model, "generation": idx.generation.name if idx.generation else None}

    # -- figure answers ------------------------------------------------------------------------
    def candidates(self, q: Question, doc_ids: list[int] | None, hits: list[Hit]) -> list[FigureHit]:
        """Figures that may answer q, scored, best first. The work is bounded by the reports involved,
        not by the corpus: all figures of the named reports (an index lookup by report), or, when the
        question names none, those of the reports its best passages come from plus a label search."""
        idx = self.index
        chunk_rank = {h.chunk_id: n for n, h in enumerate(hits, 1)}
        with idx.lock:
            if doc_ids is None or len(doc_ids) > MAX_NAMED_REPORTS:
                doc_ids = self._likely_reports(q, hits, doc_ids)
            rows = idx.store.figures_of(doc_ids)
        metric = bigrams(q.metric)
        grams = (metric, bigrams(q.alternatives) - metric)
        key = self._weights.key_gram(q.word_grams)  # once per question, not per figure
        scored = []
        for row in rows:
            report = self._catalog.reports.get(row["doc_id"]) if self._catalog else None
            ev = weigh_figure(q, row, grams, self._weights, chunk_rank, report, key)
            hit = to_hit(row, ev.score)
            hit.evidence = ev
            scored.append(hit)
        # eligible figures first, then by score: the answer is the best figure that measures what was asked
        scored.sort(key=lambda f: (f.eligible, f.score), reverse=True)
        return scored

    def _likely_reports(self, q: Question, hits: list[Hit], allowed: list[int] | None) -> list[int]:
        """Reports worth scoring when the question names none: those of the best passages, then
        those whose figure labels match the metric (FTS over labels, common terms dropped)."""
        store = self.index.store
        docs = list(dict.fromkeys(h.doc_id for h in hits))
        terms = store.selective_terms(query_terms(q.metric + q.alternatives) or query_terms(q.text))
        for row in store.figures_by_id(store.search_figure_ids(terms, allowed, limit=CANDIDATES)):
            if row["doc_id"] not in docs:
                docs.append(row["doc_id"])
        return docs[:MAX_NAMED_REPORTS]

    def _retrieve(self, q: Question, doc_ids: list[int] | None, k: int = 8) -> list[Hit]:
        """Within named reports, search for what is asked, not for the names that chose them."""
        query = " ".join([q.metric, *q.topics]) if doc_ids and q.metric else q.text
        return self.index.search(query, k=k, doc_ids=doc_ids)

    def _figure_answer(self, q: Question, catalog: ReportCatalog) -> Answer:
        doc_ids = q.match.doc_ids or None
        if q.match.unknown:
            return self._not_found(q, catalog, [], reason=f"{'、'.join(q.match.unknown)}的报告")
        if q.match.year_missing:
            return self._not_found(q, catalog, self.candidates(q, doc_ids, []),
                                   reason=f"{q.match.year}年的报告")
        if doc_ids is None and q.match.year is not None:
            doc_ids = [r.id for r in catalog.reports.values() if r.year == q.match.year] or None
        hits = self._retrieve(q, doc_ids, k=8 if doc_ids else self.config.candidates)
        ranked = self.candidates(q, doc_ids, hits)
        good = [f for f in ranked if f.eligible]
        if not good and q.match.doc_ids:
            absent = absence(q, hits, catalog)  # "无“三公”经费支出": the report says there is none
            if absent is not None:
                return self._single(q, catalog, absent, breakdown=False)
        if not good:
            return self._not_found(q, catalog, ranked)
        if doc_ids is None or len({f.doc_id for f in good}) > 1 and len(q.match.groups) != 1:
            per_doc = best_per_doc(good)
            if len(per_doc) > 1 and not q.match.doc_ids:
                return self._per_report(q, catalog, per_doc)
        return self._single(q, catalog, good[0])

    def _single(self, q: Question, catalog: ReportCatalog, best: FigureHit, breakdown: bool = True) -> Answer:
        answer = Answer(question=q.text, found=True, kind="figure",
                        direct=direct_sentence(best, catalog), figures=[best])
        cite(answer, best, self._passage(best))
        for part in self._breakdown(best) if breakdown else ():
            answer.figures.append(part)
            n = cite(answer, part, self._passage(part))
            answer.details.append(f"其中{part.label}{shown(part, convert=False)}[{n}]")
        return answer

    def _per_report(self, q: Question, catalog: ReportCatalog, per_doc: list[FigureHit]) -> Answer:
        per_doc = per_doc[:6]
        answer = Answer(question=q.text, found=True, kind="figure", figures=per_doc,
                        direct=f"{len(per_doc)}份报告披露了{per_doc[0].label}：")
        for f in per_doc:
            n = cite(answer, f, self._passage(f))
            answer.details.append(f"{subject(f, catalog)}：{f.label}{shown(f)}[{n}]")
        return answer

    def best_in(self, q: Question, doc_ids: list[int]) -> FigureHit | None:
        """The figure of these reports that answers q, or the report's own statement that there is
        none; None when they hold neither."""
        hits = self._retrieve(q, doc_ids)
        ranked = self.candidates(q, doc_ids, hits)
        if ranked and ranked[0].eligible:
            return ranked[0]
        return absence(q, hits, self.catalog())

    def _parts_answer(self, q: Question, catalog: ReportCatalog) -> Answer:
        """One cited figure per year or per report the question names; a missing part says so."""
        if q.match.unknown:
            return self._not_found(q, catalog, [], reason=f"{'、'.join(q.match.unknown)}的报告")
        parts: list[tuple[str, list[int]]] = []
        several_years = len(q.match.own_years) >= 2
        groups = (q.match.unnarrowed if several_years else q.match.groups) or [list(catalog.reports)]
        for group in groups[:6]:
            name = group_name(group, catalog) if len(groups) > 1 or q.match.groups else ""
            if several_years:
                for year in sorted(q.match.own_years)[:8]:
                    parts.append((f"{name}{year}年", catalog.with_year(group, year)))
            else:
                parts.append((name, group))
        answer = Answer(question=q.text, found=False, kind="parts", direct="")
        lines = []
        for name, doc_ids in parts:
            best = self.best_in(q, doc_ids) if doc_ids else None
            if best is None:
                why = "已索引的报告中没有这一年的报告" if not doc_ids else "报告中未找到所问的数字"
                lines.append(f"{name}：{why}。")
                answer.series.append({"label": name, "found": False})
                continue
            answer.figures.append(best)
            n = cite(answer, best, self._passage(best))
            lines.append(f"{name}：{subject(best, catalog)}{best.label}{shown(best)}[{n}]")
            answer.series.append(best.point(name))
        found = sum(1 for p in answer.series if p.get("found", True))
        answer.found = found > 0
        answer.direct = (f"共{len(parts)}项，找到{found}项：" if found else
                         f"未在已索引的报告中找到「{q.text}」所问的内容。")
        answer.details = lines
        return answer

    def _compare_answer(self, q: Question, catalog: ReportCatalog) -> Answer:
        picks: list[FigureHit] = []
        for group in q.match.groups[:4]:
            ranked = self.candidates(q, group, self._retrieve(q, group))
            if ranked and ranked[0].eligible:
                picks.append(ranked[0])
        if len(picks) < 2:
            return self._figure_answer(q, catalog) if picks else self._not_found(q, catalog, [])
        answer = Answer(question=q.text, found=True, kind="compare", figures=picks, direct="")
        parts = []
        for f in picks:
            n = cite(answer, f, self._passage(f))
            parts.append(f"{subject(f, catalog)}{f.label}{shown(f)}[{n}]")
        comparable = len({f.unit for f in picks}) == 1
        if comparable:
            hi, lo = max(picks, key=lambda f: f.value), min(picks, key=lambda f: f.value)
            diff = hi.value - lo.value
            winner = lo if q.less else hi
            word = "少" if q.less else "多"
            answer.direct = (f"{subject(winner, catalog)}{word}。" if diff else "两者相同。")
            answer.computed = {"difference": diff, "unit": hi.unit}
            if diff:
                parts.append(f"（{COMPUTED}：两者相差{format_value(diff, hi.unit)}）")
        else:
            answer.direct = "各报告的数字单位不同，无法直接比较："
        answer.details = parts
        return answer

    def _not_found(self, q: Question, catalog: ReportCatalog, ranked: list[FigureHit],
                   reason: str | None = None) -> Answer:
        answer = Answer(question=q.text, found=False, kind="figure",
                        direct=f"未在已索引的报告中找到「{q.text}」所问的内容。")
        if reason:
            answer.direct += f"已索引的报告中没有{reason}。"
        closest = distinct([f for f in ranked if f.score > 0])[:3]
        if closest:
            answer.details.append("相近的数字（供参考，并非所问）：")
        for f in closest:
            n = cite(answer, f, self._passage(f))
            answer.details.append(f"{subject(f, catalog)}{f.year or ''}{'年' if f.year else ''}"
                                  f"{f.label}{shown(f)}[{n}]")
        answer.closest = closest
        return answer

    # -- text answers --------------------------------------------------------------------------
    def _text_answer(self, q: Question, catalog: ReportCatalog) -> Answer:
        doc_ids = q.match.doc_ids or None
        if q.match.unknown:
            return self._not_found(q, catalog, [], reason=f"{'、'.join(q.match.unknown)}的报告")
        if q.match.year_missing:
            return self._not_found(q, catalog, [], reason=f"{q.match.year}年的报告")
        hits = self._retrieve(q, doc_ids, k=12)
        asked = bigrams(q.metric)
        for h in hits:
            if any(t in h.section for t in q.topics):
                h.score += 1.0  # a passage under a heading that names the topic answers best
            # and one that says what was asked in so many words
            h.score += 0.5 * self._weights.recall(asked, bigrams(h.text)) if self._weights else 0.0
        hits.sort(key=lambda h: h.score, reverse=True)
        if not hits:
            return Answer(question=q.text, found=False, kind="text",
                          direct=f"未在已索引的报告中找到「{q.text}」所问的内容。")
        top = self._section_start(hits[0], q.topics)
        answer = Answer(question=q.text, found=True, kind="text",
                        direct=f"{top.title}「{top.section or '正文'}」写道：")
        for passage in self._following_passages(top, hits)[:3]:
            answer.citations.append(Citation(
                n=len(answer.citations) + 1, doc=passage.title, source=passage.source,
                section=passage.section, text=passage.text, passage=passage.text, score=passage.score))
        answer.details.append(top.text)
        return answer

    def _section_start(self, hit: Hit, topics: list[str]) -> Hit:
        """If the hit sits inside a section named for the topic ("一、主要职能 / 10.…"), answer
        from that section's first passage: lists are read from the start."""
        parts = hit.section.split(" / ")
        depth = next((n for n, p in enumerate(parts) if any(t in p for t in topics)), None)
        if depth is None:
            return hit
        prefix = " / ".join(parts[: depth + 1])
        idx = self.index
        with idx.lock:
            row = idx.store.first_chunk_in_section(hit.doc_id, prefix)
        if row is None or row["id"] == hit.chunk_id:
            return hit
        return Hit.from_row(row, hit.score)

    def _following_passages(self, top: Hit, hits: list[Hit]) -> list[Hit]:
        """The best passage and the two after it (lists such as 职能 一、二、三… run on across
        chunks and numbered headings), then other hits."""
        idx = self.index
        with idx.lock:
            seq = idx.store.chunks_by_id([top.chunk_id])[top.chunk_id]["seq"]
            following = idx.store.chunks_after(top.doc_id, seq, 2)
        chosen = [top] + [Hit.from_row(r, top.score) for r in following]
        ids = {h.chunk_id for h in chosen}
        return chosen + [h for h in hits if h.chunk_id not in ids]

    # -- helpers -------------------------------------------------------------------------------
    def _passage(self, f: FigureHit) -> str:
        idx = self.index
        with idx.lock:
            rows = idx.store.chunks_by_id([f.chunk_id]) if f.chunk_id else {}
        return rows[f.chunk_id]["text"] if rows else f.quote

    def _breakdown(self, best: FigureHit) -> list[FigureHit]:
        """The parts the report lists right after the figure ("其中…"), same unit, same paragraph."""
        idx = self.index
        with idx.lock:
            rows = idx.store.figures_near(best.doc_id, best.start + 1, best.start + 400)
            passage = self._passage(best)
        parts = []
        for row in rows:
            if row["unit"] != best.unit or row["qualifier"]:
                continue
            between_start = passage.find(best.value_text)
            between_end = passage.find(row["value_text"], max(between_start, 0) + 1)
            if between_start < 0 or between_end < 0:
                break
            if "\n" in passage[between_start:between_end]:
                break
            if "其中" in clause_before(row):
                parts.append(to_hit(row, 0.0))
        return parts[:6]


# ---------------------------------------------------------------------------------------------
# presentation and the verbatim guarantee


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


def group_name(doc_ids: list[int], catalog: ReportCatalog) -> str:
    """What staff call a group of reports: the region and organisation they share."""
    names = {(r.region or "") + (r.org or "") or r.title for r in (catalog.reports[i] for i in doc_ids)}
    return names.pop() if len(names) == 1 else catalog.reports[doc_ids[0]].title


def is_question(text: str) -> bool:
    """Whether `text` holds something to look up: a Chinese word (two characters) or a number."""
    return bool(MEANINGFUL.search(text))


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
    report = catalog.reports.get(f.doc_id)
    if report and report.region and report.org:
        return f"{report.region}{report.org}"
    return f.doc


def direct_sentence(f: FigureHit, catalog: ReportCatalog) -> str:
    report = catalog.reports.get(f.doc_id)
    if f.qualifier == "absent":
        year = f"{f.year}年" if f.year else ""
        return f"{subject(f, catalog)}{year}报告写明：{f.value_text}。"
    year = f.year or (report.year if report else None)
    year_text = f"{year}年" if year and str(year) not in f.label else ""
    label = f.label
    if report and report.org and report.org in label:  # "上海市…自然资源局2024年度政府采购金额"
        label = label[label.index(report.org) + len(report.org):].lstrip() or label
        year_text = "" if re.match(r"\s*(?:19|20)\d{2}", label) else year_text
    return f"{subject(f, catalog)}{year_text}{label}为{shown(f)}。"


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


_MARKED = re.compile(rf"（[^（）]*(?:{CONVERSION}|{COMPUTED})[^（）]*）|（单位：[^（）]*）")
_NUMBER = re.compile(r"[0-9０-９][0-9０-９,，.．]*")


def verify(answer: Answer) -> None:
    """Every figure's text is in its quote, and every number in the answer's own sentences is in a
    cited passage or a marked conversion. Raises UnverifiedNumber otherwise."""
    for f in answer.figures + answer.closest:
        if f.value_text not in f.quote:
            raise UnverifiedNumber(f"{f.value_text!r} not in its quote {f.quote!r}")
    sources = " ".join([c.text for c in answer.citations] + [c.doc for c in answer.citations])
    # The question, echoed in 「」, is the user's text, not a figure we present.
    body = _MARKED.sub("", "\n".join([answer.direct, *answer.details]).replace(f"「{answer.question}」", ""))
    body = re.sub(r"\[\d+\]|(?:19|20)\d{2}年|\d+份", "", body)
    for number in _NUMBER.findall(body):
        number = number.rstrip(",，.．")
        if number and number not in sources:
            raise UnverifiedNumber(f"{number!r} is in no cited passage")
