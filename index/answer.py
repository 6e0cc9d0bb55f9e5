"""The answer engine: question → figures and passages from the index → a cited answer. No LLM.

Every number shown is a figure's value_text, checked to appear verbatim in the sentence we quote;
conversions (29.8万元) and computed differences are marked as such. When no figure fits well enough,
the answer says the reports do not hold it and offers the closest figures, clearly labelled.
"""
from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import asdict, dataclass, field

from .config import Config
from .numbers import format_money, format_value, parse_number
from .question import COUNT_UNITS, Question, analyse
from .reports import ReportCatalog
from .search import Hit, LiveIndex
from .tokens import bigrams, query_terms

log = logging.getLogger(__name__)

MAX_NAMED_REPORTS = 40  # up to this many named reports, score every figure they hold
CANDIDATES = 600  # figures scored per question: a budget PDF has ~900, most of them table cells
FOUND_THRESHOLD = 1.6  # below this the best figure does not answer the question (tuned on the eval sets)
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

    def public(self) -> dict:
        return {k: getattr(self, k) for k in ("label", "value_text", "value", "unit", "doc", "source",
                                              "quote", "section", "year", "qualifier")}


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
                "computed": self.computed}


class UnverifiedNumber(Exception):
    """An answer would show a number that its citations do not contain: a bug, never shown."""


# ---------------------------------------------------------------------------------------------
# scoring


class GramWeights:
    """Inverse document frequency of label bigrams: "三公" says more than "支出"."""

    def __init__(self, df: dict[str, int], total: int):
        self.df, self.total = df, max(total, 1)

    def idf(self, gram: str) -> float:
        """0 for a bigram no label has (often one spanning two words, "费预" in 电费预算): it
        cannot tell figures apart, and counting it would make every label look like a poor match."""
        n = self.df.get(gram)
        return 0.0 if n is None else math.log((self.total + 1) / (n + 1)) + 1

    def key_gram(self, grams: set[str]) -> str | None:
        """The rarest bigram of the metric that some label has: the word the answer must be about.
        Given only bigrams inside the metric's words, never one spanning two ("费支" of 经费支出)."""
        known = [g for g in grams if g in self.df]
        return max(known, key=lambda g: (self.idf(g), g)) if known else None  # ties: by the gram

    def recall(self, query: set[str], target: set[str]) -> float:
        """Share of the query's weight found in target."""
        whole = sum(self.idf(g) for g in query)
        return sum(self.idf(g) for g in query & target) / whole if whole else 0.0


def lead_in(row, width: int = 24) -> str:
    """The words just before the number: "…生活救助帮扶支出128000元，救助困难职工" for 35人次."""
    at = row["start"] - row["sent_start"]
    return row["sentence"][max(0, at - width):at]


def clause_before(row) -> str:
    """The clause the figure sits in, up to its number."""
    return re.split(r"[，,；;：:。]", lead_in(row, 60))[-1]


_TOTAL_ASK = re.compile(r"一共|总共|共计|合计|总计|总额|总数|全部")


def total_fit(q: Question, clause: str) -> float:
    """A part ("其中…") answers a question about the whole less well than the total beside it."""
    if "其中" in clause:
        return -0.6 if _TOTAL_ASK.search(q.text) else -0.1
    if _TOTAL_ASK.search(q.text) and re.search(r"共|合计|总计|全年", clause):
        return 0.3
    return 0.0


def share_fit(q: Question, label: str) -> float:
    """For "X占Y的比例", the figure's own subject must be X: 基本支出占… is not 一般公共预算…占…."""
    if "占" not in q.metric or "占" not in label:
        return 0.0
    subject = q.metric.split("占")[0]
    if not subject:
        return 0.0
    own = bigrams(label.split("占")[0])
    return 1.2 if bigrams(subject) <= own or subject in label.split("占")[0] else -1.2


def row_fit(q: Question, row, weights: GramWeights, asked: set[str]) -> float:
    """A table cell's label is "row name + column headers". The row must be what the question is
    about ("电费"), or the table's total: "基本支出预算多少" is not 机关事业单位基本养老保险缴费支出."""
    if " | " not in row["sentence"]:
        return 0.0
    name = row["label"].split(" ")[0]
    if name in ("合计", "总计", "小计") or not name:
        return 0.3
    if len(row["label"].split(" ")) == 1:
        return 0.0  # no row name: the label is the column header alone
    covered = weights.recall(bigrams(name), asked)
    return -1.2 * (1 - covered)


def unit_fit(q: Question, unit: str, qualifier: str | None) -> float:
    if q.change and unit == "%" and qualifier and "change" in qualifier:
        return 0.0  # "下降了多少" is answered by "下降18%" too, but an amount first
    if q.unit == "money":
        return 0.3 if unit == "元" else -3.0
    if q.unit == "percent":
        return 0.5 if unit == "%" else -3.0
    if q.unit == "count":
        if unit in COUNT_UNITS:
            return 0.4 if (not q.person or unit in {"人", "名"}) else 0.0
        return -3.0
    if q.unit in COUNT_UNITS:
        if unit == q.unit:
            return 0.6
        if {unit, q.unit} <= {"人", "名"}:
            return 0.4
        return -1.2 if unit in COUNT_UNITS else -3.0
    return 0.0


def qualifier_fit(q: Question, qualifier: str | None) -> float:
    qual = qualifier or ""
    score = 0.0
    if "change" in qual:
        score += 1.0 if q.change else -1.2
    elif q.change:
        score -= 1.0
    if "share" in qual:
        score += 0.8 if (q.share or q.unit == "percent") else -1.0
    elif q.share and q.unit == "percent":
        score -= 0.5
    return score


_KIND_WORD = {"决算": "决算", "预算": "预算"}
_PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fa5]{2,3}?省)?(?:[\u4e00-\u9fa5]{2,3}?市)")
# 预算/决算 are matched by budget_fit, on both sides, so they do not skew the label comparison.
_BUDGET_WORD = re.compile(r"(?:预算|决算)数?")


def label_grams(row, report) -> set[str]:
    """A label's bigrams as the question would say it: without the report's own names ("上海市普陀区
    社会福利院收入预算" is its 收入预算)."""
    label = row["label"]
    if report is not None:
        for name in (report.org, report.region):
            if name and len(label) > len(name) + 1:
                label = label.replace(name, "")
        if report.region and report.region in row["label"]:
            label = _PLACE_PREFIX.sub("", label)
    return bigrams(_BUDGET_WORD.sub("", label) or label)


def budget_fit(q: Question, row, report) -> float:
    """预算 or 决算: a label that names one says which; otherwise the report's kind does (every figure
    of a 决算 report is a 决算 figure unless labelled 年初预算)."""
    if q.budget_word is None:
        return 0.0
    label = row["label"]
    has = "预算" if "预算" in label else "决算" if "决算" in label else \
        _KIND_WORD.get(report.kind or "") if report is not None else None
    if has is None:
        return 0.0
    return 0.5 if has == q.budget_word else -0.5


def score_figure(q: Question, row, grams: tuple[set[str], set[str]], weights: GramWeights,
                 chunk_rank: dict[int, int], report=None) -> float:
    """How well a figure answers the question: the metric's words in its label (weighted by rarity),
    in the words just before the number, in its sentence; its unit, qualifier, year and retrieval."""
    metric, alternatives = grams
    label = label_grams(row, report)
    label_recall = weights.recall(metric, label)
    label_precision = weights.recall(label, metric | alternatives)
    context_recall = weights.recall(metric, bigrams(lead_in(row)))
    sentence_recall = weights.recall(metric, bigrams(row["sentence"]))
    alt_recall = weights.recall(alternatives, label) if alternatives else 0.0
    score = (2.0 * label_recall + 0.6 * label_precision + 0.8 * context_recall
             + 0.4 * sentence_recall + 0.3 * alt_recall)
    key = weights.key_gram(q.word_grams)
    before = row["sentence"][: row["start"] - row["sent_start"]]  # what the sentence says up to the number
    if key is not None and key not in label and key not in bigrams(before):
        score -= 1.0  # "三公经费支出" is not answered by "春节走访慰问经费支出"
    score += share_fit(q, row["label"])
    score += unit_fit(q, row["unit"], row["qualifier"]) + qualifier_fit(q, row["qualifier"])
    if label == metric:
        score += 0.3  # the report names the figure exactly as asked
    score += row_fit(q, row, weights, metric | alternatives)
    score += budget_fit(q, row, report)
    score += total_fit(q, clause_before(row))
    if row["value"] == 0:
        score -= 0.3
    if " | " not in row["sentence"]:
        score += 0.1  # a sentence states a figure more plainly than a table cell with the same label
    rank = chunk_rank.get(row["chunk_id"])
    if rank is not None:
        score += 0.3 / rank
    if q.match.years and row["year"] is not None:
        score += 0.2 if row["year"] in q.match.years else -0.4
    return score


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
        if not question:
            return Answer(question="", found=False, direct="请输入问题，例如：珠晖区困难职工帮扶支出多少")
        catalog = self.catalog()
        q = analyse(question, catalog)
        if q.kind == "text":
            answer = self._text_answer(q, catalog)
        elif q.kind == "compare":
            answer = self._compare_answer(q, catalog)
        else:
            answer = self._figure_answer(q, catalog)
        try:
            verify(answer)
        except UnverifiedNumber as e:  # never show a number we cannot quote
            log.error("unverified answer to %r: %s", question, e)
            return Answer(question=question, found=False, direct="未能给出可核实的答案，请换一种问法。")
        return answer

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
        allowed = set(doc_ids) if doc_ids is not None else None
        scored = []
        for row in rows:
            if allowed is not None and row["doc_id"] not in allowed:
                continue
            report = self._catalog.reports.get(row["doc_id"]) if self._catalog else None
            scored.append(to_hit(row, score_figure(q, row, grams, self._weights, chunk_rank, report)))
        scored.sort(key=lambda f: f.score, reverse=True)
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
        good = [f for f in ranked if f.score >= FOUND_THRESHOLD]
        if not good:
            return self._not_found(q, catalog, ranked)
        if doc_ids is None or len({f.doc_id for f in good}) > 1 and len(q.match.groups) != 1:
            per_doc = best_per_doc(good)
            if len(per_doc) > 1 and not q.match.doc_ids:
                return self._per_report(q, catalog, per_doc)
        best = good[0]
        answer = Answer(question=q.text, found=True, kind="figure",
                        direct=direct_sentence(best, catalog), figures=[best])
        cite(answer, best, self._passage(best))
        for part in self._breakdown(best):
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

    def _compare_answer(self, q: Question, catalog: ReportCatalog) -> Answer:
        picks: list[FigureHit] = []
        for group in q.match.groups[:4]:
            ranked = self.candidates(q, group, self._retrieve(q, group))
            if ranked and ranked[0].score >= FOUND_THRESHOLD:
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
        closest = [f for f in ranked if f.score > 0][:3]
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
        for h in hits:  # a passage under a heading that names the topic answers best
            if any(t in h.section for t in q.topics):
                h.score += 1.0
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


def to_hit(row, score: float) -> FigureHit:
    keys = row.keys()
    return FigureHit(label=row["label"], value_text=row["value_text"], value=row["value"],
                     unit=row["unit"], doc=row["doc"], source=row["source"], quote=row["sentence"],
                     section=row["section"] or "", year=row["year"], qualifier=row["qualifier"],
                     score=score, id=row["id"], doc_id=row["doc_id"], chunk_id=row["chunk_id"],
                     start=row["start"], written_unit=written_unit(row) if "value_text" in keys else "")


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
    year = f.year or (report.year if report else None)
    year_text = f"{year}年" if year and str(year) not in f.label else ""
    return f"{subject(f, catalog)}{year_text}{f.label}为{shown(f)}。"


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
