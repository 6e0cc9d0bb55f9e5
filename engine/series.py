"""Across years and reports (issue 12): a trend of one department over several years, a ranking of
the reports that match the question's filters, and a total over several reports.

Each report's figure is one `best_in` would accept (the issue 8 evidence rules: every content
word of the metric covered, the stage carried, the unit fitting), so a ranking never mixes
different measures; of those, the report's whole is taken over a part of it (a line listed under
其中 after it, a 本级 line), so a ranking compares departments' totals. A trend year without its own report may come from the next year's report when
that report states the previous year ("比2025年年初预算数44021.20万元增加…", "比上年减少32.23万元",
"与上年持平"): cited as such, and marked computed when derived from a stated change. Every number
an answer shows is in a cited sentence or inside a （计算值…） mark (engine/verify.py).
"""
from __future__ import annotations

import re
from dataclasses import replace

from index.numbers import format_money, format_value
from index.search import search_groups

from .absence import absence
from .answer import MAX_NAMED_REPORTS
from .model import Answer, Citation, FigureHit
from .present import COMPUTED, cite, shown, to_hit
from .reports import without_own_level
from .scoring import forms_of

MAX_RANKED = 50  # reports compared in one ranking; more matching reports are named as left out
MAX_YEARS = 12  # years in one trend
_CN_DIGITS = "零一二三四五六七八九"

# Words that ask for a series, not part of what is measured.
_SERIES_NOISE = re.compile(
    r"走势|趋势|变化情况|变动情况|变化|变动|怎么变的?|如何变化|分别|各是|各为|排个?序|排名|排行|比一比|比较一下|比较"
    r"|哪(?:个|家|一个)|谁的?|最(?:多|少|高|低|大|小)|加起来|加在一起|总和|一共|总共|共计|合计|所有|全部"
    r"|[两二三四五六七八九十几\d]+个(?:部门|单位)|各个?(?:部门|单位)?|(?:部门|单位)里|前[一二三四五六七八九十\d]+(?:名|位|个)?"
    r"|这[两三四五\d]?几?年|近[两三四五六七八九十\d]+年|历年|逐年|每年")
_EDGE = re.compile(r"^(?:[和与及、的里中所]|[两三四五六七八九十几]个)+|[和与及、的]+$|(?<=[^\s])[多少高低大小]$")
_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*(?:到|至|-|—|–|~|～)\s*((?:19|20)\d{2})")
_RECENT = re.compile(r"(?:近|最近|这)([两二三四五六七八九十\d]+)年")
_ALL_YEARS = re.compile(r"历年|逐年|每年|这几年|各年")
_TOP = re.compile(r"前([一二两三四五六七八九十\d]+)(?:名|位|个)?")
_LEAST = re.compile(r"最(?:少|低|小)|哪(?:个|家|一个)[^，。？?]*(?:少|低|小)|谁[^，。？?]*(?:少|低|小)|从小到大|由少到多|倒序")
_UP = re.compile(r"增加|增长|上升|提高|多")
_DOWN = re.compile(r"减少|下降|降低|减低|缩减|压减|少")


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    text = text.replace("两", "二")
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.index(text[1])
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.index(tens) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    return _CN_DIGITS.index(text) if len(text) == 1 and text in _CN_DIGITS else None


def ordinal(n: int) -> str:
    """第一, 第二 … 第五十: written out, so the verbatim check never reads a rank as a figure."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def series_question(q):
    """The question as one report would be asked it: the series words taken out of the metric, and
    "变化" read as asking for the amounts (the changes are computed), not for a stated change."""
    metric = _SERIES_NOISE.sub("", q.metric)
    for _ in range(2):
        metric = _EDGE.sub("", metric)
    change = q.change and not re.search(r"变化|变动|怎么变|走势|趋势|持平", q.text)
    metric = metric or q.metric
    alternatives = q.alternatives
    if len(metric) <= 2 and alternatives:  # "谁的车多": too little to match on, as analyse() does
        metric, alternatives = metric + alternatives, ""
    return replace(q, metric=metric, alternatives=alternatives, change=change, years_bind=False)


def dept_name(report) -> str:
    """What a report's department is called: its title up to the year ("杭州市公安局")."""
    name = re.split(r"(?:19|20)\d{2}", report.title)[0].strip() or report.title
    return without_own_level(name)


class Finder:
    """best_in for many report groups with one question vector and one search: the question is
    embedded once, and all groups are searched together (index.search.search_groups), not one
    search per department or year."""

    def __init__(self, engine, v, q):
        self.engine, self.v, self.q = engine, v, q
        self.query = " ".join([q.metric, *q.topics]) if q.metric else q.text
        self.vector = engine.index.embedder.embed([self.query])[0]

    def best(self, groups: list[list[int]]) -> list[tuple[FigureHit | None, list[FigureHit]]]:
        """For each group of reports: (its answer or its statement of none, every eligible figure)."""
        if not groups:
            return []
        found = []
        hits = search_groups(self.v.snap, self.query, groups, k=8,
                             candidates=max(self.engine.config.candidates, 8), vector=self.vector)
        rows = self._figures(groups)
        for docs, group_hits in zip(groups, hits):
            mine = [r for d in sorted(set(docs)) for r in rows.get(d, ())] if len(docs) <= MAX_NAMED_REPORTS else None
            ranked = self.engine.candidates(self.v, self.q, docs, group_hits, rows=mine, only_eligible=True)
            good = wholes_first(ranked, self.v.catalog, self.v.store)
            found.append((good[0], good) if good else (absence(self.q, group_hits, self.v.catalog), []))
        return found


    def _figures(self, groups: list[list[int]]) -> dict[int, list]:
        """The figures of every group's reports that may be eligible, by report, in one query: those
        whose label, sentence or headings hold a form of every content word of the metric (a figure
        lacking one cannot cover it, scoring.forms_of), in the order candidates() reads them."""
        forms = [sorted(forms_of(w)) for w in self.q.content_words]
        by_doc: dict[int, list] = {}
        small = sorted({d for g in groups if len(g) <= MAX_NAMED_REPORTS for d in g})
        for row in self.v.store.figures_mentioning(small, forms):
            by_doc.setdefault(row["doc_id"], []).append(row)
        return by_doc


_PART_LABEL = re.compile(r"本级|其中")
PARTS_CHECKED = 20  # eligible figures looked at for a whole before the best scored one is kept
WHOLE_PRECISION_MARGIN = 0.1  # label precision (of 0.6) by which a part names the metric better than its whole
WHOLE_RECALL_MARGIN = 1.0  # label recall (of 2.0): the part's label says most of the metric, the whole's little


def _sentence_span(f: FigureHit) -> tuple[int, int]:
    """Where f's sentence lies in its report's text (from its number's offset and place in it)."""
    at = max(f.quote.find(f.value_text), 0)
    return f.start - at, f.start - at + len(f.quote)


def listed_within(f: FigureHit, g: FigureHit, between=None) -> bool:
    """f is one of the parts listed after g: in g's sentence after 其中 ("政府采购预算总额181814.66万元，
    其中：…政府采购服务预算30562.63万元"), or in the next sentence when it opens with 其中 ("收入预算为
    15184.81万元。" "其中：一般公共预算拨款收入10984.81万元…"). Same report and unit, g first."""
    if f.doc_id != g.doc_id or f.unit != g.unit or g.start >= f.start or " | " in f.quote + g.quote:
        return False
    if f.quote == g.quote:
        gap, text = f.start - g.start, f.quote
        at = text.find(g.value_text)
        while at >= 0:
            if text[at + gap:at + gap + len(f.value_text)] == f.value_text:
                return "其中" in text[at + len(g.value_text):at + gap]
            at = text.find(g.value_text, at + 1)
        return False
    (_, g_end), (f_start, _) = _sentence_span(g), _sentence_span(f)
    if f.quote.lstrip().startswith("其中") and 0 <= f_start - g_end <= 3:
        return g.value >= f.value
    # "…8941.32 万元；其中一般公共预算⏎拨款政府采购 11307.34 万元": a line break cut 其中 off f's sentence
    gap = between(f, g_end, f_start) if between is not None and 0 <= f_start - g_end <= 16 else ""
    return "其中" in gap and g.value >= f.value


def _part_label(f: FigureHit, catalog) -> bool:
    """A label that names a part of its report's whole: a 本级 line (the department's own unit, in a
    report of the whole department) or a table's 其中 column."""
    report = catalog.reports.get(f.doc_id)
    title = report.title if report is not None else ""
    return bool(_PART_LABEL.search(f.label)) and not _PART_LABEL.search(title)


def text_between(store):
    """A reader of the words between two sentences of a figure's chunk (listed_within's `between`)."""
    def between(f: FigureHit, start: int, end: int) -> str:
        chunk = store.chunks_by_id([f.chunk_id]).get(f.chunk_id) if f.chunk_id else None
        if chunk is None or not chunk["start"] <= start <= end:
            return ""
        return chunk["text"][start - chunk["start"]:end - chunk["start"]]
    return between


def wholes_first(good: list[FigureHit], catalog, store=None) -> list[FigureHit]:
    """A report's eligible figures (best first) with the whole its best one is part of put first:
    the same evidence rules decide which figures measure what was asked, and of those a part of
    another (listed after it under 其中, a 本级 line, a 其中 column) never stands for the report."""
    if not good:
        return good
    best, seen = good[0], set()
    between = text_between(store) if store is not None else None
    while id(best) not in seen:
        seen.add(id(best))
        whole = next((g for g in good[:PARTS_CHECKED] if g is not best and listed_within(best, g, between)
                      and not _says_more(g, best)), None)
        if whole is None and _part_label(best, catalog):
            whole = next((g for g in good[:PARTS_CHECKED] if g.doc_id == best.doc_id and g.unit == best.unit
                          and not _part_label(g, catalog)), None)
        if whole is None:
            break
        best = whole
    if " | " in best.quote:  # the text's own sentence for the same amount reads plainer than a cell
        best = next((g for g in good[:PARTS_CHECKED] if " | " not in g.quote and g.doc_id == best.doc_id
                     and same_figure(g, best) and not _part_label(g, catalog)), best)
    return good if best is good[0] else [best] + [g for g in good if g is not best]


def _says_more(whole: FigureHit, part: FigureHit) -> bool:
    """Whether the part's label states what was asked clearly better than its whole's: "公务用车购置
    预算支出 154.97" under "公务用车购置及运行维护费 299.12" answers 公务用车购置 itself."""
    if whole.evidence is None or part.evidence is None:
        return False
    precision = lambda f: f.evidence.features.get("label_precision", 0.0)
    recall = lambda f: f.evidence.features.get("label_recall", 0.0)
    # or the part's label says the metric and the whole's only its sentence does: "其中：公务用车运行费
    # 32.00 万元" under "公务用车购置及运行费…预算安排 293.90 万元", asked 公务用车运行费
    return precision(part) - precision(whole) > WHOLE_PRECISION_MARGIN \
        or recall(part) - recall(whole) > WHOLE_RECALL_MARGIN


def _not_found(q, reason: str = "") -> Answer:
    return Answer(question=q.text, found=False, kind=q.kind,
                  direct=f"未在已索引的报告中找到「{q.text}」所问的内容。{reason}")


def _change_note(prev: dict, cur: dict) -> str:
    """The change from one point to the next, computed: amount and percent."""
    if prev["unit"] != cur["unit"]:
        return ""
    diff = cur["value"] - prev["value"]
    if abs(diff) < 1e-9:
        return f"（{COMPUTED}：与上年持平）"
    word = "增加" if diff > 0 else "减少"
    amount = format_value(abs(diff), cur["unit"])
    if cur["unit"] == "元" and "万" in str(prev.get("value_text", "")) + str(cur.get("value_text", "")):
        amount = format_money(abs(diff), "万元")  # in the unit the reports write
    text = f"{word}{amount}"
    if prev["value"]:
        text += f"，{'增长' if diff > 0 else '下降'}{abs(diff) / abs(prev['value']) * 100:.2f}%"
    return f"（{COMPUTED}：比上年{text}）"


# -- trends ------------------------------------------------------------------------------------------

def asked_years(q, report_years: list[int]) -> tuple[list[int], bool]:
    """The years a trend asks for, in order, and whether a year before the first report may be
    taken from that report's own statement of its previous year."""
    text = q.text
    if q.kind == "figure" and len(q.match.own_years) == 1:  # one year, read from the next year's report
        return q.match.own_years, False
    m = _RANGE.search(text)
    if m:
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        return list(range(a, b + 1))[-MAX_YEARS:], False
    if len(q.match.own_years) >= 2 or len(q.match.years) >= 2 and not q.match.own_years:
        return sorted(set(q.match.own_years or q.match.years))[-MAX_YEARS:], False
    recent = _RECENT.search(text)
    latest = max(report_years) if report_years else None
    if recent and latest is not None:
        n = _cn_number(recent.group(1)) or 3
        return list(range(latest - n + 1, latest + 1))[-MAX_YEARS:], False
    if report_years:  # 历年, 这几年, or no years: every year held, and the one before if stated
        return sorted(set(report_years))[-MAX_YEARS:], True
    return [], False


def _at(text: str, offset: int, value_text: str, default_from: int = 0) -> int:
    """Where value_text sits in a chunk's text: at its recorded offset, else its first place after
    default_from."""
    if text[offset:offset + len(value_text)] == value_text:
        return offset
    return text.find(value_text, default_from)


def previous_from(v, f: FigureHit, year: int, content_words: list[str]) -> dict | None:
    """The value of `year` that the report of the next year states beside its own figure f: a stated
    previous value ("比2025年年初预算数44021.20万元增加…"), a stated change computed back ("较上年
    减少32.23万元"), or "持平" — in f's sentence or, for 持平, a later sentence of its paragraph that
    names the same metric. None when it states none."""
    if f.year is None or year != f.year - 1 or not f.chunk_id or f.qualifier == "absent":
        return None
    chunk = v.store.chunks_by_id([f.chunk_id]).get(f.chunk_id)
    if chunk is None:
        return None
    text, offset = chunk["text"], chunk["start"]
    at = _at(text, f.start - offset, f.value_text)
    if at < 0:
        return None
    after_at = at + len(f.value_text)
    stop = re.search(r"[。；;]", text[after_at:])  # not a line break: PDF lines wrap mid-sentence
    end = after_at + (stop.start() if stop else len(text) - after_at)
    base = rf"(?:比|较|与|同|和|对比)\s*(?:上一?年度?|去年|{year}\s*年度?)"
    for row in v.store.figures_near(f.doc_id, f.start + 1, offset + end):
        pos = _at(text, row["start"] - offset, row["value_text"], after_at)
        if pos < after_at:
            continue
        between = text[after_at:pos]
        if not re.search(base, between) or len(between) > 40:
            continue
        qual = row["qualifier"] or ""
        # "较上年的 7.80 万元增加…": the base's own value, though its clause starts like a change
        stated_base = re.search(base + r"\s*(?:的|为|是)\s*$", between)
        if row["unit"] == f.unit and ("change" not in qual or stated_base) and "share" not in qual \
                and not re.search(r"增加|减少|增长|下降|上升|降低", between):
            return {"value": row["value"], "row": row, "how": "stated"}
        if row["unit"] == f.unit and row["unit"] != "%":
            lead = between[-12:]
            sign = -1 if _UP.search(lead) and not _DOWN.search(lead) else 1 if _DOWN.search(lead) else 0
            if sign:
                return {"value": round(f.value + sign * row["value"], 4), "row": row, "how": "change",
                        "word": "减少" if sign > 0 else "增加"}
    if re.search(base + r"[^，。；;]{0,12}持平", text[after_at:end]):
        return {"value": f.value, "row": None, "how": "flat", "sentence": None}
    for sentence in re.findall(r"[^。；;\n]*持平[^。；;\n]*[。；;]?", text[end:end + 800]):
        # "2025 年“三公”经费预算与 2024 年持平": a sentence of its own, about the same metric
        plain = re.sub(r"[“”\"'‘’\s]", "", sentence)
        if re.search(base.replace(r"\s*", ""), plain) and content_words \
                and all(w in plain for w in content_words) and not re.search(r"\d+(?:\.\d+)?\s*[万亿]?元", sentence):
            return {"value": f.value, "row": None, "how": "flat", "sentence": sentence.strip()}
    if " | " in f.quote:  # a table row: its 上年预算数 column
        name = f.label.split(" ")[0]
        for row in v.store.figures_near(f.doc_id, f.start - 2000, f.start + 2000):
            if row["sentence"] == f.quote and row["id"] != f.id and "上年" in row["label"] \
                    and not re.search(r"结转|结余", row["label"]) \
                    and row["label"].split(" ")[0] == name and row["unit"] == f.unit and not row["qualifier"]:
                return {"value": row["value"], "row": row, "how": "stated"}
    return None


def trend_answer(engine, v, q) -> Answer:
    m = q.match
    if m.unknown:
        return _not_found(q, f"已索引的报告中没有{'、'.join(m.unknown)}的报告。")
    groups = m.unnarrowed or m.groups
    if len(groups) != 1:
        return _not_found(q, "请说明是哪个部门的数字。")
    group = groups[0]
    if m.kind:
        group = [i for i in group if v.catalog.reports[i].kind == m.kind] or group
    reports = [v.catalog.reports[i] for i in group]
    years, before_first = asked_years(q, [r.year for r in reports if r.year])
    if not years:
        return _not_found(q, "报告没有年份。")
    sq = series_question(q)
    finder = Finder(engine, v, sq)
    name = dept_name(reports[0])
    # one year asked as a figure: its own report, else the next year's statement of it
    lookup = years + [years[-1] + 1] if q.kind == "figure" else years
    held = [(year, v.catalog.with_year(group, year)) for year in lookup]
    held = [(year, docs) for year, docs in held if docs]
    found: dict[int, tuple[FigureHit, list[FigureHit]]] = {
        year: (best, good) for (year, _), (best, good) in zip(held, finder.best([d for _, d in held]))
        if best is not None}
    if before_first and years and years[0] - 1 not in years:
        years = [years[0] - 1, *years]
    answer = Answer(question=q.text, found=False, kind="trend", direct="")
    lines, missing = [], []
    prev_point = None
    for year in years:
        point, line = _trend_point(v, answer, year, found, sq.content_words)
        if point is None:
            if before_first and year == years[0]:
                continue  # the year before the first report, not asked and not stated: not a gap
            has_report = bool(v.catalog.with_year(group, year))
            missing.append(year)
            lines.append(f"{year}年：{'报告中未找到所问的数字' if has_report else '已索引的报告中没有这一年的报告'}。")
            answer.series.append({"label": f"{year}年", "found": False, "year": year})
            prev_point = None
            continue
        if prev_point is not None:
            line += _change_note(prev_point, point)
        lines.append(line)
        answer.series.append(point)
        prev_point = point
    got = [p for p in answer.series if p.get("found")]
    answer.found = bool(got)
    metric = sq.metric
    span = f"{years[0]}年至{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    if not got:
        return _not_found(q, f"{name}{span}的报告中没有{metric}的数字。" if metric else "")
    answer.direct = f"{name}{span}{metric}，按年份："
    if missing:
        answer.direct += f"（缺{'、'.join(f'{y}年' for y in missing)}）"
    answer.details = lines
    return answer


def _trend_point(v, answer: Answer, year: int, found: dict, content_words: list[str]) -> tuple[dict | None, str]:
    """The point of one year: the year's own report, else the next year's statement of it."""
    if year in found:
        f, _ = found[year]  # Finder.best's wholes_first already prefers the text's sentence to a cell
        answer.figures.append(f)
        n = cite(answer, f, _passage(v, f))
        return f.point(f"{year}年") | {"year": year}, f"{year}年：{f.label} {shown(f)}[{n}]"
    if year + 1 not in found:
        return None, ""
    best, good = found[year + 1]
    for f in [best] + [g for g in good if g is not best and same_figure(g, best)]:
        prev = previous_from(v, f, year, content_words)
        if prev is None:
            continue
        if f not in answer.figures:
            answer.figures.append(f)
        passage = _passage(v, f)
        n = cite(answer, f, passage)
        point = {"label": f"{year}年", "found": True, "value": prev["value"], "unit": f.unit, "doc": f.doc,
                 "source": f.source, "year": year, "from_previous": True}
        if prev["row"] is not None:  # the sentence that states it (a PDF line break may have cut f's)
            hit = to_hit(prev["row"], 0.0)
            answer.figures.append(hit)
            n = cite(answer, hit, passage)
        if prev["how"] == "stated":
            point["value_text"] = hit.value_text
            return point, f"{year}年：{shown(hit)}[{n}]（{year + 1}年报告所列上年数）"
        if prev["how"] == "flat":
            if prev.get("sentence"):
                n = cite_sentence(answer, f, prev["sentence"], passage)
            point["value_text"] = f.value_text
            return point, f"{year}年：{f.value_text}（{year + 1}年报告写明与上年持平）[{n}]"
        point |= {"value_text": hit.value_text, "computed": True}
        return point, (f"{year}年：（{COMPUTED}：{format_value(prev['value'], f.unit)}，由{year + 1}年报告的本年数"
                       f"与所述{prev['word']}额推算）[{n}]")
    return None, ""


def same_figure(a: FigureHit, b: FigureHit) -> bool:
    """Whether two figures state one amount, each as precisely as it is written (a table's
    299,250.00 元 and the text's 29.92 万元)."""
    return abs(a.value - b.value) <= max(_half_step(a), _half_step(b)) + 1e-6


def _half_step(f: FigureHit) -> float:
    """Half the last written digit of f, in f's base unit (29.92 万元 → 50 元)."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", f.value_text or "")
    number = float(m.group().replace(",", "")) if m else 0.0
    if not number:
        return 0.0
    return abs(f.value / number) * 10 ** -len(m.group(1) or "") / 2


def cite_sentence(answer: Answer, f: FigureHit, sentence: str, passage: str) -> int:
    """Cite a sentence of f's report that is not a figure's own ("与2024年持平")."""
    for c in answer.citations:
        if c.text == sentence and c.source == f.source:
            return c.n
    n = len(answer.citations) + 1
    answer.citations.append(Citation(n=n, doc=f.doc, source=f.source, section=f.section, text=sentence,
                                     passage=passage, score=0.0))
    return n


def _passage(v, f: FigureHit) -> str:
    rows = v.store.chunks_by_id([f.chunk_id]) if f.chunk_id else {}
    return rows[f.chunk_id]["text"] if rows else f.quote


# -- rankings and totals -----------------------------------------------------------------------------

def type_words(q, catalog) -> list[str]:
    """Department types the question names without a place ("各公安局", "卫健委"): an organisation
    word, in its full form, that reports of several places hold."""
    words = []
    groups = [set(g) for g in (q.match.unnarrowed or q.match.groups)]
    for w in q.match.words:
        if w in catalog.by_region or w not in catalog.by_org:
            continue
        ids = catalog.by_org[w]
        if set(ids) not in groups:
            continue  # narrowed by a place named with it ("北京财政局"): one department, not a type
        names = {dept_name(catalog.reports[i]) for i in ids}
        if len(names) >= 2:
            full = {without_own_level(catalog.reports[i].org or "") for i in ids}
            suffix = min(full, key=len) if full else w
            words.append(w)
            for f in full:  # "深圳市卫生健康委员会" holds the type "卫生健康委员会"
                for cut in range(len(f)):
                    if f[cut:] and all(x.endswith(f[cut:]) for x in full) and len(f[cut:]) >= 2:
                        suffix = f[cut:]
                        break
            words.append(suffix)
    return list(dict.fromkeys(words))


def scope(v, q) -> tuple[list[list[int]], int, list[str]]:
    """The reports a ranking or total covers, one group per department: the question's named groups
    (or every report), widened to every report of a department type it names, narrowed by year and
    report kind. Returns (groups, how many departments matched, the filters applied)."""
    catalog, m = v.catalog, q.match
    ids = sorted({i for g in (m.unnarrowed or m.groups) for i in g}) if m.groups else list(catalog.reports)
    filters = []
    types = type_words(q, catalog)
    if types:
        ids = sorted(set(ids) | {r.id for r in catalog.reports.values() if any(t in r.title for t in types)})
        filters.append(types[0])
    years = m.own_years
    if years:
        ids = [i for i in ids if catalog.reports[i].year in years]
        filters.append("、".join(f"{y}年" for y in years))
    for word in ("单位预算", "部门预算", "部门决算", "单位决算"):
        if word in q.text:
            narrowed = [i for i in ids if word in catalog.reports[i].title]
            if narrowed:
                ids, _ = narrowed, filters.append(word)
            break
    else:
        kind = m.kind or (q.budget_word if q.budget_word else None)
        narrowed = [i for i in ids if catalog.reports[i].kind == kind] if kind else ids
        if kind and narrowed and len(narrowed) < len(ids):
            ids = narrowed
            filters.append(kind)
    by_dept: dict[str, list[int]] = {}
    for i in ids:
        by_dept.setdefault(catalog.department[i], []).append(i)
    groups = []
    for docs in by_dept.values():  # no year asked: each department's latest report
        latest = max((catalog.reports[i].year or 0) for i in docs)
        groups.append([i for i in docs if (catalog.reports[i].year or 0) == latest])
    return groups, len(groups), filters


def _collect(engine, v, q):
    """One figure per department of the question's scope."""
    groups, matched, filters = scope(v, q)
    groups = groups[:MAX_RANKED]
    sq = series_question(q)
    finder = Finder(engine, v, sq)
    picks, without = [], []
    for docs, (best, _) in zip(groups, finder.best(groups)):
        if best is None:
            without.append(dept_name(v.catalog.reports[docs[0]]))
        else:
            picks.append(best)
    return sq, picks, without, matched, filters


def _by_unit(picks: list[FigureHit]) -> tuple[list[FigureHit], list[FigureHit]]:
    """The figures in the most common unit, and the others (never ranked or summed with them)."""
    units: dict[str, int] = {}
    for f in picks:
        units[f.unit] = units.get(f.unit, 0) + 1
    if not units:
        return [], []
    unit = max(units, key=lambda u: (units[u], u == "元"))
    return [f for f in picks if f.unit == unit], [f for f in picks if f.unit != unit]


def _footer(answer: Answer, v, same: list[FigureHit], other: list[FigureHit], without: list[str],
            matched: int) -> None:
    years = sorted({f.year for f in same if f.year})
    if len(years) > 1:
        answer.details.append(f"注意：这些数字出自不同年度的报告（{'、'.join(f'{y}年' for y in years)}），并非同一年。")
    for f in other:
        n = cite(answer, f, _passage(v, f))
        answer.details.append(f"单位不同、未参与：{dept_name(v.catalog.reports[f.doc_id])} {f.label} {shown(f)}[{n}]")
    if without:
        answer.details.append(f"报告中没有所问数字：{'、'.join(without)}。")
    if matched > MAX_RANKED:
        answer.details.append(f"符合条件的部门共{matched}份报告，只比较了前{MAX_RANKED}份；请加上年份、地区或部门缩小范围。")


def _across_reports(engine, v, q):
    """The figures a ranking or a total is made of, one per matching report, in one unit, with the
    reports lacking it; or the "not found" answer when there are none."""
    if q.match.unknown:
        return _not_found(q, f"已索引的报告中没有{'、'.join(q.match.unknown)}的报告。")
    sq, picks, without, matched, filters = _collect(engine, v, q)
    same, other = _by_unit(picks)
    if not same:
        return _not_found(q, f"符合条件的{matched}份报告中都没有所问的数字。" if matched else "没有符合条件的报告。")
    return sq, same, other, without, matched, filters


def rank_answer(engine, v, q) -> Answer:
    gathered = _across_reports(engine, v, q)
    if isinstance(gathered, Answer):
        return gathered
    sq, same, other, without, matched, filters = gathered
    least = bool(_LEAST.search(q.text))
    same.sort(key=lambda f: f.value, reverse=not least)
    top = _TOP.search(q.text)
    shown_n = min(len(same), _cn_number(top.group(1)) or len(same)) if top else len(same)
    answer = Answer(question=q.text, found=True, kind="rank", direct="")
    where = f"（{'、'.join(filters)}）" if filters else ""
    first = dept_name(v.catalog.reports[same[0].doc_id])
    answer.direct = (f"{sq.metric}排名{where}：共{len(same)}份报告参与排名，{first}最{'少' if least else '多'}。"
                     if len(same) > 1 else f"{sq.metric}：只有{first}的报告有这个数字{where}。")
    for n_rank, f in enumerate(same[:shown_n], 1):
        answer.figures.append(f)
        n = cite(answer, f, _passage(v, f))
        year = f"{f.year}年" if f.year else ""
        answer.details.append(f"第{ordinal(n_rank)}名 {dept_name(v.catalog.reports[f.doc_id])}{year}：{f.label} {shown(f)}[{n}]")
        answer.series.append(f.point(dept_name(v.catalog.reports[f.doc_id])))
    if shown_n < len(same):
        answer.details.append(f"只列出前{ordinal(shown_n)}名，共{len(same)}份报告参与排名。")
    _footer(answer, v, same, other, without, matched)
    return answer


def total_answer(engine, v, q) -> Answer:
    gathered = _across_reports(engine, v, q)
    if isinstance(gathered, Answer):
        return gathered
    sq, same, other, without, matched, filters = gathered
    total = round(sum(f.value for f in same), 4)
    unit = same[0].unit
    where = f"（{'、'.join(filters)}）" if filters else ""
    answer = Answer(question=q.text, found=True, kind="total",
                    direct=f"{len(same)}份报告的{sq.metric}合计{where}：（{COMPUTED}：{format_value(total, unit)}，各项相加）",
                    computed={"total": total, "unit": unit})
    for f in same:
        answer.figures.append(f)
        n = cite(answer, f, _passage(v, f))
        year = f"{f.year}年" if f.year else ""
        answer.details.append(f"{dept_name(v.catalog.reports[f.doc_id])}{year}：{f.label} {shown(f)}[{n}]")
        answer.series.append(f.point(dept_name(v.catalog.reports[f.doc_id])))
    _footer(answer, v, same, other, without, matched)
    return answer
