"""The answer engine: question → figures and passages from the index → a cited answer. No LLM.

Each question is answered from one read-only View (the index snapshot, the report catalog and the
label statistics of one index version), taken once. Strategies: one figure (with the report's own
breakdown), one per report, a comparison, several parts, a passage; "not found" with the closest
figures, clearly labelled. Every answer passes verify() before it is shown.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import date

from index.config import Config
from index.numbers import format_value
from index.search import Hit, LiveIndex, Snapshot, search_snapshot
from index.tokens import query_terms

from .absence import absence
from .model import Answer, Citation, FigureHit
from .present import (COMPUTED, best_per_doc, cite, direct_sentence, distinct, group_name, label_of, shown, subject,
                      to_hit)
from .question import Question, analyse, is_question
from .reports import ReportCatalog
from .scoring import (INDICATOR_CELL, GramWeights, bigrams, can_be_eligible, clause_before, figure_text, forms_pattern, key_forms, part_rows,
                      weigh_figure)
from .verify import UnverifiedNumber, verify
from .vocabulary import SPENT_WORDS, TOTAL_ASK

log = logging.getLogger(__name__)

MAX_NAMED_REPORTS = 40  # up to this many named reports, score every figure they hold
CANDIDATES = 600  # figures scored per question: a budget PDF has ~900, most of them table cells
PREFILTER_FROM = 200  # above this many figures, only those sharing a word with the metric are weighed
CLOSEST_KEPT = 20  # figures kept beyond the eligible ones, for "相近的数字" and --explain
CLOSEST_POOL = 120  # figures weighed in full for "相近的数字" when none answers (the nearest labels)


@dataclass(frozen=True)
class View:
    """What one question reads, taken once: the index snapshot and the catalog and label statistics
    built from that same version. A re-index during the question does not change it."""

    snap: Snapshot
    catalog: ReportCatalog
    weights: GramWeights

    @property
    def store(self):
        return self.snap.store


class Engine:
    """Answers questions from the live index. Thread-safe; follows re-indexes automatically."""

    def __init__(self, config: Config):
        self.config = config
        self._index: LiveIndex | None = None
        self._view: View | None = None
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

    def view(self) -> View:
        """The current index, with its catalog and label statistics (rebuilt only after a re-index)."""
        snap = self.index.snapshot()
        with self._lock:
            v = self._view
            if v is None or (v.snap.generation, v.snap.data_version) != (snap.generation, snap.data_version):
                v = self._view = View(snap, ReportCatalog.from_store(snap.store),
                                      GramWeights(*snap.store.label_gram_df()))
            return v

    def catalog(self) -> ReportCatalog:
        return self.view().catalog

    # -- public API ----------------------------------------------------------------------------
    def ask(self, question: str, today: date | None = None) -> Answer:
        """Answer one question; `today` (default: the clock) says which year 今年/去年 mean."""
        question = " ".join(question.split())[:500]
        if not is_question(question):  # emoji, one character, invisible characters: the usage hint
            return Answer(question="", found=False, direct="请输入问题，例如：珠晖区困难职工帮扶支出多少")
        v = self.view()
        q = analyse(question, v.catalog, (today or date.today()).year)
        if q.kind in ("trend", "rank", "total"):
            from . import series  # across years and reports
            answer = getattr(series, f"{q.kind}_answer")(self, v, q)
        else:
            strategy = {"text": self._text_answer, "compare": self._compare_answer,
                        "parts": self._parts_answer}.get(q.kind, self._figure_answer)
            answer = strategy(q, v)
        try:
            verify(answer)
        except UnverifiedNumber as e:  # never show a number we cannot quote
            log.error("unverified answer to %r: %s", question, e)
            return Answer(question=question, found=False, direct="未能给出可核实的答案，请换一种问法。")
        return answer

    def explain(self, question: str, top: int = 6, today: date | None = None) -> str:
        """How the question was read and, for the best candidate figures, each piece of evidence
        with its weight and why it is or is not the answer."""
        v = self.view()
        catalog = v.catalog
        q = analyse(" ".join(question.split())[:500], catalog, (today or date.today()).year)
        m = q.match
        lines = [f"kind {q.kind} · metric 「{q.metric}」 · must cover {'、'.join(q.content_words) or '—'}"
                 f" · unit {q.unit or '—'} · stages {'、'.join(s for s, _ in q.stages) or q.budget_word or '—'}"
                 f" · change {q.change} · share {q.share}",
                 f"reports {[catalog.reports[i].title for i in m.doc_ids][:6]} · years {m.own_years}"
                 f" · unknown {m.unknown or '—'} · year missing {m.year_missing}"]
        if q.kind == "text":
            return "\n".join(lines)
        doc_ids = m.doc_ids or None
        hits = self._retrieve(v, q, doc_ids, k=8 if doc_ids else self.config.candidates)
        for n, f in enumerate(self.candidates(v, q, doc_ids, hits)[:top], 1):
            lines.append(f"{n}. {f.label} = {f.value_text} ({f.doc})\n    {f.evidence.explain()}")
        return "\n".join(lines)

    def reports(self) -> list[dict]:
        from .catalog import report_rows
        return report_rows(self.view().store)

    def figure_rows(self, report: str | None) -> list[dict]:
        from .catalog import figure_rows_of
        return figure_rows_of(self.view().store, report)

    def stats(self) -> dict:
        snap = self.view().snap
        counts = snap.store.counts()
        return {"reports": counts["documents"], "chunks": counts["chunks"], "figures": counts["figures"],
                "model": snap.store.get_meta("model"), "generation": snap.generation.name}

    # -- figure answers ------------------------------------------------------------------------
    def candidates(self, v: View, q: Question, doc_ids: list[int] | None, hits: list[Hit],
                   rows: list | None = None, only_eligible: bool = False,
                   closest_only: bool = False) -> list[FigureHit]:
        """Figures that may answer q, scored, best first. The work is bounded by the reports involved,
        not by the corpus: all figures of the named reports (an index lookup by report), or, when the
        question names none, those of the reports its best passages come from plus a label search.
        `rows`: the named reports' figures when the caller has read them (a ranking, in one query).
        `only_eligible`: the answering figures alone, without the closest others (the figures that
        cannot cover the metric's words are then not weighed at all: most of a budget's cells).
        `closest_only`: when none answers, the few closest to offer: only the figures whose label is
        nearest the metric are weighed in full."""
        chunk_rank = {h.chunk_id: n for n, h in enumerate(hits, 1)}
        if rows is None:
            if doc_ids is None or len(doc_ids) > MAX_NAMED_REPORTS:
                doc_ids = self._likely_reports(v, q, hits, doc_ids)
            rows = v.store.figures_of(doc_ids)
        metric = bigrams(q.metric)
        grams = (metric, bigrams(q.alternatives) - metric)
        key = v.weights.key_gram(q.word_grams)  # once per question, not per figure
        forms = key_forms(q, key)
        if len(rows) > PREFILTER_FROM and q.content_words:
            # A figure none of whose words (label, sentence, headings) is a word of the metric can
            # neither answer nor be close: skip weighing it (a budget PDF holds thousands of cells).
            words = forms_pattern(tuple(q.content_words))  # not `forms`: weigh_figure's
            rows = [r for r in rows if words.search(r["label"]) or words.search(r["sentence"])
                    or words.search(r["section"] or "")]
        if closest_only and len(rows) > CLOSEST_POOL:
            # the closest figures offered are those whose label best matches the metric; the other
            # features only reorder them, so the rest of a big report need not be weighed
            near = sorted(range(len(rows)), key=lambda n: -v.weights.recall(
                metric, figure_text(rows[n], v.catalog.reports.get(rows[n]["doc_id"]), v.weights).label)
                - (0.5 if rows[n]["chunk_id"] in chunk_rank else 0.0))[:CLOSEST_POOL]
            rows = [rows[n] for n in sorted(near)]
        weighed = []
        for n, row in enumerate(rows):
            report = v.catalog.reports.get(row["doc_id"])
            if only_eligible and not can_be_eligible(q, row, report, v.weights):
                continue
            ev = weigh_figure(q, row, grams, v.weights, chunk_rank, report, key, forms)
            if only_eligible and not ev.eligible:
                continue
            weighed.append((ev.eligible, ev.score, -n, ev))
        weighed = part_rows(weighed, rows)
        # eligible figures first, then by score: the answer is the best figure that measures what was
        # asked. Hits are made for those and a few more (the closest offered when none answers).
        weighed.sort(key=lambda t: t[:3], reverse=True)
        keep = sum(1 for t in weighed if t[0]) + (0 if only_eligible else CLOSEST_KEPT)
        scored = []
        for _, score, neg_n, ev in weighed[:keep]:
            hit = to_hit(rows[-neg_n], score)
            hit.evidence = ev
            scored.append(hit)
        return scored

    def _likely_reports(self, v: View, q: Question, hits: list[Hit], allowed: list[int] | None) -> list[int]:
        """Reports worth scoring when the question names none: those of the best passages, then
        those whose figure labels match the metric (FTS over labels, common terms dropped)."""
        store = v.store
        docs = list(dict.fromkeys(h.doc_id for h in hits))
        terms = store.selective_terms(query_terms(q.metric + q.alternatives) or query_terms(q.text))
        for row in store.figures_by_id(store.search_figure_ids(terms, allowed, limit=CANDIDATES)):
            if row["doc_id"] not in docs:
                docs.append(row["doc_id"])
        return docs[:MAX_NAMED_REPORTS]

    def _retrieve(self, v: View, q: Question, doc_ids: list[int] | None, k: int = 8) -> list[Hit]:
        """Within named reports, search for what is asked, not for the names that chose them."""
        query = " ".join([q.metric, *q.topics]) if doc_ids and q.metric else q.text
        vector = self.index.embedder.embed([query])[0]  # outside any lock: answer threads encode side by side
        return search_snapshot(v.snap, query, k=k, candidates=max(self.config.candidates, k), doc_ids=doc_ids,
                               vector=vector)

    def _figure_answer(self, q: Question, v: View) -> Answer:
        doc_ids = q.match.doc_ids or None
        if q.match.unknown:
            return self._not_found(q, v, [], reason=f"{'、'.join(q.match.unknown)}的报告")
        if q.match.year_missing:
            groups = q.match.unnarrowed
            if len(groups) == 1 and any(v.catalog.reports[i].year == q.match.year + 1 for i in groups[0]):
                from . import series  # "北京教委2025年收入预算": the 2026 report states its previous year
                answer = series.trend_answer(self, v, q)
                # only a figure the next report states in so many words: one computed back from a
                # stated change may rest on another stage ("比上年执行数增加…" is not last year's budget)
                if answer.found and not any(p.get("computed") for p in answer.series) \
                        and not any("持平" in line for line in answer.details):
                    stated = [p.get("value") for p in answer.series if p.get("found")]
                    answer.figures.sort(key=lambda f: not stated or abs(f.value - stated[0]) > 1e-6)
                    if not _another_stage(answer.figures[0], q.text):
                        return answer
            if len(groups) == 1:  # "2022年执行了多少": the 2023 budget states 2022's 执行数 as such
                later = [i for i in groups[0] if v.catalog.reports[i].year == q.match.year + 1]
                best = self.best_in(v, q, later) if later else None
                if best is not None and best.year == q.match.year and not _another_stage(best, q.text):
                    # weigh_figure binds it to the year; "比上年执行数90万元" is no budget of that year
                    return self._single(q, v, best)
            return self._not_found(q, v, self.candidates(v, q, doc_ids, [], closest_only=True),
                                   reason=f"{q.match.year}年的报告")
        if q.match.kind_missing:
            return self._not_found(q, v, [], reason=f"它的{q.match.kind_missing}报告")
        if doc_ids is None and q.match.year is not None:
            doc_ids = [r.id for r in v.catalog.reports.values() if r.year == q.match.year] or None
        hits = self._retrieve(v, q, doc_ids, k=8 if doc_ids else self.config.candidates)
        good = self.candidates(v, q, doc_ids, hits, only_eligible=True)
        if not good and q.match.doc_ids:
            absent = absence(q, hits, v.catalog)  # "无“三公”经费支出": the report says there is none
            if absent is not None:
                return self._single(q, v, absent, breakdown=False)
        if not good:  # weigh everything now, for the closest figures offered instead
            return self._not_found(q, v, self.candidates(v, q, doc_ids, hits, closest_only=True))
        if doc_ids is None or len({f.doc_id for f in good}) > 1 and len(q.match.groups) != 1:
            per_doc = best_per_doc(good)
            if len(per_doc) > 1 and not q.match.doc_ids:
                return self._per_report(q, v, per_doc)
        from .series import wholes_first  # a part listed under 其中 never stands for the whole it is in
        best = wholes_first([f for f in good if f.doc_id == good[0].doc_id], v.catalog, v.store)[0]
        rivals = tied_rivals(best, good, bool(TOTAL_ASK.search(q.text)))
        if rivals:  # "一共开了多少次会": 常务会议 20 and 党组会议 43 answer it equally; neither is the answer
            return self._not_found(q, v, [best] + rivals, ambiguous=True)
        twins = same_name_elsewhere(best, good, q.text)
        if twins:  # one name with two values or more ("公用经费" under each 科目, two projects' 车辆租赁次数)
            return self._not_found(q, v, [best] + twins, ambiguous=True)
        return self._single(q, v, best)

    def _single(self, q: Question, v: View, best: FigureHit, breakdown: bool = True) -> Answer:
        answer = Answer(question=q.text, found=True, kind="figure",
                        direct=direct_sentence(best, v.catalog), figures=[best])
        cite(answer, best, self._passage(v, best))
        for part in self._breakdown(v, best) if breakdown else ():
            answer.figures.append(part)
            n = cite(answer, part, self._passage(v, part))
            answer.details.append(f"其中{part.label}{shown(part, convert=False)}[{n}]")
        return answer

    def _per_report(self, q: Question, v: View, per_doc: list[FigureHit]) -> Answer:
        per_doc = per_doc[:6]
        answer = Answer(question=q.text, found=True, kind="figure", figures=per_doc,
                        direct=f"{len(per_doc)}份报告披露了{per_doc[0].label}：")
        for f in per_doc:
            n = cite(answer, f, self._passage(v, f))
            answer.details.append(f"{subject(f, v.catalog)}：{label_of(f, v.catalog)}{shown(f)}[{n}]")
        return answer

    def best_in(self, v: View, q: Question, doc_ids: list[int]) -> FigureHit | None:
        """The figure of these reports that answers q, or the report's own statement that there is
        none; None when they hold neither."""
        hits = self._retrieve(v, q, doc_ids)
        ranked = self.candidates(v, q, doc_ids, hits, only_eligible=True)
        if ranked:
            return ranked[0]
        return absence(q, hits, v.catalog)

    def _parts_answer(self, q: Question, v: View) -> Answer:
        """One cited figure per year or per report the question names; a missing part says so."""
        if q.match.unknown and not q.match.groups:
            return self._not_found(q, v, [], reason=f"{'、'.join(q.match.unknown)}的报告")
        if q.metric_parts:  # "会议费和培训费各是多少": one figure per metric, from the reports named
            doc_ids = q.match.doc_ids or None
            return self._per_part(q, v, [(m, q.part(m), doc_ids) for m in q.metric_parts])
        parts: list[tuple[str, list[int] | None]] = []
        several_years = len(q.match.own_years) >= 2
        groups = (q.match.unnarrowed if several_years else q.match.groups) or [list(v.catalog.reports)]
        bound = _years_bound(q.text, groups, q.match.own_years, v.catalog) if several_years else None
        for group in groups[:6] if bound is None else []:
            name = group_name(group, v.catalog) if len(groups) > 1 or q.match.groups else ""
            if several_years:
                for year in sorted(q.match.own_years)[:8]:
                    parts.append((f"{name}{year}年", v.catalog.with_year(group, year)))
            else:
                parts.append((name, group))
        for group, year in bound or []:  # "西安民政局2021年和西安人社局2020年…": each its own year
            parts.append((f"{group_name(group, v.catalog)}{year}年", v.catalog.with_year(group, year)))
        if q.match.unknown and not several_years:  # "长沙公安局和武汉公安局…各多少": 武汉 is not indexed
            parts += [(name, None) for name in q.match.unknown]
            parts.sort(key=lambda part: _position(q.text, part, v.catalog))
        return self._per_part(q, v, [(name, q, doc_ids) for name, doc_ids in parts])

    def _per_part(self, q: Question, v: View, parts: list[tuple[str, Question, list[int] | None]]) -> Answer:
        answer = Answer(question=q.text, found=False, kind="parts", direct="")
        lines = []
        for name, part_q, doc_ids in parts:
            best = self.best_in(v, part_q, doc_ids) if doc_ids or part_q is not q else None
            if best is None:
                why = ("报告中未找到所问的数字" if part_q is not q else
                       "已索引的报告中没有它的报告" if doc_ids is None else
                       "已索引的报告中没有这一年的报告" if not doc_ids else "报告中未找到所问的数字")
                lines.append(f"{name}：{why}。")
                answer.series.append({"label": name, "found": False})
                continue
            answer.figures.append(best)
            n = cite(answer, best, self._passage(v, best))
            said = "" if best.qualifier == "absent" else label_of(best, v.catalog)  # "无机关运行经费" says it whole
            lines.append(f"{name}：{said}{shown(best)}[{n}]")
            answer.series.append(best.point(name))
        found = sum(1 for p in answer.series if p.get("found", True))
        answer.found = found > 0
        first = answer.figures[0] if answer.figures else None
        whose = (f"{subject(first, v.catalog)}{first.year or ''}{'年' if first.year else ''}"
                 if q.metric_parts and first and len({f.doc_id for f in answer.figures}) == 1 else "")
        answer.direct = (f"{whose}共{len(parts)}项，找到{found}项：" if found else
                         f"未在已索引的报告中找到「{q.text}」所问的内容。")
        answer.details = lines
        return answer

    def _compare_answer(self, q: Question, v: View) -> Answer:
        picks: list[FigureHit] = []
        for group in q.match.groups[:4]:
            good = self.candidates(v, q, group, self._retrieve(v, q, group), only_eligible=True)
            if good:  # the report's whole, not a part listed under it (as rankings do)
                from .series import wholes_first
                picks.append(wholes_first(good, v.catalog, v.store)[0])
        if len(picks) < 2:
            return self._figure_answer(q, v) if picks else self._not_found(q, v, [])
        answer = Answer(question=q.text, found=True, kind="compare", figures=picks, direct="",
                        series=[f.point(subject(f, v.catalog)) for f in picks])
        parts = []
        for f in picks:
            n = cite(answer, f, self._passage(v, f))
            parts.append(f"{subject(f, v.catalog)}{label_of(f, v.catalog)}{shown(f)}[{n}]")
        comparable = len({f.unit for f in picks}) == 1
        if comparable:
            hi, lo = max(picks, key=lambda f: f.value), min(picks, key=lambda f: f.value)
            diff = hi.value - lo.value
            winner = lo if q.less else hi
            word = "少" if q.less else "多"
            answer.direct = (f"{subject(winner, v.catalog)}{word}。" if diff else "两者相同。")
            answer.computed = {"difference": diff, "unit": hi.unit}
            if diff:
                parts.append(f"（{COMPUTED}：两者相差{format_value(diff, hi.unit)}）")
        else:
            answer.direct = "各报告的数字单位不同，无法直接比较："
        answer.details = parts
        return answer

    def _not_found(self, q: Question, v: View, ranked: list[FigureHit],
                   reason: str | None = None, ambiguous: bool = False) -> Answer:
        answer = Answer(question=q.text, found=False, kind="figure",
                        direct=f"未在已索引的报告中找到「{q.text}」所问的内容。")
        if ambiguous:
            answer.direct = f"报告中有不止一项符合「{q.text}」，请说明问的是哪一项。"
        if reason:
            answer.direct += f"已索引的报告中没有{reason}。"
        closest = distinct([f for f in ranked if f.score > 0])[:3]
        if closest:
            answer.details.append("符合的各项：" if ambiguous else "相近的数字（供参考，并非所问）：")
        places = {}  # label → the sections it is under
        for f in closest:
            places.setdefault(f.label, set()).add(f.section)
        for f in closest:
            n = cite(answer, f, self._passage(v, f))
            label = label_of(f, v.catalog)
            year = f"{f.year}年" if f.year and not label.startswith(str(f.year)) else ""  # not "2026年2026年度…"
            # one name twice (two projects' 车辆租赁次数): where each is tells them apart
            where = f"（{f.section.split(' / ')[-1]}）" if len(places[f.label]) > 1 and f.section else ""
            answer.details.append(f"{subject(f, v.catalog)}{year}{label}{where}{shown(f)}[{n}]")
        answer.closest = closest
        return answer

    # -- text answers --------------------------------------------------------------------------
    def _text_answer(self, q: Question, v: View) -> Answer:
        doc_ids = q.match.doc_ids or None
        if q.match.unknown:
            return self._not_found(q, v, [], reason=f"{'、'.join(q.match.unknown)}的报告")
        if q.match.year_missing:
            return self._not_found(q, v, [], reason=f"{q.match.year}年的报告")
        hits = self._retrieve(v, q, doc_ids, k=12)
        asked = bigrams(q.metric)
        for h in hits:
            if any(t in h.section for t in q.topics):
                h.score += 1.0  # a passage under a heading that names the topic answers best
            # and one that says what was asked in so many words
            h.score += 0.5 * v.weights.recall(asked, bigrams(h.text))
        hits.sort(key=lambda h: h.score, reverse=True)
        if not hits:
            return Answer(question=q.text, found=False, kind="text",
                          direct=f"未在已索引的报告中找到「{q.text}」所问的内容。")
        top = self._section_start(v, hits[0], q.topics)
        answer = Answer(question=q.text, found=True, kind="text",
                        direct=f"{top.title}「{top.section or '正文'}」写道：")
        for passage in self._following_passages(v, top, hits)[:3]:
            answer.citations.append(Citation(
                n=len(answer.citations) + 1, doc=passage.title, source=passage.source,
                section=passage.section, text=passage.text, passage=passage.text, score=passage.score))
        answer.details.append(top.text)
        return answer

    def _section_start(self, v: View, hit: Hit, topics: list[str]) -> Hit:
        """If the hit sits inside a section named for the topic ("一、主要职能 / 10.…"), answer
        from that section's first passage: lists are read from the start."""
        parts = hit.section.split(" / ")
        depth = next((n for n, p in enumerate(parts) if any(t in p for t in topics)), None)
        if depth is None:
            return hit
        prefix = " / ".join(parts[: depth + 1])
        row = v.store.first_chunk_in_section(hit.doc_id, prefix)
        if row is None or row["id"] == hit.chunk_id:
            return hit
        return Hit.from_row(row, hit.score)

    def _following_passages(self, v: View, top: Hit, hits: list[Hit]) -> list[Hit]:
        """The best passage and the two after it (lists such as 职能 一、二、三… run on across
        chunks and numbered headings), then other hits."""
        seq = v.store.chunks_by_id([top.chunk_id])[top.chunk_id]["seq"]
        following = v.store.chunks_after(top.doc_id, seq, 2)
        chosen = [top] + [Hit.from_row(r, top.score) for r in following]
        ids = {h.chunk_id for h in chosen}
        return chosen + [h for h in hits if h.chunk_id not in ids]

    # -- helpers -------------------------------------------------------------------------------
    def _passage(self, v: View, f: FigureHit) -> str:
        rows = v.store.chunks_by_id([f.chunk_id]) if f.chunk_id else {}
        return rows[f.chunk_id]["text"] if rows else f.quote

    def _breakdown(self, v: View, best: FigureHit) -> list[FigureHit]:
        """The parts the report lists right after the figure ("其中…"), same unit, same paragraph."""
        rows = v.store.figures_near(best.doc_id, best.start + 1, best.start + 400)
        passage = self._passage(v, best)
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


TWINS_KEPT = 3


def tied_rivals(best: FigureHit, good: list[FigureHit], total_asked: bool = False) -> list[FigureHit]:
    """Other lines of the same report that answer the question exactly as well as the best, with
    another value: the question does not say which of them it means (a tie is no evidence)."""
    row = best.label.split(" ")[0]
    others = [f for f in good if f is not best and f.doc_id == best.doc_id and abs(f.value - best.value) > 1e-9
              and f.label.split(" ")[0] != row and f.unit == best.unit]
    tied = [f for f in others if abs(f.score - best.score) < 1e-6]
    if tied or not (total_asked and _vague(best)) or _SUMS.search(best.label):
        return tied
    # "一共开了多少次会" where no total is stated: the asked words are a small part of each of several lines'
    # names (组织召开党组会议次数 43, 市政府常务会议场次 20); a part with a little shorter name is no total
    return [f for f in others if _vague(f) and best.score - f.score < NEAR_TIE and not _SUMS.search(f.label)
            and set(f.evidence.covered) == set(best.evidence.covered)]


VAGUE_PRECISION = 0.1  # weighted label_precision: the question says under a sixth of the label's words
NEAR_TIE = 0.1
_SUMS = re.compile(r"合计|总计|小计|总额|总数|共计|^总|一共|全年")


def _vague(f: FigureHit) -> bool:
    return f.evidence is not None and f.evidence.features.get("label_precision", 1.0) < VAGUE_PRECISION


_FUND_PART = re.compile(r"一般公共预算|财政拨款|政府性基金|国有资本经营")


def same_name_elsewhere(best: FigureHit, good: list[FigureHit], question: str = "") -> list[FigureHit]:
    """Eligible figures of the same report with the answer's own label and another value: two
    projects that each set a "车辆租赁次数" target, two sentences naming one line. The question does
    not say which it means. One per value, at most TWINS_KEPT. A figure under a fund's own section
    (一般公共预算基本支出情况说明) that the question does not name, beside the answer under none, is the
    fund's part of the same line, not another reading of it."""
    best_funds = set(_FUND_PART.findall(best.section or ""))

    def fund_part(f: FigureHit) -> bool:
        said = set(_FUND_PART.findall(f.section or ""))
        return bool(said) and not said & best_funds and not any(w in question for w in said)

    def budget_cell(f: FigureHit) -> bool:  # repeats under other funds' tables by design (收支总表, 财政拨款表…)
        return " | " in f.quote and not INDICATOR_CELL.search(f.label)

    twins: dict[float, FigureHit] = {}
    if budget_cell(best):
        return []
    for f in good:
        # (one sentence naming a line twice compares it with another year: "…1.50 亿元，同比 2025 年…5000 万元")
        if not budget_cell(f) and f.doc_id == best.doc_id and f.label == best.label and f.unit == best.unit \
                and f.year == best.year and abs(f.value - best.value) > 1e-9 and f.value not in twins \
                and f.quote != best.quote and not fund_part(f):
            twins[f.value] = f
    return list(twins.values())[:TWINS_KEPT]


def _another_stage(f: FigureHit, question: str) -> bool:
    """A previous year's figure stated as another stage than asked: "比上年执行数 389,089 万元" is what
    was spent, not last year's budget, unless the question asks 执行数/决算."""
    at = f.quote.find(f.value_text)
    lead = f.quote[max(0, at - 12):at] if at >= 0 else ""
    return bool(SPENT_WORDS.search(lead)) and not SPENT_WORDS.search(question)


def _years_bound(question: str, groups: list[list[int]], years: list[int],
                 catalog: ReportCatalog) -> list[tuple[list[int], int]] | None:
    """Each department with the year written right after it ("A2021年和B2020年"), when the question
    names as many years as departments, alternately; else None (every year of every department)."""
    if len(groups) < 2 or len(groups) != len(years):
        return None

    def at(group):  # where its own name is: the longest of its names the question uses (not the shared 西安)
        names = [w for i in group[:5] for w in catalog.names_of(i) if w in question]
        return question.find(max(names, key=len)) if names else -1

    named = sorted((at(g), n) for n, g in enumerate(groups))
    said = sorted((question.find(f"{y}"), y) for y in years)
    order = [at for pair in zip(named, said) for at in (pair[0][0], pair[1][0])]
    if order != sorted(order) or min(order) < 0:
        return None
    return [(groups[n], year) for (_, n), (_, year) in zip(named, said)]


def _position(question: str, part: tuple[str, list[int] | None], catalog: ReportCatalog) -> int:
    """Where the question names a part, so the answer lists parts in the question's order."""
    name, doc_ids = part
    if doc_ids is None:
        return question.find(name)
    places = [question.find(w) for i in doc_ids[:5] for w in catalog.names_of(i) if w in question]
    return min(places, default=len(question))
