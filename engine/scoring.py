"""How well a figure answers a question: one Evidence record per candidate figure.

Two questions are asked of every figure, separately:
  1. Does it measure what was asked? (`eligible`) Every content word of the asked metric, after
     synonyms, is covered by the figure's label (table row and column) or the words just before it
     in its sentence; a budget stage the question names (年初预算, 决算, 上年…) is carried; a change
     or a share is one when asked; the unit fits. A figure that fails is never the answer, only
     offered among the closest figures.
  2. How well? (`score`) The metric's bigrams in its label weighted by rarity across all labels
     (GramWeights), the words before the number, its unit, qualifier, year, table row, report kind
     and retrieval rank: each a named feature, linear ones weighted by WEIGHTS, ranking eligible
     figures among themselves.
`reportqa ask --explain` prints the record.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import jieba

from index.tokens import bigrams as _bigrams

from .question import Question
from .reports import parse_title, without_own_level
from .vocabulary import (AMOUNT_ASK, OTHER_WORDS, SPENT_WORDS, WIDER_WORDS, CHANGE_WORDS, COMPOSITES, COUNT_UNITS, DIVISIONS, FLOW_WORDS, FUND_SOURCE, GENERIC_WORDS, HELD_UNITS, HELD_WORDS, MONEY_OF_A_USE, ORG_SUFFIXES, PER_FIGURE, TERMS_OF_ART,
                         MEASURES, PERSON_UNITS, PLACE_PREFIX, RATE_ASK, TARGET_ASK, TOTAL_ASK, UNIT_GROUPS,
                         synonyms_of)

# Linear evidence and its weight; the piecewise fits below return already-weighted amounts.
WEIGHTS = {
    "label_recall": 2.0,  # share of the metric's (rarity-weighted) bigrams in the label
    "label_precision": 0.6,  # share of the label's bigrams the question asked for
    "context_recall": 0.8,  # … in the words just before the number
    "sentence_recall": 0.4,  # … anywhere in its sentence
    "alternative_recall": 0.3,  # other report wording for the metric, in the label
    "retrieval": 0.3,  # 1/rank of its passage in the hybrid search
    "direction": -0.5,  # a change the other way round from the one asked (增加 asked, 减少 stated)
    "purpose_recall": 1.5,  # … in the purpose after the number, when the question names money by its use
}
FIGURE_TEXTS_KEPT = 50_000  # figures whose words are remembered per index version (~100 MB at most)
FOUND_SCORE = 1.0  # an eligible figure scoring below this is too weak a match to state


@lru_cache(maxsize=200_000)
def _cached_grams(text: str) -> frozenset[str]:
    return frozenset(_bigrams(text))


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams, cached: labels and lead-ins repeat across questions and reports."""
    return _cached_grams(text)

class GramWeights:
    """Inverse document frequency of label bigrams: "三公" says more than "支出"."""

    def __init__(self, df: dict[str, int], total: int):
        self.df, self.total = df, max(total, 1)
        # computed once per index version: scoring reads it for every gram of every figure
        self._idf = {g: math.log((self.total + 1) / (n + 1)) + 1 for g, n in df.items()}
        self._weight_of: dict[frozenset, float] = {}
        self.figure_texts: dict[int, FigureText] = {}  # figure id → its words, for this index version

    def idf(self, gram: str) -> float:
        """0 for a bigram no label has (often one spanning two words, "费预" in 电费预算): it
        cannot tell figures apart, and counting it would make every label look like a poor match."""
        return self._idf.get(gram, 0.0)

    def weight(self, grams: frozenset[str]) -> float:
        """Total idf of a set of grams, remembered (labels repeat across figures and questions)."""
        w = self._weight_of.get(grams)
        if w is None:
            idf = self._idf
            w = sum(idf.get(g, 0.0) for g in grams)
            if len(self._weight_of) < 200_000:
                self._weight_of[grams] = w
        return w

    def key_gram(self, grams: set[str]) -> str | None:
        """The rarest bigram of the metric that some label has: the word the answer must be about.
        Given only bigrams inside the metric's words, never one spanning two ("费支" of 经费支出)."""
        known = [g for g in grams if g in self.df]
        return max(known, key=lambda g: (self.idf(g), g)) if known else None  # ties: by the gram

    def recall(self, query: set[str], target: set[str]) -> float:
        """Share of the query's weight found in target."""
        whole = self.weight(query) if isinstance(query, frozenset) else sum(self.idf(g) for g in query)
        if not whole:
            return 0.0
        idf = self._idf
        return sum(idf.get(g, 0.0) for g in query if g in target) / whole


def lead_in(row, width: int = 24) -> str:
    """The words just before the number: "…生活救助帮扶支出128000元，救助困难职工" for 35人次."""
    at = row["start"] - row["sent_start"]
    return row["sentence"][max(0, at - width):at]


def clause_before(row) -> str:
    """The clause the figure sits in, up to its number."""
    return re.split(r"[，,；;：:。]", lead_in(row, 60))[-1]


def total_fit(q: Question, clause: str, before: str) -> float:
    """A part ("其中…", in its clause or earlier in its sentence: "总额 156.5万元，其中：…服务预算 152 万元")
    answers a question about the whole less well than the total beside it."""
    part = -0.6 if TOTAL_ASK.search(q.text) else -0.3
    if "其中" in clause:
        return part
    listed = part if "其中" in before else 0.0
    if TOTAL_ASK.search(q.text) and re.search(r"共|合计|总计|全年|总额|总数", clause):
        return 0.3 + listed
    return listed


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
    if " | " not in row["sentence"] or INDICATOR_CELL.search(row["label"]):
        return 0.0
    name = row["label"].split(" ")[0]
    if not name or _TOTAL_ROW.search(name):
        return 0.3  # the table's total line ("合计", "支出总计")
    if len(row["label"].split(" ")) == 1 or _funding_block(row, name):
        return 0.0  # no row name: the label is the column header alone
    if _FEE.search(q.metric) and _row_is_asked(q, _ROW_MARK.sub("", name)):
        return 0.0  # a fee said shorter than its line ("物业费" for "物业管理费"): their bigrams differ
    covered = weights.recall(bigrams(name), asked)
    return -1.2 * (1 - covered)


_TOTAL_ROW = re.compile(r"^(?:合计|总计|小计|共计)$|^(?:收入|支出|收支)总计$")
INDICATOR_CELL = re.compile(r" (?:年度指标值|实际完成值|指标值|完成值|指标分值|分值|自评得分|得分)$")
_ROW_MARK = re.compile(r"^(?:其中[:：]?)?(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[①-⑳])+")


def row_names_other(q: Question, row) -> str | None:
    """A table cell answers only for its row: the row "资本性支出（基本建设）" under the column 基本支出
    is not the 基本支出 asked, and "1、因公出国（境）费用" is one part of 三公经费. The row's name
    must hold nothing the question does not ask (its total rows always qualify)."""
    if " | " not in row["sentence"] or len(row["label"].split(" ")) == 1 or INDICATOR_CELL.search(row["label"]):
        return None  # an indicator's name is what it measures (绩效目标表, 自评表)
    name = _ROW_MARK.sub("", row["label"].split(" ")[0])
    if not name or _TOTAL_NAME.search(name):
        return None
    if _row_is_asked(q, name):
        return None
    if _funding_block(row, name) or _names_the_unit(q.metric, name) or _item_of_a_unit(q, row, name):
        return None
    asked = q.metric + q.alternatives
    # "烟台市智慧审计平台等保测评服务": the report's city and a service's 服务 say nothing the question must
    for w in _row_words(_PLACE_PREFIX.sub("", name)):
        if w in _ROW_FILLER:
            continue
        if not any(form in asked for form in synonyms_of(w)) and not all(p in asked for p in sub_words(w) or ["\0"]):
            return name
    return None


_TOTAL_NAME = re.compile(r"合计|总计|小计|^总|^共计")  # a row or column that sums the others


def _unit_head(name: str) -> str:
    """A unit's name without what it adds in brackets ("…管理中心（…综合信息中心）" → "…管理中心")."""
    return re.sub(r"[（(][^）)]*[）)]", "", name).strip()


def _names_the_unit(metric: str, name: str) -> bool:
    """A row that is a subordinate organisation (收入预算总表 by 单位名称), asked by a short form of its
    name: "12345热线中心收入" for the row "泉州市12345政务服务便民热线中心". The short form must end as
    the row does, in an organisation's suffix, with each of its words in the row's name."""
    head = _unit_head(name)
    suffix = next((s for s in ORG_SUFFIXES if head.endswith(s)), None)
    at = metric.find(suffix) if suffix else -1
    if at <= 0:
        return False
    if any(form in head for form in synonyms_of(metric[max(0, at - 8):at + len(suffix)])):
        return True  # "交警支队" for the row "…公安局交通管理支队": the unit's other name
    words = [w for w in jieba.lcut(metric[max(0, at - 8):at]) if len(w) >= 2 and w not in GENERIC_WORDS]
    return bool(words) and all(any(form in head for form in synonyms_of(w)) for w in words)


_WHOLE_OR_ROLE = re.compile(r"合计|总计|小计|^总|共计|预算数|决算数|执行数|金额|指标值|目标值|完成值|得分|分值")


def _sub_column(q: Question, row) -> bool:
    """A cell under a column that is itself under the column asked: "…支队 本年收入 其他收入" answers
    "收入" only in part, when the words before its last header already say all that was asked."""
    parts = row["label"].split(" ")
    if " | " not in row["sentence"] or len(parts) < 3 or _WHOLE_OR_ROLE.search(parts[-1]) or not q.content_words:
        return False
    above = " ".join(parts[:-1])
    asked = q.metric + q.alternatives
    extra = [w for w in _row_words(parts[-1]) if not any(form in asked for form in synonyms_of(w))]
    return bool(extra) and all(covers(w, above) for w in q.content_words)


def _item_of_a_unit(q: Question, row, name: str) -> bool:
    """A 项目支出表 row starts with the unit that spends it ("…信息管理中心 | 流动人口管理 | 25.90"):
    the unit is who, the next cell what. When that cell names a project or line of its own and says
    every word asked, the unit's name is no other topic (a unit's 总计 or 小计 stays a part)."""
    if not _unit_head(name).endswith(ORG_SUFFIXES):
        return False
    item = row["label"].split(" ")[1]
    return bool(_row_words(item)) and not _TOTAL_NAME.search(item) and not re.search(r"^本年|收入|支出", item) \
        and len(q.content_words) >= 1 and all(covers(w, item) for w in q.content_words)


_FUNDING_BLOCK = {"专项", "资金", "情况", "项目", "项目资金", "资金情况", "专项资金", "其中", "万元"}


def _funding_block(row, name: str) -> bool:
    """A 绩效目标表's "专项资金情况（万元）" block: no row topic, its cells are the project's money."""
    return "绩效目标" in (row["section"] or "") and set(_row_words(name)) <= _FUNDING_BLOCK


def _row_is_asked(q: Question, name: str) -> bool:
    """The row itself is what was asked, its name only longer ("广州市镇（街）园区…（白云区）" for
    "白云区…检查员经费", "物业管理费" for "物业费"): it says every word asked and ends as the metric does."""
    return (len(q.content_words) >= 2 or bool(_FEE.search(q.metric))) \
        and all(covers(w, name) for w in q.content_words) and _ends_as(name, q.metric)


_FEE = re.compile(r"[\u4e00-\u9fff]{2}费$")  # a named fee ("物业费"): one word says which line


def _ends_as(name: str, metric: str) -> bool:
    """Whether a row name, its brackets aside, ends in the metric's last word: the same kind of thing
    ("…检查员经费（白云区）" for "白云区…检查员经费"; not "退役军人服务中心" for "服务退役军人")."""
    words = jieba.lcut(metric)
    last = words[-1] if words else ""
    head = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    if len(last) >= 3 and last.endswith("费") and head.endswith("费"):
        return True  # "物业费" for the row "物业管理费": a fee either way, the name only longer
    return bool(last) and len(last) >= 2 and any(head.endswith(form) for form in synonyms_of(last))


_ROW_FILLER = {"服务"}


@lru_cache(maxsize=50_000)
def _row_words(name: str) -> tuple[str, ...]:
    """The words of a row name that say what the row is (row names repeat across questions)."""
    return tuple(w for w in jieba.lcut(re.sub(r"[（）()“”\[\]]", " ", name))
                 if len(w) >= 2 and w not in GENERIC_WORDS and re.search(r"[\u4e00-\u9fff]", w)
                 and not re.fullmatch(r"预算|决算|安排|[一二三四五六七八九十]+", w))


# Metric words that are themselves a rate or a degree (满意度, 执行率, 覆盖比): a percentage answers them.
_RATE_METRIC = re.compile(r"(?<!年)度|率|比|占|百分|[%％]|几成")


# a 标准 (补贴标准, 发放标准) is a rate by what it is, though the question says no 每
_RATE_NOUN = re.compile(r"标准|单价")


def unit_fit(q: Question, unit: str, qualifier: str | None) -> float:
    if q.change and qualifier and "change" in qualifier and RATE_ASK.search(q.text) \
            and not AMOUNT_ASK.search(q.text):
        # reports pair 增加/减少 with the amount and 增长/下降 with the rate ("减少13.52万元，下降8.65%")
        return 0.6 if unit == "%" else 0.0
    if q.change and unit == "%" and qualifier and "change" in qualifier:
        return 0.0  # "减少了多少" is answered by "下降18%" too, but an amount first
    if q.change and q.unit is None and unit == "元" and AMOUNT_ASK.search(q.text):
        return 0.3  # ... the amount: "高中教育比去年减少了多少" is 726.31 万元, not 36.78%
    if unit == "%" and q.unit is None and not q.change and not q.share and not _RATE_METRIC.search(q.metric):
        return -3.0  # "固定资产总额多少" is not answered by "占固定资产总额的0.26%"
    if q.unit == "年" or unit == "年":  # "连续19年": years counted answer only "多少年"
        return 0.6 if unit == q.unit else -3.0
    if q.unit == "money":
        if unit and re.match(r"[万亿千]?元/", unit):  # "≤400元/人天": money per person or period
            return 0.3 if q.per or _RATE_NOUN.search(q.metric) else -3.0
        return 0.3 if unit == "元" else -3.0
    if q.unit == "percent":
        return 0.5 if unit == "%" else -3.0
    if q.unit == "分":
        return 0.6 if unit == "分" else -3.0
    if q.unit == "count":
        if unit in COUNT_UNITS:
            return 0.4 if (not q.person or unit in PERSON_UNITS) else 0.0
        return -3.0
    if q.unit in MEASURES:  # "多少公里" is never answered in 万元
        return 0.6 if MEASURES.get(unit) == MEASURES[q.unit] else -3.0
    if q.unit in COUNT_UNITS:
        if unit == q.unit:
            return 0.6
        if any({unit, q.unit} <= group for group in UNIT_GROUPS):
            return 0.4
        if q.unit == "个" and unit in PERSON_UNITS and _POSTS.search(q.metric):
            return 0.4  # "行政编制有几个": posts are counted in people ("行政编制0人")
        return -3.0  # 次 does not count 电梯
    return 0.0


_POSTS = re.compile(r"编制|名额|岗位|职数|职位")


# "补贴标准为200元/月": the period written after a prose amount makes it a rate (tables state it in
# their unit column, which the index keeps as the figure's unit)
_PER_AFTER = re.compile(r"\s*/\s*(人天|人次|人|月|年|天|日|户|生|台|辆|套|件|场|次)")


def rate_unit(row) -> str:
    """The figure's unit, with the period or head written right after its number ("元" → "元/月")."""
    unit = row["unit"] or ""
    if "/" in unit or not unit.endswith("元") or row["sentence"] is None:
        return row["unit"]
    end = row["start"] - row["sent_start"] + len(row["value_text"])  # the number as written ends the figure
    per = _PER_AFTER.match(row["sentence"][end:end + 4]) if 0 <= end <= len(row["sentence"]) else None
    return f"{unit}/{per.group(1)}" if per else row["unit"]


_UP = re.compile(r"增加|增长|提高|上升|多了|涨")
_DOWN = re.compile(r"减少|下降|降低|减低|缩减|少了|跌|压减")


def _direction(text: str) -> int:
    """+1 for a rise, -1 for a fall, 0 when the words say neither or both."""
    return bool(_UP.search(text)) - bool(_DOWN.search(text))


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


_PLACE_PREFIX = re.compile("^" + PLACE_PREFIX)
# 预算/决算 are matched by budget_fit, on both sides, so they do not skew the label comparison.
_BUDGET_WORD = re.compile(r"(?:预算|决算)数?(?!单位)")  # 预算单位 is an organisation


_LABEL_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
# A label that names only a stage or a total ("2026 年预算数", "合计"): the heading above says what it is.
_STAGE_ONLY = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|年初|全年|本年|当年|上年|预算|决算|执行|调整|安排|数|金额|合计|总计|共计|总额|为|是)+$")


def names_nothing(label: str) -> bool:
    """A label of stage words only, its comparison aside ("预算数较2025年年初预算增加"): the heading above
    says what it is."""
    return bool(_STAGE_ONLY.match(_COMPARED.sub("", re.sub(r"\s+", "", label)) or "数"))


_COMPARED = re.compile(r"(?<=.)(?:较|比|同比|与上年).*$")


# Who a label's figure belongs to, said before it: the department itself, not what is measured.
_WHO = re.compile(r"^(?:本部门|本单位|(?:所属|下属)?各?(?:预算)?单位|部门|所属各?单位)(?=[\u4e00-\u9fff]{2})")


# What a column also holds, in brackets: "年初部门预算安排金额（含历年结余结转）" is no 结余.
_INCLUDES = re.compile(r"[（(]含[^（）()]*[)）]")


def label_grams(row, report) -> set[str]:
    """A label's bigrams as the question would say it: without the report's own names ("上海市普陀区
    社会福利院收入预算" is its 收入预算)."""
    label = _INCLUDES.sub("", row["label"])
    if report is not None:
        for name in (*own_names(report.title), report.org, report.region):
            if name and len(label) > len(name) + 1:
                label = label.replace(name, "")
        if report.region and report.region in row["label"]:
            label = _PLACE_PREFIX.sub("", label)
    label = _LABEL_YEAR.sub("", label) or label  # "2024年度政府采购金额" is its 政府采购金额
    label = _WHO.sub("", label) or label  # "所属各预算单位政府采购预算总额" is the department's 政府采购预算总额
    return bigrams(_BUDGET_WORD.sub("", label) or label)


@lru_cache(maxsize=4096)
def own_names(title: str) -> tuple[str, ...]:
    """How a report's labels name its own department ("福州市民政局" of 福州市民政局（本级）…), longest first."""
    places, org, _ = parse_title(title)
    if not org:
        return ()
    org = without_own_level(org)
    return ("".join(places) + org, org)


def budget_fit(q: Question, row, report) -> float:
    """预算 or 决算: a label that names one says which; otherwise the report's kind does (every figure
    of a 决算 report is a 决算 figure unless labelled 年初预算)."""
    if q.budget_word is None:
        return 0.0
    label = row["label"]
    kind = report.kind if report is not None else None
    has = "预算" if "预算" in label else "决算" if "决算" in label else kind
    if has not in ("预算", "决算"):
        return 0.0
    return 0.5 if has == q.budget_word else -0.5


# -- does the figure measure what was asked? -------------------------------------------------------

def clause_after(row) -> str:
    """The figure's clause from its number on: where a count names what it counts ("18 个处（室）").
    For a catch-all line ("“其他支出”科目21,502万元，主要用于彩票销售机构运行支出") the purpose
    clause after it too: it is the only place the report says what the money is."""
    at = row["start"] - row["sent_start"]
    first = _CLAUSE_BREAK.split(row["sentence"][at:at + 40])[0]
    purpose = purpose_of(row)
    return f"{first} {purpose}" if purpose else first


def purpose_of(row) -> str:
    """What a catch-all line's money is for, said after its number: "“其他支出”科目21,502万元，主要用于
    彩票销售机构运行支出" → "主要用于彩票销售机构运行支出" (a label names it for any other figure)."""
    return _purpose_after(row, _PURPOSE) if _CATCH_ALL.search(row["label"]) else ""


def _purpose_after(row, purpose: re.Pattern) -> str:
    """The clause right after the figure's own when it says what the money is for ("主要用于…")."""
    at = row["start"] - row["sent_start"]
    clauses = _CLAUSE_BREAK.split(row["sentence"][at:at + 80])
    return clauses[1] if len(clauses) > 1 and purpose.match(clauses[1]) else ""


_CLAUSE_BREAK = re.compile(r"[，；;。：:]|,(?!\d{3})")  # not the thousands comma of "21,502万元"
_CATCH_ALL = re.compile(r"其他|科目$")
_PURPOSE = re.compile(r"\s*(?:主要)?用于")


_SHORT_BRACKET = re.compile(r"[（(]([\u4e00-\u9fff]{1,2})[）)]")  # "处（室）"
# "处（科、股）室": other names of the same word listed in brackets inside it ("处室")
_ALT_BRACKET = re.compile(r"[（(][\u4e00-\u9fff]{1,2}(?:、[\u4e00-\u9fff]{1,2})+[）)]")


def unbracket(text: str) -> str:
    """The text with a word's bracketed letters joined in ("处（室）" → "处室", "处（科、股）室" → "处室")."""
    return _SHORT_BRACKET.sub(r"\1", _ALT_BRACKET.sub("", text))


_ITEM_AFFIXES = re.compile(r"^(?:一般公共预算|财政拨款)|(?:支出)?(?:预算)?(?:情况)?(?:说明)?(?:表)?$|[“”\"]")


def _own_headings(section: str, label: str) -> str:
    """The headings a figure sits under, without a heading that lists several things when the label is
    another of them: under "“三公”经费、会议费、培训费支出预算情况", a 培训费 figure is not about 三公经费."""
    kept = []
    for heading in section.split(" / "):
        items = [_ITEM_AFFIXES.sub("", item) for item in heading.split("、")]
        if len([i for i in items if len(i) >= 2]) >= 2 and any(len(i) >= 2 and i in label for i in items):
            continue
        kept.append(heading)
    return " / ".join(kept)


def evidence_text(row) -> str:
    """Where a figure says what it measures: its label (a table cell's row and column), its
    sentence up to the number ("2022年生活救助帮扶支出128000元，救助困难职工" for 35人次), the rest
    of its clause (a counted noun follows the number) and the headings it sits under."""
    after = clause_after(row)  # "给130名职工代表送去温暖包"
    label = _INCLUDES.sub("", row["label"])
    if " | " in row["sentence"]:
        parts = label.split(" ")
        if len(parts) > 1 and parts[0] and not re.search(r"合计|总计|小计", parts[0]):
            # a spending row's column that names where the money comes from ("工会经费 | 单位资金
            # 事业收入") says nothing of the row's own 收入
            label = " ".join([parts[0]] + [FUND_SOURCE.sub(" ", c) for c in parts[1:]])
    text = f"{label} {lead_in(row, 80)} {after} {_own_headings(row['section'] or '', row['label'])}"
    # "18 个处（室）": a bracketed character or two is part of the word ("处室")
    return text + " " + unbracket(text) if "（" in text or "(" in text else text


def covers(word: str, text: str) -> bool:
    wider = WIDER_WORDS.get(word)
    if wider and any(w in text for w in wider):
        text = re.sub("|".join(wider), " ", text)  # "离退休人员" says no 退休 alone
    if "其" in text:  # "其他社会福利支出" is the rest of 社会福利, not it
        for other in OTHER_WORDS:
            if other + word in text and other not in word:
                text = text.replace(other + word, " ")
    if any(form in text for form in synonyms_of(word)):
        return True
    if word in _TERMS and word[:2] in text and word in text.replace(" ", ""):
        return True  # a table's row and column: "教育 支出 预算数"
    if word in _TERMS or len(word) >= 3 and word[-1] in DIVISIONS:
        return False  # a term of art ("人员经费") or a division ("投资处") is said whole, its words apart say something else
    if len(word) >= 3 and word.endswith("额"):  # "销售额" is an amount of sales: 销售 alone is not it
        return any(word[:-1] + form in text for form in ("金额", "收入", "总额"))
    if len(word) >= 3:  # "下属单位" is covered by "下属 预算单位": each of its own words is there
        parts = sub_words(word)
        if parts and all(any(form in text for form in synonyms_of(w)) for w in parts):
            return True
    parts = COMPOSITES.get(word) or COMPOSITES.get(word + "经费")
    if parts:  # 三公经费 written as its three lines
        return all(p[:4] in text for p in parts)
    return False


_TERMS = frozenset(TERMS_OF_ART)


def forms_of(word: str) -> set[str]:
    """Every string whose presence can make covers(word, …) true: its synonyms, the synonyms of its
    own words, and the start of each line of a composite (the prefilter of big reports)."""
    forms = set(synonyms_of(word))
    for part in sub_words(word):
        forms |= synonyms_of(part)
    forms |= {p[:4] for p in COMPOSITES.get(word) or COMPOSITES.get(word + "经费") or ()}
    forms |= {f"{f[:-1]}（{f[-1]}）" for f in list(forms) if len(f) == 2}  # "处（室）" (evidence_text)
    forms |= {f"{f[:-1]}（" for f in list(forms) if len(f) == 2 and f[-1] in "室科股"}  # "处（科、股）室"
    return forms


@lru_cache(maxsize=4096)
def sub_words(word: str) -> tuple[str, ...]:
    """The words inside a compound, when together they cover it (else none)."""
    parts = tuple(w for w in jieba.cut_for_search(word) if len(w) >= 2 and w != word)
    return parts if parts and _spans(word, list(parts)) else ()


def _spans(word: str, parts: list[str]) -> bool:
    """The sub-words cover all but at most one character of the word (科研经费 needs 科研 and 经费,
    not 经费 alone; 送温暖 is covered by 温暖)."""
    hit = [False] * len(word)
    for p in parts:
        at = word.find(p)
        while at >= 0:
            for i in range(at, at + len(p)):
                hit[i] = True
            at = word.find(p, at + 1)
    return hit.count(False) <= (1 if len(word) >= 3 else 0)


def coverage(words: list[str], text: str) -> tuple[list[str], list[str]]:
    """(covered, missing) content words of the metric."""
    covered = [w for w in words if covers(w, text)]
    return covered, [w for w in words if w not in covered]


def stage_blocker(q: Question, row, report, text: str) -> str | None:
    """The budget stage the question names and the figure does not carry, if any."""
    for stage, carried in q.stages:
        if not carried.search(text):
            return stage
    if q.budget_word:
        label = row["label"] + " " + clause_before(row)
        kind = report.kind if report is not None else None
        other = "决算" if q.budget_word == "预算" else "预算"
        says_other = other in label and q.budget_word not in label
        if q.budget_word == "决算" and re.search(r"执行|实际支出", label):
            says_other = False
        if says_other or (q.budget_word not in label and kind == other and "执行" not in label):
            return q.budget_word
    return None


@dataclass
class Evidence:
    """Everything the engine knows about one candidate figure for one question."""

    features: dict[str, float] = field(default_factory=dict)  # name → contribution to the score
    covered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)  # why it cannot be the answer

    @property
    def score(self) -> float:
        return sum(self.features.values())

    @property
    def eligible(self) -> bool:
        return not self.blockers and self.score >= FOUND_SCORE

    def explain(self) -> str:
        parts = [f"{k} {v:+.2f}" for k, v in self.features.items() if abs(v) >= 0.005]
        verdict = "answers" if self.eligible else "not the answer: " + "; ".join(
            self.blockers or [f"score {self.score:.2f} < {FOUND_SCORE}"])
        return (f"score {self.score:.2f} · covered {'、'.join(self.covered) or '—'} · "
                f"missing {'、'.join(self.missing) or '—'} · {verdict}\n      " + ", ".join(parts))


@dataclass(frozen=True)
class FigureText:
    """What scoring reads of a figure's words, worked out once per figure and index version (the
    same figures are weighed for many questions)."""

    label: frozenset[str]  # label bigrams without the report's own names, years and 预算/决算
    lead: frozenset[str]  # bigrams of the words just before the number
    sentence: frozenset[str]
    before: frozenset[str]  # bigrams of the sentence up to the number
    caption: frozenset[str]  # a table cell's or a bare "预算数"'s heading: it says what is measured
    clause: str  # the clause up to the number
    evidence: str  # label, sentence up to the number, rest of the clause, headings
    purpose: str  # the clause after the number when it says what the money is for ("主要用于…")


def _caption(row) -> str:
    """The heading a table cell sits under ("五城区交通警辅人员经费项目绩效目标表")."""
    return (row["section"] or "").split(" / ")[-1]


def figure_text(row, report, weights: GramWeights) -> FigureText:
    cache = weights.figure_texts
    t = cache.get(row["id"])
    if t is None:
        t = FigureText(label=label_grams(row, report) | bigrams(_PURPOSE.sub("", purpose_of(row))),
                       lead=bigrams(lead_in(row)),
                       sentence=bigrams(row["sentence"]),
                       before=bigrams(row["sentence"][: row["start"] - row["sent_start"]]),
                       caption=bigrams(_caption(row))
                       if " | " in row["sentence"] or names_nothing(row["label"]) else frozenset(),
                       clause=clause_before(row), evidence=evidence_text(row), purpose=any_purpose(row))
        if len(cache) < FIGURE_TEXTS_KEPT:
            cache[row["id"]] = t
    return t


_PART_TABLE = re.compile(r"基本支出|项目支出")


def key_forms(q: Question, key: str | None) -> tuple[str, ...]:
    """Other report wording of the metric's key word ("机动车" for 车辆, "所属" for 下面)."""
    if key is None:
        return ()
    forms = set(synonyms_of(key))
    for w in q.content_words:
        if key in w:
            forms |= synonyms_of(w)
    return tuple(sorted(f for f in forms if f and key not in f))


def can_be_eligible(q: Question, row, report, weights: GramWeights) -> bool:
    """Whether the figure covers every content word asked: weigh_figure's "label lacks" blocker,
    checked alone, so a question can skip weighing the figures that can never answer it."""
    t = figure_text(row, report, weights)
    # one regex per word first: most figures of a big report lack some word in any form (in its words or
    # in the purpose after its number, which metric_coverage may read)
    granted = _granted(q, row, report)
    words = [w for w in q.content_words if w not in granted]  # metric_coverage may take these as said
    if not all(forms_pattern((w,)).search(t.evidence) for w in words):
        said = f"{t.evidence} {t.purpose}"
        if not t.purpose or not all(forms_pattern((w,)).search(said) for w in words
                                    if not (w in MONEY_OF_A_USE and _money_of_a_use(q, row))):
            return False
    return not metric_coverage(q, row, t.evidence, t.purpose, report)[1]


def metric_coverage(q: Question, row, text: str, purpose: str, report=None) -> tuple[list[str], list[str]]:
    """coverage() of the metric's words, where a word the label leaves out may be said in the purpose
    after the number (any_purpose) when the label itself says one of the others: "市级高层次人才经费
    15,660.00 万元，主要是用于引进高层次人才" is the money for 引进高层次人才 (a purpose alone never names a
    figure), or when the question names money by its use ("用来…的钱")."""
    covered, missing = coverage(q.content_words, text)
    # "其他社会保障和就业支出（项）" is the rest of the class its sentence names before it: not the class
    # (unless the catch-all line's purpose says it: "“其他支出”科目…，主要用于彩票销售机构运行支出")
    rest = [w for w in covered if (_the_rest_of(w, row["label"]) or _another_kind(w, row["label"]))
            and not covers(w, purpose_of(row))]
    if rest:
        covered, missing = [w for w in covered if w not in rest], missing + rest
    granted = _granted(q, row, report) if missing and covered else set()
    if granted & set(missing):
        covered, missing = covered + [w for w in missing if w in granted], [w for w in missing if w not in granted]
    if not missing or not purpose:
        return covered, missing
    label_says = any(covers(w, row["label"]) for w in covered)
    asked_by_use = q.by_use and not set(missing) & _TERMS  # a term of art is said whole
    if asked_by_use and _money_of_a_use(q, row):
        missing_use = [w for w in missing if w not in MONEY_OF_A_USE]  # the figure is money, as asked
        if len(missing_use) < len(missing) and all(covers(w, purpose) for w in missing_use):
            return covered + missing, []
    if (label_says or asked_by_use) and all(covers(w, purpose) for w in missing):
        return covered + missing, []
    return covered, missing


def _another_kind(word: str, label: str) -> bool:
    """The label names another kind of the word's thing ("走访慰问一线职工" when 困难职工 was asked, 事业编制
    for 行政编制), whatever the sentence or heading around it says: its own words say what it counts."""
    head, kind = word[-2:], word[:-2]
    if len(kind) != 2 or head not in _KINDS_OF or any(form in label for form in synonyms_of(word)):
        return False
    return any(label[i - 2:i] != kind and re.fullmatch(r"[\u4e00-\u9fff]{2}", label[i - 2:i])
               for i in (m.start() for m in re.finditer(head, label)) if i >= 2)


# People and posts a report counts by kind (困难职工/一线职工, 在职人员/退休人员, 行政编制/事业编制)
_KINDS_OF = {"职工", "人员", "编制", "干部", "党员"}


def _the_rest_of(word: str, label: str) -> bool:
    """The label names what is left of the word ("其他" + word) and the word nowhere else."""
    rests = [o + word for o in OTHER_WORDS if o not in word]
    return any(r in label for r in rests) and word not in re.sub("|".join(rests), " ", label)


def _granted(q: Question, row, report) -> set[str]:
    """Words of the metric the figure says by what it is, not in words (when it says the others):
    the report's own kind of organisation ("学校自己的其他收入" of a school's report), a target asked of
    a budget's own-year plan (_a_plan), a 标准 that is an amount per head or day ("≤450元/人/天")."""
    granted = set()
    if report is not None and report.org:
        granted |= {w for w in q.content_words if len(w) >= 2 and report.org.endswith(w)}
    if _TARGET_WORDS & set(q.content_words) and _a_plan(row, report):
        granted |= _TARGET_WORDS
    if "标准" in q.content_words and "/" in (rate_unit(row) or ""):
        granted.add("标准")
    spend = _SPEND_WORDS & set(q.content_words)
    if spend and (row["unit"] or "").startswith("元") and not row["qualifier"] \
            and all(covers(w, row["label"]) for w in q.content_words if w not in spend):
        granted |= spend  # "12333话务系统平台每年要花多少钱": an amount named by its item is what it costs
    return granted


_SPEND_WORDS = {"支出", "钱"}


_TARGET_WORDS = {"目标", "计划", "任务"}
TARGET_LABEL = re.compile(r"指标值|目标值")  # a 绩效目标表's target column, as the index labels it


def _a_plan(row, report) -> bool:
    """A budget report's figure of its own year is a plan: "城镇新增就业目标" asked of a 预算 is its
    "全年全市城镇新增就业 14 万人" (not a 执行/实际 figure, nor last year's)."""
    return report is not None and report.kind == "预算" and row["year"] in (None, report.year) \
        and not SPENT_WORDS.search(f"{row['label']} {clause_before(row)}")


_BASE_STAGE = re.compile(r"(?:比|较|与)上一?年度?(?:的)?(预算|执行|决算)")


def _base_stage(text: str) -> str | None:
    """The stage of last year a change is measured against ("比上年执行数增加" → 执行), if said."""
    said = _BASE_STAGE.findall(text)
    return said[-1] if said else None  # the nearest before the number


def _money_of_a_use(q: Question, row) -> bool:
    """Asked money by its use ("…这些花多少") and the figure is money: 支出, 钱 need no more saying."""
    return q.by_use and (row["unit"] or "").endswith("元")


def _may_read_purpose(q: Question, row) -> bool:
    """The purpose after the number may speak for the figure: its label says one of the metric's words,
    or the question names money by its use ("用来落实产业强市战略的钱")."""
    return q.by_use or any(covers(w, row["label"]) for w in q.content_words)


def any_purpose(row) -> str:
    """The clause right after the figure's own when it says what the money is for ("主要用于…")."""
    return _purpose_after(row, _PURPOSE_ANY)


_MONEY_HEADER = re.compile(r"金额|资金|经费")
_PURPOSE_ANY = re.compile(r"\s*(?:主要)?(?:是)?用于")


@lru_cache(maxsize=4096)
def forms_pattern(words: tuple[str, ...]) -> re.Pattern:
    """A regex that finds any form of any of the words (forms_of): a text it misses covers none."""
    forms = set().union(*(forms_of(w) for w in words)) if words else set()
    return re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)) or "(?!)")


def weigh_figure(q: Question, row, grams: tuple[frozenset[str], frozenset[str]], weights: GramWeights,
                 chunk_rank: dict[int, int], report=None, key: str | None = None,
                 forms: tuple[str, ...] = ()) -> Evidence:
    """The evidence that a figure answers the question. `key` is the metric's rarest word and `forms`
    its other wordings (key_forms), computed once per question by the caller."""
    metric, alternatives = grams
    ev = Evidence()
    f = ev.features
    t = figure_text(row, report, weights)
    label = t.label
    before = row["sentence"][: row["start"] - row["sent_start"]]  # the sentence up to the number
    # the label's other report wording of a metric word ("机动车" for 车辆, "商品服务支出" for 商品和服务支出)
    wordings = {w: [s for s in synonyms_of(w) if s != w and s in row["label"]] for w in q.content_words}
    # counts as said for recall (the label's own length is what precision weighs) …
    said = [w for w, forms_there in wordings.items() if forms_there and w not in row["label"]]
    f["label_recall"] = WEIGHTS["label_recall"] * weights.recall(
        metric, label | frozenset().union(*(bigrams(w) for w in said)) if said else label)
    # … and as asked for precision
    written = [s for forms_there in wordings.values() for s in forms_there]
    f["label_precision"] = WEIGHTS["label_precision"] * weights.recall(
        label, metric | alternatives | frozenset().union(*(bigrams(s) for s in written)) if written
        else metric | alternatives)
    # the words before the number; for a table cell, its table's heading ("“三公”经费支出预算表")
    f["context_recall"] = WEIGHTS["context_recall"] * max(weights.recall(metric, t.lead),
                                                          weights.recall(metric, t.caption))
    f["sentence_recall"] = WEIGHTS["sentence_recall"] * weights.recall(metric, t.sentence)
    if alternatives:
        f["alternative_recall"] = WEIGHTS["alternative_recall"] * weights.recall(alternatives, label)
    if key is not None and key not in label and key not in t.before and key not in t.caption \
            and not any(w in row["label"] or w in before or (t.caption and w in _caption(row)) for w in forms) \
            and not (row["unit"] in COUNT_UNITS and key in unbracket(clause_after(row))) \
            and not (key in t.purpose and _may_read_purpose(q, row)):
        f["key_word_absent"] = -1.0  # "三公经费支出" is not answered by "春节走访慰问经费支出"
    f["share_subject"] = share_fit(q, row["label"])
    unit = rate_unit(row)
    f["unit"] = unit_fit(q, unit, row["qualifier"])
    if f["unit"] < 0 and q.unit == "money" and "/" in unit and _RATE_NOUN.search(row["label"]) \
            and all(covers(w, row["label"]) for w in q.content_words):
        f["unit"] = 0.3  # "个人三等功奖励多少钱": the label names the whole ask as a 标准, a rate by what it is
    if q.unit == "money" and not row["unit"] and _MONEY_HEADER.search(row["label"]) \
            and not _RATE_METRIC.search(row["label"]):
        f["unit"] = 0.0  # a table that states no unit, in a column of 金额: money, in whatever unit
    f["qualifier"] = qualifier_fit(q, row["qualifier"])
    if q.change and "change" in (row["qualifier"] or "") and _direction(q.text) * _direction(row["label"]) < 0:
        f["direction"] = WEIGHTS["direction"]  # asked 增加, this one says 减少 (the report may give both)
    if label == metric:
        f["exact_label"] = 0.3  # the report names the figure exactly as asked
    f["table_row"] = row_fit(q, row, weights, metric | alternatives)
    if TARGET_LABEL.search(row["label"]) and not TARGET_ASK.search(q.text):
        f["target"] = -0.6  # a 自评表's 年度指标值 is the plan; "开了多少次" asks what was done
    if " | " in row["sentence"] and not _PART_TABLE.search(q.text) \
            and (t.caption and _PART_TABLE.search(_caption(row))
                 or _PART_TABLE.search(" ".join(row["label"].split(" ")[1:]))):
        # "基本支出总表": its 公务接待费 is the basic part, not the whole; so is a row's 基本支出 column
        f["part_table"] = -0.5
    if _sub_column(q, row):
        f["sub_column"] = -0.3  # "本年收入 | 其他收入" when 收入 was asked: one column under the one asked
    f["budget_stage"] = budget_fit(q, row, report)
    f["total_or_part"] = total_fit(q, t.clause, before)
    if row["value"] == 0:
        f["zero"] = -0.3
    if " | " not in row["sentence"]:
        f["prose"] = 0.1  # a sentence states a figure more plainly than a table cell with the same label
    rank = chunk_rank.get(row["chunk_id"])
    if rank is not None:
        f["retrieval"] = WEIGHTS["retrieval"] / rank
    if q.match.own_years and row["year"] is not None:  # not the base of a change ("比2025年增加")
        f["year"] = 0.2 if row["year"] in q.match.own_years else -0.4

    # eligibility: what was asked, in so many words (can_be_eligible checks the same coverage)
    text = t.evidence
    ev.covered, ev.missing = metric_coverage(q, row, text, t.purpose, report)
    if t.purpose and q.by_use:  # "用来落实产业强市战略的钱": "630万元，主要用于贯彻落实…"
        f["purpose_recall"] = WEIGHTS["purpose_recall"] * weights.recall(metric, bigrams(t.purpose))
    if ev.missing:
        ev.blockers.append("label lacks " + "、".join(ev.missing))
    if q.metric_numbers:
        compact = re.sub(r"[\s,，]", "", text + before)
        absent = [n for n in q.metric_numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d]|\.\d)", compact)]
        if absent:
            ev.blockers.append(f"its words do not say {'、'.join(absent)}")
    stage = stage_blocker(q, row, report, text)
    if stage:
        ev.blockers.append(f"not a {stage} figure")
    if f["unit"] <= -3.0:
        ev.blockers.append(f"unit {row['unit'] or 'none'} does not fit")
    qual = row["qualifier"] or ""
    if q.change and "change" not in qual:
        ev.blockers.append("asked a change, this is not one")
    if not q.change and "change" in qual:
        ev.blockers.append("a change, not the amount asked")
    if q.change and "change" in qual:
        before = row["sentence"][:max(0, row["start"] - row["sent_start"])]  # "比上年执行数增加…，增长 3.9%"
        asked, said = _base_stage(q.text), _base_stage(f"{before} {row['label']}")
        if asked and said and asked != said:  # "比上年预算增加" is not answered by "比上年执行数增加"
            ev.blockers.append(f"a change against 上年{said}, not against 上年{asked}")
    if q.unit == "percent" and row["unit"] != "%":
        ev.blockers.append("asked a share")
    part = _part_of_whole(q, row, report)
    if part:
        ev.blockers.append(f"a part ({part}), not the whole asked")
    if q.years_bind and q.match.own_years and row["year"] is not None and row["year"] not in q.match.own_years:
        ev.blockers.append(f"a figure of {row['year']}, not of {'、'.join(map(str, q.match.own_years))}")
    if q.per and not PER_FIGURE.search(f"{t.clause} {row['label']} {clause_after(row)}"):
        ev.blockers.append("a total, not the rate per person or period asked")
    elif not q.per and q.unit == "money" and PER_FIGURE.search(row["label"]) and not _RATE_NOUN.search(q.metric):
        ev.blockers.append("a rate per person or period, not the amount asked")  # "每人每月补助100元"
    threshold = _THRESHOLD.search(clause_before(row) + row["label"])
    if threshold and not _THRESHOLD_ASK.search(q.text):
        ev.blockers.append(f"only those {threshold.group(0)}, not all asked")
    other = row_names_other(q, row)
    if other:
        ev.blockers.append(f"a cell of the row {other}, not of what was asked")
    counted = counts_other(q, row)
    if counted:
        ev.blockers.append(f"counts {counted}, not what was asked")
    if q.stock and (_flow_figure(row["label"], before)
                    or TARGET_LABEL.search(row["label"]) and not TARGET_ASK.search(q.text)
                    and (row["unit"] in HELD_UNITS or HELD_WORDS.search(q.text))):  # "一共有多少座水库"
        ev.blockers.append("a purchase or plan, not what is held")  # a 绩效目标表's target is a plan too
    return ev


_COUNT_TAIL = re.compile(r"(?:数量|个数|总数|总量|数|共计|合计|等|的)$")


def counts_other(q: Question, row) -> str | None:
    """Asked how many of one thing ("有多少个社区"), a count in prose whose noun is another thing
    ("社区居家养老服务站500余家", "农村幸福院400家") counts that other thing: a Chinese noun phrase is what
    its last noun is."""
    if row["unit"] not in COUNT_UNITS or len(q.content_words) != 1 or " | " in row["sentence"] or q.person \
            or not re.search(rf"(?:多少|几)[个家所座处间台辆项]?{re.escape(q.content_words[0])}(?:[呢吗呀啊？?。！!]|$)",
                             q.text):
        return None  # the word asked must be what is counted: not "几家行政单位", whose 单位 is counted
    head = row["label"].split(" ")[-1]
    after = unbracket(clause_after(row))  # "12 个机关行政处（科、股）室": the noun goes on past the label
    noun = re.match(rf"[^\u4e00-\u9fff]*[个家所座处间台辆项名]?({re.escape(head)}[^\s\d及和与并、]*)", after) \
        if head else None
    head = noun.group(1) if noun else unbracket(head)
    while _COUNT_TAIL.search(head) and len(head) > 1:
        head = _COUNT_TAIL.sub("", head)
    word = q.content_words[0]
    forms = synonyms_of(word)
    if any(head.endswith(form) for form in forms) or word.startswith(head):
        return None  # its own noun ("处" of 处（室）)
    if any(form in head for form in forms) or not covers(word, head):
        return head  # the word asked only qualifies another noun, or is not this one at all
    return None  # the same thing in other words ("公务用车" for 公务车)


def part_rows(weighed: list[tuple], rows: list) -> list[tuple]:
    """Weighed candidates (eligible, score, -n, evidence) of `rows`, with the table cells whose row name
    comes back in other rows of the same table, same column, with another value, weighed down: each
    is a part ("培训费" under two economic classes, 33.00 and 146.17, beside the stated 179.18)."""
    def key(row):
        parts = row["label"].split(" ")
        return row["doc_id"], row["section"], parts[0], parts[-1]

    values: dict[tuple, set[float]] = {}
    for eligible, _, neg_n, _ in weighed:
        row = rows[-neg_n]
        if eligible and " | " in row["sentence"] and " " in row["label"]:
            values.setdefault(key(row), set()).add(row["value"])
    repeated = {k for k, v in values.items() if len(v) > 1}
    if not repeated:
        return weighed
    out = []
    for eligible, score, neg_n, ev in weighed:
        row = rows[-neg_n]
        if " | " in row["sentence"] and " " in row["label"] and key(row) in repeated:
            ev.features["repeated_row"] = -0.6
            score = ev.score
        out.append((ev.eligible, score, neg_n, ev))
    return out


# What a question about a whole says: "收入比上年增加多少", "一般公共预算支出", "2026年预算比上年多了多少".
_WHOLE_WORDS = {"支出", "收入", "一般", "公共", "公共预算", "财政", "拨款", "财政拨款", "预算", "总额", "总计", "合计",
                "收支", "总", "本年"}
# Words of a label that name no part: stages, comparisons, the year's and the report's own words.
_NO_PART = {"本年", "上年", "当年", "全年", "年度", "年初", "预算", "预算数", "决算", "执行", "执行数", "安排", "部门", "单位",
            "本部门", "本单位", "相比", "同比", "比上年", "较上年", "支出", "收入", "合计", "总计", "总额", "共计", "预算安排",
            "总预算", "总体", "说明", "情况", "收支", "总收入", "总支出", "人民政府", "办事处", "本级"}


_A_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}(?:省|市|区|县|州|旗|镇|乡|街道)")  # "长沙市" before 望城区水务局


def _part_of_whole(q: Question, row, report) -> str | None:
    """Asked a whole (收入, 支出, the budget), a prose figure whose label names something more — an item
    or a fund the question does not name — is one part of it: "公务用车购置预算支出比上年预算增加"
    does not answer "一般公共预算支出比上年增长多少", nor "三公经费预算数比上年减少" the budget's change."""
    if " | " in row["sentence"] or not set(q.content_words) <= _WHOLE_WORDS \
            or q.unit not in (None, "money") and not (q.change and q.unit == "percent"):
        return None  # a count ("几个预算单位") is no amount with parts; a rate of change is its amount's
    label = row["label"]
    for name in own_names(report.title) if report is not None else ():
        label = label.replace(name, "")
    asked = q.text + q.metric + q.alternatives
    named = label
    label = re.sub(r"(?:19|20)\d{2}\s*年度?|[\d.]+|[“”\"（）()]", " ", label)
    for said in sorted({*q.content_words, *_NO_PART}, key=len, reverse=True):  # "本年收入合计" leaves nothing
        label = label.replace(said, " ")
    words = [w for w in jieba.lcut(label)
             if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w) and w not in GENERIC_WORDS
             and w not in _NO_PART and w not in CHANGE_WORDS and w not in asked and not _A_PLACE.fullmatch(w)]
    if not words and not all(covers(w, named) for w in q.content_words or ["预算"]):
        return "what its sentence is about"  # "与上年相比减少 8.6%" under some item's heading
    return "、".join(words) or None


# A count or amount of the things above or below a value ("单价100万元以上的设备61台（套）"): a part, never
# the whole a question asks without naming a bound.
_THRESHOLD = re.compile(r"(?:单价|单位价值|价值)?\s*\d+(?:\.\d+)?\s*[万亿]?元\s*(?:（含）|\(含\))?\s*以[上下]")
_THRESHOLD_ASK = re.compile(r"以上|以下|超过|不到|低于|高于|\d\s*[万亿]?元")


def _flow_figure(label: str, before: str) -> bool:
    """A purchase or plan: its label says so, or the sentence up to it last spoke of buying or planning
    ("计划购置车辆 30 辆，主要是一般执法执勤用车 25 辆"), not of what is held ("现有车辆 20 辆")."""
    if FLOW_WORDS.search(label):
        return True
    flows = [m.end() for m in FLOW_WORDS.finditer(before)]
    held = [m.end() for m in HELD_WORDS.finditer(before)]
    return bool(flows) and (not held or flows[-1] > held[-1])
