"""Figures: the quantities a report states, each with what it measures and where it is quoted from.

Every figure keeps value_text exactly as doc.text has it (doc.text[start:end] == value_text) so an answer can
quote it verbatim, plus the value in its base unit (money in 元) so questions can be matched by value.

Prose labels — what the number measures — are cut from the clause before the number:
  1. The clause starts after the last ，：、；, list marker ("1.", "（二）"), or the previous figure's text.
  2. "X（类）Y（款）Z（项）" before a number labels it Z (the 项 is the budget line asked about).
  3. Fillers and verbs are stripped at both ends (其中, 共, 全年, a leading "2022年", trailing 为/达/约…);
     quotes are dropped from the label only (“三公”经费 → 三公经费).
  4. After a measure word (个, 名, 家…) the counted noun follows the number and joins the label:
     "坚守岗位的300多名一线职工" → "坚守岗位的一线职工", "建立13个户外劳动者爱心驿站" → "建立 户外劳动者爱心驿站".
  5. A clause without a subject of its own (empty, or starting 占/较/比/与/增加/完成…) takes the label of the
     previous figure in the sentence plus its own words, so questions phrased either way match:
     "日常公用经费18.95万元，占基本支出的12%，较上年下降18%" → 12% "日常公用经费占基本支出" (share),
     18% "日常公用经费较上年下降" (change).
  6. A bare generic word (年初预算, 支出决算, 预算执行数, 开支…) is prefixed with what it is about: the previous
     figure's subject in the sentence, else the item named by the last "X（项）" shortly before ("购房补贴
     年初预算"), else the sentence's earlier clause ("文体活动方面开展情况 开支").
  A clause's year is the last year it names before any 比/较 (after those it is the comparison base), else
  a year opening the sentence, else the report's year.
  7. An empty clause with no figure before it in the sentence borrows the nearest earlier clause
     ("1、项目资金：共计22万元" → 项目资金).
  8. The parts listed after "其中：" are of the whole before them: when that whole is of a fund ("一般公共预算财政拨款
     支出 X 万元。其中：基本支出…；项目支出…"), so are they ("一般公共预算财政拨款基本支出").
Table labels are the row's nearest text cells plus the column header: "基本支出 合计", "住房公积金 人员经费".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.document import Document, Table
from index.numbers import MEASURE_WORDS, NUMBER_PATTERN, QUANTITY_RE, parse_number, read_quantity, to_base


@dataclass
class Figure:
    label: str  # what the number measures, e.g. "困难职工帮扶支出"
    value_text: str  # exactly doc.text[start:end], e.g. "298000元", "5377.64 万元", a table cell "5,377.64"
    value: float  # in the base unit: money in 元
    unit: str  # base unit: 元, %, 人, 人次, 个, …
    qualifier: str | None  # "approx", "change", "share", comma-joined when several
    year: int | None  # the year the figure refers to
    sentence: str  # the sentence (or table row line) quoting it
    sent_start: int
    sent_end: int
    start: int
    end: int


def extract_figures(doc: Document, year: int | None = None) -> list[Figure]:
    """Every figure in doc: prose quantities outside tables, and numeric table cells; ordered by offset."""
    spans = [(offset, offset + len(table.render())) for offset, table in doc.tables]
    figures = _prose_figures(doc.text, spans, year)
    previous: Table | None = None
    for offset, table in doc.tables:
        figures.extend(_table_figures(doc.text, offset, table, year, previous))
        previous = table
    return sorted(figures, key=lambda f: f.start)


# ---- prose -------------------------------------------------------------------------------------------

_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+")
# "收、支预算总计" and "收入、支出预算总计" are one name, not a list: their 、 breaks nothing
_CLAUSE_BREAK = r"[，,：:；;]|(?<!收)(?<!收入)、|、(?!支)|(?<![\d.])\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十]{1,3}[)）]"
_CLAUSE_BREAK_RE = re.compile(_CLAUSE_BREAK)
_CLAUSE_TOKEN_RE = re.compile(rf"{_CLAUSE_BREAK}|[（()）]")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_SENTENCE_YEAR_RE = re.compile(r"^[（(]?[一二三四五六七八九十\d]*[)）、.]?\s*(?:截至|截止)?\s*((?:19|20)\d{2})\s*年")
_LEAD_RE = re.compile(
    r"^(?:(?:截至|截止)?(?:19|20)\d{2}年(?:度|末|初|底)?(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]是"
    r"|其中|共计|合计|总计|全年|全区|共(?![青产享建])|累计|主要(?:用于|是|包括)|用于|我会|我单位|本单位|本部门|我区"
    r"|目前|现有|另有|为|是|含|包括|分别|向|以及|及|和|并|已|的|当年)"
)
# Verbs that only say money moved; stripped when a noun is left ("发放慰问金" → 慰问金, but "开支" stays).
_MONEY_VERB_RE = re.compile(r"^(?:发放|支付|开支|拨付|安排)")
_TAIL_RE = re.compile(
    r"(?:分别为|约为|大约|将近|累计达|累计|共计|达到|已达|高达|不少于|不低于|至少|超过|为|达|是|共|约|近|逾|有|的)$"
)
_APPROX_TAIL_RE = re.compile(r"(?:约|近|约为|大约|将近)\s*$")
# The verbs of a change ("减低0.27万元", "压减5%"): one list for the tags and the label's tail.
_CHANGE_VERBS = "增加|减少|下降|增长|提高|降低|减低|压减|缩减|上升"
_CHANGE_RE = re.compile(rf"{_CHANGE_VERBS}|较上年|比上年|同比|环比")
_REASON_RE = re.compile(r"\s*的?(?:主要)?原因")
# "较上年的 7.80 万元增加…": the number right after the comparison is the base year's own value
_BASE_VALUE_RE = re.compile(r"(?:较|比|与)(?:上一?年度?|去年|(?:19|20)\d{2}\s*年度?)(?:的|预算数?|决算数?|执行数)?\s*$")
_PREDICATE_RE = re.compile(rf"^(?:占|较|比|与|同比|环比|相比|{_CHANGE_VERBS}|完成|持平)")
_GENERIC = frozenset("年初预算 支出决算 预算执行数 执行数 预算安排 决算数 预算数 决算 预算 调整预算 开支 支出 经费 资金 金额".split())
_GENERIC_TAIL_RE = re.compile(rf"\s*(?:{'|'.join(sorted(_GENERIC, key=len, reverse=True))})$")
# 与 and 比 only when a comparison follows: "城乡社区规划与管理" is a name.
_COMPARED_WITH = r"(?:较|[比与](?=上年|上一|去年|同期|\s*(?:19|20)\d{2})|同比|环比|相比)"
_COMPARED_WITH_RE = re.compile(_COMPARED_WITH)
_COMPARISON_TAIL_RE = re.compile(rf"(?<=.)(?:{_COMPARED_WITH}|{_CHANGE_VERBS}).*$")
_ITEM_WINDOW = 150  # an item's name and its 年初预算 sit within a few lines of each other
_ITEM_RE = re.compile(r"([^“”\"（）()\s，。；：、]+)（项）")
_CLASSIFICATION_RE = re.compile(r"([^“”\"（）()\s，。；：、]+)（项）[”\"]?\s*$")
# Asides dropped from labels: "（类）", "（含）", "（以合同签订为准）"; one-character ones like 出国（境） stay.
_ASIDE_RE = re.compile(r"（[类款]）|[（(][^（）()]{2,}[)）]|[（(]含[)）]")
_QUOTES_RE = re.compile(r"[“”\"‘’「」『』\s]")
_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{1,16}")
_AFTER_STOP_RE = re.compile(r"[的和及与送为获共等是]|开展|进行|组织|参加|参赛|参与|荣获|获得")


@dataclass
class _Previous:
    """The last figure in the sentence: what subject-less clauses after it inherit."""

    base: str
    year: int | None
    end: int  # offset where its text (with any counted noun) ends


def _prose_figures(text: str, table_spans: list[tuple[int, int]], year: int | None) -> list[Figure]:
    figures: list[Figure] = []
    carried: _Previous | None = None  # the paragraph's last figure, for "…0.88 万元。完成年初预算的 100.00%"
    last_end = 0
    before: list[Figure] = []  # the previous sentence's figures: the whole a "其中：" sentence breaks down
    fund = ""  # the fund of that whole, which the parts after "其中：" (and after each "；") are of
    for sentence in _SENTENCE_RE.finditer(text):
        start, end = _trim_span(text, sentence.start(), sentence.end())
        if start >= end or _inside(start, table_spans):
            continue
        if "\n" in text[last_end:start]:
            carried = None
        found, carried = _sentence_figures(text, start, end, year, carried)
        if _PARTS_OPEN_RE.match(text, start):
            fund = _fund_of_whole(before, found)
        elif not (fund and text[last_end:start].lstrip().startswith(("；", ";"))):
            fund = ""
        if fund:
            for f in found:
                if fund not in f.label:
                    f.label = fund + f.label
        figures.extend(found)
        before = found
        last_end = end
    return figures


# 8. "一般公共预算财政拨款支出 128148.56 万元。其中：基本支出 33325.21 万元…；项目支出…": the parts listed after
#    "其中：" are of the whole's fund, so their labels take it ("一般公共预算财政拨款基本支出") when the whole
#    (same ending: 支出, 收入) opens with one. (The fund names are the engine vocabulary's FUND_BUDGET and
#    FUND_SOURCE kinds; the index does not import the engine.)
_PARTS_OPEN_RE = re.compile(r"其中\s*[：:，,]?")
_FUND_KIND = r"(?:一般公共|政府性基金|国有资本经营|社会保险基金)预算"
_FUND_HEAD_RE = re.compile(rf"(?:{_FUND_KIND}|财政)(?:财政)?拨款|{_FUND_KIND}|财政专户管理资金|单位资金")


def _fund_of_whole(before: list[Figure], parts: list[Figure]) -> str:
    """The fund the whole before a "其中：" sentence is of, if its parts share its ending; else ""."""
    if not parts:
        return ""
    head = _subject(parts[0].label)[-2:]
    for whole in before:
        if whole.qualifier:  # "…主要是政府性基金预算收入较上年下降 45.9%": a change names no whole
            continue
        subject = _subject(whole.label)
        fund = _FUND_HEAD_RE.match(subject)
        if fund and subject.endswith(head) and len(subject) > len(fund.group(0)):
            return fund.group(0)
    return ""


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= offset < hi for lo, hi in spans)


def _sentence_figures(
    text: str, sent_start: int, sent_end: int, default_year: int | None, carried: _Previous | None
) -> tuple[list[Figure], _Previous | None]:
    """The sentence's figures, and the last of them (or carried, if none) for the next sentence."""
    figures: list[Figure] = []
    previous: _Previous | None = None
    for match in QUANTITY_RE.finditer(text, sent_start, sent_end):
        quantity = read_quantity(match)
        if quantity is None:
            continue
        clause_start = _clause_start(text, sent_start, match.start())
        region = text[max(clause_start, previous.end if previous else sent_start) : match.start()]
        clause = text[clause_start : match.start()]
        after = _counted_noun(text, match.end(), sent_end) if quantity.written_unit in MEASURE_WORDS else ""
        label, base, year = _label_and_year(
            text, region, clause, after, previous or carried, previous is None, sent_start, clause_start, default_year
        )
        figures.append(
            Figure(
                label=label, value_text=match.group(0), value=quantity.value, unit=quantity.unit,
                qualifier=_qualifier(clause, quantity.approx), year=_base_year(clause, year),
                sentence=text[sent_start:sent_end],
                sent_start=sent_start, sent_end=sent_end, start=match.start(), end=match.end(),
            )
        )
        previous = _Previous(base, year, match.end() + len(after))
    return figures, previous or carried


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Offset just after the last clause break before pos. A closed parenthesis is part of its clause
    ("比2022年（上一年度，下同）预算增加"); inside an open one the clause starts after "（" or its last break."""
    start, outer = sent_start, []
    for token in _CLAUSE_TOKEN_RE.finditer(text, sent_start, pos):
        mark = token.group(0)
        if mark in "（(":
            outer.append(start)
            start = token.end()
        elif mark in "）)":
            start = outer.pop() if outer else start
        else:
            start = token.end()
    return start


def _counted_noun(text: str, pos: int, limit: int) -> str:
    """The noun a measure word counts, right after it: "13个户外劳动者爱心驿站，" → "户外劳动者爱心驿站"."""
    run = _AFTER_RE.match(text, pos, limit)
    if not run:
        return ""
    stop = _AFTER_STOP_RE.search(run.group(0))
    return run.group(0)[: stop.start()] if stop else run.group(0)


def _label_and_year(
    text: str, region: str, clause: str, after: str, previous: _Previous | None, carried_over: bool,
    sent_start: int, clause_start: int, default_year: int | None,
) -> tuple[str, str, int | None]:
    """(label, base label later subject-less clauses inherit, year) for one prose figure.

    previous is the sentence's last figure, or (carried_over) the paragraph's last one before this sentence;
    a carried-over figure is inherited only by an explicit predicate ("完成年初预算的"), never by a bare clause.
    """
    phrase = _phrase(region)
    inherits = (phrase and _PREDICATE_RE.match(phrase)) or (not phrase and not carried_over)
    if previous and not after and inherits:
        return previous.base + phrase, previous.base, previous.year
    if carried_over:
        previous = None
    year = _clause_year(clause) or _sentence_year(text, sent_start) or default_year
    if phrase in _GENERIC:
        phrase = _join(_generic_context(text, previous, sent_start, clause_start), phrase)
    elif not after and (not phrase or _PREDICATE_RE.match(phrase)):
        phrase = _subject(_earlier_phrase(text, sent_start, clause_start)) + phrase
    label = (phrase + "的" + after if region.rstrip().endswith("的") else _join(phrase, after)) if after else phrase
    return label, _subject(label), year


def _generic_context(text: str, previous: _Previous | None, sent_start: int, clause_start: int) -> str:
    """What a generic word (年初预算, 开支…) is about: the previous figure's subject, else the budget item
    named just before ("购房补贴（项）。主要用于：…。年初预算为"), else the sentence's earlier clause."""
    if previous:
        return _GENERIC_TAIL_RE.sub("", previous.base)
    return _item_before(text, clause_start) or _earlier_phrase(text, sent_start, clause_start)


def _subject(label: str) -> str:
    """The label without its comparison: "机关运行经费支出比2023年度减少" → "机关运行经费支出"."""
    return _COMPARISON_TAIL_RE.sub("", label) or label


def _phrase(region: str) -> str:
    """The label words of a clause region: classification item, or the region with fillers stripped."""
    item = _CLASSIFICATION_RE.search(region)
    if item:
        return item.group(1)
    region = _ASIDE_RE.sub("", region)
    opened = max(region.rfind("（"), region.rfind("("))
    if opened > max(region.rfind("）"), region.rfind(")")):
        region = region[opened + 1 :]  # inside an open parenthesis: "0.39 万（含外宾接待支出 0.00 万元）"
    return _strip_fillers(_QUOTES_RE.sub("", region))


def _strip_fillers(phrase: str) -> str:
    while True:
        stripped = _TAIL_RE.sub("", _LEAD_RE.sub("", phrase))
        if stripped == phrase:
            break
        phrase = stripped
    verbless = _MONEY_VERB_RE.sub("", phrase)
    return verbless or phrase


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _item_before(text: str, pos: int) -> str:
    """The last "X（项）" item named shortly before pos, or ""."""
    items = _ITEM_RE.findall(text, max(0, pos - _ITEM_WINDOW), pos)
    return items[-1] if items else ""


def _earlier_phrase(text: str, sent_start: int, clause_start: int) -> str:
    """The nearest earlier clause of the sentence that leaves label words after stripping."""
    for piece in reversed(_CLAUSE_BREAK_RE.split(text[sent_start:clause_start])):
        phrase = _phrase(piece)
        if phrase:
            return phrase
    return ""


def _clause_year(clause: str) -> int | None:
    """The last year named in the clause before any 比/较/与 (a year after those is the comparison base)."""
    years = _YEAR_RE.findall(_COMPARED_WITH_RE.split(clause, maxsplit=1)[0])
    return int(years[-1]) if years else None


def _sentence_year(text: str, sent_start: int) -> int | None:
    """A year opening the sentence ("2022年，…", "截至2022年12月31日，…")."""
    opening = _SENTENCE_YEAR_RE.match(text, sent_start)
    return int(opening.group(1)) if opening else None


def _base_year(clause: str, year: int | None) -> int | None:
    """The year of a figure stated as the comparison's base ("较上年的 7.80 万元", "比2025年预算
    21,021万元"): the year it names, else the year before; any other figure keeps its year. (The
    clauses after it keep the sentence's year: "…增加 22.12 万元" is this year's change.)"""
    base = _BASE_VALUE_RE.search(clause)
    if not base or year is None:
        return year
    named = re.search(r"(?:19|20)\d{2}", base.group(0))
    return int(named.group(0)) if named else year - 1


def _qualifier(clause: str, approx: bool) -> str | None:
    tags = []
    if approx or _APPROX_TAIL_RE.search(clause):
        tags.append("approx")
    changes = list(_CHANGE_RE.finditer(clause))
    # "经费增加的原因是接收调拨车辆 2 辆": the number is in the reason for a change, not the change
    if changes and not _BASE_VALUE_RE.search(clause) and not _REASON_RE.match(clause, changes[-1].end()):
        tags.append("change")
    if "占" in clause:
        tags.append("share")
    return ",".join(tags) or None


# ---- tables ------------------------------------------------------------------------------------------

_VALUE_CELL_RE = re.compile(rf"-?(?:{NUMBER_PATTERN})[%％]?")
_SPACED_CODE_RE = re.compile(r"\d{3}(?:\s+\d{2}){1,3}")  # "208 05 02": values never have inner spaces
_CODE_RE = re.compile(r"\d{1,3}|\d{5}|\d{7}")
_CODE_HEADER_RE = re.compile(r"编码|代码|^[类款项]$|[类款项]$")
_LIST_MARK_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d))")
_PERCENT_HEADER_RE = re.compile(r"[(（]\s*[%％]\s*[)）]")
_TABLE_CHANGE_RE = re.compile(r"增减|增长|下降|比上年|较上年")
_TABLE_SHARE_RE = re.compile(r"占比|比重|占")


def _table_figures(text: str, offset: int, table: Table, default_year: int | None,
                   previous: Table | None = None) -> list[Figure]:
    lines = [" | ".join(c.strip() for c in row) for row in table.rows]
    if not text.startswith("\n".join(lines), offset):
        return []  # the document does not hold this table where it says; offsets would lie
    raw = [[_raw_kind(c.strip()) for c in row] for row in table.rows]
    kinds = [_form_codes([c.strip() for c in row], k) for row, k in zip(table.rows, raw)]
    n_header = next((i for i, row in enumerate(kinds) if "value" in row), len(kinds))
    # a form's heading rows (名称, 编码 filled in) sit above the column headers: they head no column
    form_end = max((i + 1 for i in range(n_header) if kinds[i] != raw[i]), default=0)
    headers = _column_headers(table.rows[form_end:n_header])
    if n_header == 0 and previous is not None:
        headers = _continued_headers(table, previous)
    scale, unit = _table_unit(table)
    figures: list[Figure] = []
    line_start = offset
    indicator: list[str] | None = None  # the header of an indicator block (绩效目标表, 绩效自评表)
    block_unit: str | None = None  # "项目资金（元）" opening a block whose next rows leave that cell empty
    for i, (row, line) in enumerate(zip(table.rows, lines)):
        cells = [c.strip() for c in row]
        if cells and cells[0]:
            written = _LABEL_UNIT_RE.search(cells[0])
            block_unit = written.group(1) if written else None
        if _is_indicator_header(cells):
            indicator = [_clean_label(c) for c in cells]
        elif indicator is not None and ("value" in kinds[i] or any(_TARGET_CELL_RE.fullmatch(c) for c in cells if c)
                                         or any(re.search(r"\d[^；;]*[；;]\s*\d", c) for c in cells)):
            figures.extend(_indicator_figures(cells, indicator, line, line_start, table, default_year, scale, unit))
        elif indicator is None and (bare := _bare_indicator_header(cells, kinds[i])):
            figures.extend(_indicator_figures(cells, bare, line, line_start, table, default_year, scale, unit))
        elif i >= n_header:
            row_kinds = _with_codes(cells, kinds[i], headers)
            figures.extend(_row_figures(row, row_kinds, headers, line, line_start, scale, unit, table, default_year,
                                        block_unit))
        figures.extend(_cell_prose_figures(cells, line_start, default_year))
        line_start += len(line) + 1
    return figures


_PROSE_CELL_MIN = 15  # characters: a text cell this long holding a number is prose to read as prose


def _cell_prose_figures(cells: list[str], line_start: int, default_year: int | None) -> list[Figure]:
    """Figures written in sentences inside a table's text cells ("…2026年需预算安排特困人员救助供养金
    3344万元。" in a 绩效目标表's 依据 column), read as prose, each quoting its own sentence."""
    figures: list[Figure] = []
    cell_start = line_start
    for cell in cells:
        if len(cell) >= _PROSE_CELL_MIN and _raw_kind(cell) == "text" and re.search(r"\d", cell) \
                and not _TARGET_CELL_RE.fullmatch(cell):
            for f in _prose_figures(cell, [], default_year):
                figures.append(replace(f, sent_start=f.sent_start + cell_start, sent_end=f.sent_end + cell_start,
                                       start=f.start + cell_start, end=f.end + cell_start))
        cell_start += len(cell) + 3  # " | "
    return figures


# Performance target and self-evaluation tables (绩效目标表, 绩效自评表): a header row "一级指标 | 二级指标 |
# 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分" starts a block whose rows are indicators. A cell's label is
# the indicator's name (the 三级指标 column), never the target beside it ("≥95%"), plus the column header,
# which says what the number is: the target, the result, the weight or the score.
_INDICATOR_ROLE_RE = re.compile(r"指标值|完成值|实际完成|分值|得分|目标值")
_TARGET_HEADER_RE = re.compile(r"指标值|目标值")  # the target's column (泉州 heads it 目标值)
_INDICATOR_NAME_RE = re.compile(r"指标(?:名称|内容)?$")  # 西安 writes the 三级 column as 指标内容
_TARGET_RE = re.compile(r"^[≥≤=＝<>＜＞≧≦]|^(?:大于|小于|不低于|不高于|不少于|不超过|达到)")
_TARGET_UNIT_RE = re.compile(rf"(?:{NUMBER_PATTERN})\s*(%|％|[\u4e00-\u9fa5/]{{1,4}})$")


def _is_indicator_header(cells: list[str]) -> bool:
    names = [c for c in cells if _INDICATOR_NAME_RE.search(c)]
    roles = [c for c in cells if _INDICATOR_ROLE_RE.search(c)]
    # a 绩效目标表 has the target column alone; a 自评表 adds 实际完成值, 分值, 得分
    return bool(names) and (len(roles) >= 2 or any(re.search(r"指标值|目标值", c) for c in roles)) \
        and not any(_raw_kind(c) == "value" for c in cells)


_SIGNED_TARGET_RE = re.compile(rf"(?:<=|>=|[≥≤＜＞≧≦=＝]|不低于|不少于|不高于|不超过)\s*(?:{NUMBER_PATTERN})\s*"
                               rf"(?:%|％|[\u4e00-\u9fa5/]{{1,6}})?")


def _bare_indicator_header(cells: list[str], kinds: list[str]) -> list[str] | None:
    """A 绩效目标表 page whose header rows stayed on the page before (" |  | 数量指标 | 组织举办会议（活动）数 |
    ≥100场"): a row of text cells ending in a signed target ("≥100场", "=100%") is an indicator row, named
    by the text cell just before its target. Only rows without plain number cells (ordinary tables)."""
    if "value" in kinds:
        return None
    targets = [j for j, c in enumerate(cells) if _SIGNED_TARGET_RE.fullmatch(c)]
    if len(targets) != 1 or targets[0] == 0:
        return None
    at = targets[0]
    name = next((j for j in range(at - 1, -1, -1) if cells[j]), None)
    if name is None or _raw_kind(cells[name]) != "text" or _TARGET_RE.search(cells[name]) \
            or len(cells[name]) < 2:
        return None
    return ["三级指标" if j == name else "指标值" if j == at else "" for j in range(len(cells))]


def _indicator_name(cells: list[str], header: list[str]) -> str:
    """The most specific indicator column that has text in this row (三级 before 二级 before 一级)."""
    for j in range(len(cells) - 1, -1, -1):
        head = header[j] if j < len(header) else ""
        if _INDICATOR_NAME_RE.search(head) and cells[j] and _raw_kind(cells[j]) == "text" \
                and not _TARGET_RE.search(cells[j]):
            return _INDICATOR_NUMBER_RE.sub("", _clean_label(cells[j]))
    return ""


def _indicator_figures(cells: list[str], header: list[str], line: str, line_start: int, table: Table,
                       default_year: int | None, scale: float = 1.0, unit: str = "") -> list[Figure]:
    name = _indicator_name(cells, header)
    figures = _project_money(cells, header, line, line_start, table, default_year, scale, unit)
    if not name:
        return figures
    target = next((c for j, c in enumerate(cells) if j < len(header) and _TARGET_HEADER_RE.search(header[j]) and c), "")
    target_unit = _TARGET_UNIT_RE.search(target)
    # "水费 | 120 | … | 万元": the unit of the row's numbers in a 度量单位 column of its own
    measure = next((c for j, c in enumerate(cells) if j < len(header) and _MEASURE_HEADER_RE.search(header[j])
                    and _MEASURE_CELL_RE.fullmatch(c)), "")
    cell_start = line_start
    for j, cell in enumerate(cells):
        head = header[j] if j < len(header) else ""
        target_column = bool(_TARGET_HEADER_RE.search(head))
        target = _TARGET_CELL_RE.fullmatch(cell) if _raw_kind(cell) == "text" and target_column else None
        pairs = _paired_targets(name, cell) if not target and target_column else []
        for part_name, part, at in pairs:  # "系统平台数量；坐席数量 | 1个；60个": one target each
            figures.append(_target_figure(part, cell_start + at, _join(part_name, head), line, line_start, table,
                                          default_year, measure))
        if target and not _DATE_UNIT_RE.match(target.group(3) or ""):  # "2026年" is a deadline, no amount  # "=21人", "≥95%", "950辆": the target itself is what a 绩效目标表 states
            figures.append(_target_figure(target, cell_start, _join(name, head), line, line_start, table,
                                          default_year, measure))
        elif _raw_kind(cell) == "value" and _INDICATOR_ROLE_RE.search(head):
            figure = _cell_figure(cell, cell_start, _join(name, head), line, line_start, 1.0, "", table,
                                  default_year)
            if re.search(r"分值|得分", head):
                figure.unit = "分"
            elif figure.unit == "" and (target_unit or measure):  # the target's unit, else the column's
                figure.value, figure.unit = _in_unit(figure.value, target_unit.group(1) if target_unit else measure)
            figures.append(figure)
        cell_start += len(cell) + 3  # " | "
    return figures


# A 项目绩效目标表 row opens with its project ("106001 | 天网工程租赁和服务费 | 1,900.00 | 年度目标… | 产出指标
# | …"): the money cell under 资金总额 / 项目金额 is the project's amount, labelled by the project's name.
_PROJECT_NAME_HEADER_RE = re.compile(r"项目.{0,2}名称|项目$")
_PROJECT_MONEY_HEADER_RE = re.compile(r"资金总额|项目金额|资金金额|预算金额|^金额|预算数$|^资金")


def _project_money(cells: list[str], header: list[str], line: str, line_start: int, table: Table,
                   default_year: int | None, scale: float, unit: str) -> list[Figure]:
    heads = [header[j] if j < len(header) else "" for j in range(len(cells))]
    project = next((c for c, h in zip(cells, heads) if _PROJECT_NAME_HEADER_RE.search(h) and _raw_kind(c) == "text"), "")
    if not project:
        return []
    figures, cell_start = [], line_start
    for cell, head in zip(cells, heads):
        if _raw_kind(cell) == "value" and _PROJECT_MONEY_HEADER_RE.search(head):
            figures.append(_cell_figure(cell, cell_start, _join(_clean_label(project), head), line, line_start,
                                        scale, unit, table, default_year))
        cell_start += len(cell) + 3  # " | "
    return figures


_INDICATOR_NUMBER_RE = re.compile(r"^指标\s*\d+\s*[：:]\s*")  # "指标3：" numbers the indicator


def _paired_targets(name: str, cell: str) -> list[tuple[str, re.Match, int]]:
    """An indicator cell naming two measures and its target cell giving both, in the same order and
    split by "；" ("系统平台数量；坐席数量" | "1个；60个"): (name, target match, offset in the cell) each."""
    names = [n for n in re.split(r"[；;]", name) if n.strip()]  # (its "指标3：" already gone: _indicator_name)
    parts = cell.split("；") if "；" in cell else cell.split(";")
    if len(names) < 2 or len(parts) != len(names):
        return []
    out, at = [], 0
    for part_name, part in zip(names, parts):
        lead = len(part) - len(part.lstrip())
        match = _TARGET_CELL_RE.fullmatch(part.strip())
        if not match or _DATE_UNIT_RE.match(match.group(3) or ""):
            return []
        out.append((part_name.strip(), match, at + lead))
        at += len(part) + 1
    return out


# "<=18人", ">=100" in ASCII as some reports type them, like ≤ and ≥
_TARGET_CELL_RE = re.compile(rf"(?:[=＝]\s*)?((?:<=|>=|[≥≤<>＜＞≧≦]|不低于|不少于|不高于|不超过|大于|小于|达到)?\s*"
                             rf"({NUMBER_PATTERN})\s*(%|％|[\u4e00-\u9fa5/（）()]{{1,8}})?)")


_MEASURE_HEADER_RE = re.compile(r"度量单位|计量单位")
# a rate is a unit too: "万元/年/人" is counted in 元 per year per head
_MEASURE_CELL_RE = re.compile(r"[%％‰]|[\u4e00-\u9fff]{1,4}(?:/[\u4e00-\u9fff]{1,3}){0,2}")
_DATE_UNIT_RE = re.compile(r"(?:年|年度|年底|年末|月|月底|日|号)$")


def _in_unit(number: float, written: str) -> tuple[float, str]:
    """(value, base unit) of a number written with `written` after it: "95" "%" → (95, "%")."""
    if written in ("%", "％"):
        return number, "%"
    return to_base(number, written) if written else (number, "")


def _target_figure(target: re.Match, start: int, label: str, line: str, line_start: int,
                   table: Table, default_year: int | None, measure: str = "") -> Figure:
    value, unit = _in_unit(parse_number(target.group(2)) or 0.0, target.group(3) or measure)
    at = start + target.start(1)  # the target without its "="
    years = _YEAR_RE.findall(table.title or "")
    return Figure(label=label, value_text=target.group(1), value=round(value, 4), unit=unit, qualifier=None,
                  year=int(years[0]) if years else default_year, sentence=line,
                  sent_start=line_start, sent_end=line_start + len(line), start=at, end=at + len(target.group(1)))


def _continued_headers(table: Table, previous: Table) -> list[str]:
    """A table that continues on the next page has no header rows: it takes those of the table it
    continues (same caption, same number of columns)."""
    width = max((len(r) for r in table.rows), default=0)
    prev_width = max((len(r) for r in previous.rows), default=0)
    if table.title != previous.title or width != prev_width:
        return []
    prev_kinds = [[_raw_kind(c.strip()) for c in row] for row in previous.rows]
    n_prev = next((i for i, row in enumerate(prev_kinds) if "value" in row), len(prev_kinds))
    return _column_headers(previous.rows[:n_prev])


def _raw_kind(cell: str) -> str:
    if not cell:
        return "empty"
    if _SPACED_CODE_RE.fullmatch(cell):
        return "code"
    return "value" if _VALUE_CELL_RE.fullmatch(cell) else "text"


_FORM_CODE_KEY_RE = re.compile(r"(?:编码|代码|编号)$")


def _form_codes(cells: list[str], kinds: list[str]) -> list[str]:
    """A number filled in after its field's name in the same row ("部门预算编码 | 127", the heading of a
    form-like table such as a 绩效自评表) is a code, not a value: the column headers come after it."""
    kinds = list(kinds)
    key = ""
    for j, cell in enumerate(cells):
        if kinds[j] == "value" and _FORM_CODE_KEY_RE.search(key) and _CODE_RE.fullmatch(cell):
            kinds[j] = "code"
        if cell:
            key = cell
    return kinds


def _with_codes(cells: list[str], kinds: list[str], headers: list[str]) -> list[str]:
    """Integer cells that are classification codes ("301", "2080505") → "code", not values.

    A code either sits in a column headed 编码/类/款/项, or comes just before the row's name (or another code).
    """
    kinds = list(kinds)
    next_kind = "empty"
    for j in range(len(cells) - 1, -1, -1):
        header = headers[j] if j < len(headers) else ""
        if kinds[j] == "value" and _CODE_RE.fullmatch(cells[j]) and (
            next_kind in ("text", "code") or _CODE_HEADER_RE.search(header)
        ):
            kinds[j] = "code"
        if kinds[j] != "empty":
            next_kind = kinds[j]
    return kinds


def _column_headers(header_rows: list[list[str]]) -> list[str]:
    """Each column's header cells top to bottom, joined by " ".

    A merged header cell arrives as "" right of its text; it takes its left neighbour's text only when both
    columns sit under the same headers above, so a span never leaks into the next group.
    """
    width = max((len(r) for r in header_rows), default=0)
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in header_rows:
        cells = [_clean_label(row[j]) if j < len(row) else "" for j in range(width)]
        for j in range(1, width):
            if not cells[j] and cells[j - 1] and paths[j] == paths[j - 1]:
                cells[j] = cells[j - 1]
        for j, cell in enumerate(cells):
            if cell and (not paths[j] or paths[j][-1] != cell):  # merged cells repeat down a column
                paths[j].append(cell)
    return [" ".join(p) for p in paths]


def _clean_label(cell: str) -> str:
    return _LIST_MARK_RE.sub("", _QUOTES_RE.sub("", cell))


_LABEL_UNIT_RE = re.compile(r"[（(]\s*(?:单位[:：]\s*)?([万亿千]?元)\s*[)）]")


def _table_unit(table: Table) -> tuple[float, str]:
    """(scale to the base unit, base unit) of the table's cells: 万元 → (1e4, "元"); no unit → (1, "")."""
    return to_base(1.0, table.unit) if table.unit else (1.0, "")


def _row_figures(
    row: list[str], kinds: list[str], headers: list[str], line: str, line_start: int,
    scale: float, unit: str, table: Table, default_year: int | None, block_unit: str | None = None,
) -> list[Figure]:
    figures = []
    cell_start = line_start
    for j, cell in enumerate(row):
        cell = cell.strip()
        if kinds[j] == "value":
            header = headers[j] if j < len(headers) else ""
            label = _join(_row_label(row, kinds, j), header)
            figures.append(_cell_figure(cell, cell_start, label, line, line_start, scale, unit, table, default_year,
                                        block_unit))
        cell_start += len(cell) + 3  # " | "
    return figures


def _row_label(row: list[str], kinds: list[str], j: int) -> str:
    """The run of text cells nearest left of column j (codes skipped). Values and gaps are passed over until
    a name is found, then end it: "一般公共服务支出 | 2,976,800 | 0" and paired "收入 | 9746.50 | 支出 | 754.75"."""
    names: list[str] = []
    for k in range(j - 1, -1, -1):
        if kinds[k] == "text":
            names.append(_clean_label(row[k].strip()))
        elif names and kinds[k] in ("value", "empty"):
            break
    return " ".join(reversed(names))


def _cell_figure(
    cell: str, start: int, label: str, line: str, line_start: int,
    scale: float, unit: str, table: Table, default_year: int | None, block_unit: str | None = None,
) -> Figure:
    number = parse_number(cell.rstrip("%％")) or 0.0
    written = _LABEL_UNIT_RE.search(label)
    if cell.endswith(("%", "％")) or _PERCENT_HEADER_RE.search(label):  # "支出实现率(%)" heads the column
        value, cell_unit = number, "%"
    elif not unit and (written or block_unit):  # "资金总额（万元）" in a table without a unit line
        value, cell_unit = to_base(number, written.group(1) if written else block_unit)
        value = round(value, 4)
    else:
        value, cell_unit = round(number * scale, 4), unit
    years = _YEAR_RE.findall(label) or _YEAR_RE.findall(table.title or "")
    qualifier = "change" if _TABLE_CHANGE_RE.search(label) else "share" if _TABLE_SHARE_RE.search(label) else None
    return Figure(
        label=label, value_text=cell, value=value, unit=cell_unit, qualifier=qualifier,
        year=int(years[0]) if years else default_year, sentence=line,
        sent_start=line_start, sent_end=line_start + len(line), start=start, end=start + len(cell),
    )
