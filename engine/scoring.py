"""How well a figure answers a question: the scores the answer engine ranks figures by.

A figure's label is compared with the question's metric as character bigrams weighted by rarity
across all labels (GramWeights); the words before the number, its unit, qualifier, year, table row
and report kind add or take away. Each *_fit function is one such piece of evidence.
"""
from __future__ import annotations

import math
import re

from .question import COUNT_UNITS, PLACE_PREFIX, Question
from index.tokens import bigrams

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


_PLACE_PREFIX = re.compile("^" + PLACE_PREFIX)
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
    kind = report.kind if report is not None else None
    has = "预算" if "预算" in label else "决算" if "决算" in label else kind
    if has not in ("预算", "决算"):
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
