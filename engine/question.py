"""What a question asks: which reports (reports.py), which metric, and which kind of answer.

Staff write "花了多少钱", reports write "支出"; SYNONYMS bridges the two before matching labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba

from .reports import Match, ReportCatalog

# Staff wording the reports never use, rewritten in the metric phrase.
COLLOQUIAL = [
    (re.compile(r"花了多少钱|花了多少|用了多少钱|花了|花费|花多少|开销|花销|用款|用了"), "支出"),
    (re.compile(r"退休的"), "退休人员"),
    (re.compile(r"比例|占比|比重|百分比|百分之"), "占"),
]
# Report wording a question may mean too: weaker evidence, added beside the metric phrase.
ALTERNATIVES = [
    (re.compile(r"开支"), "支出"),
    (re.compile(r"支出"), "开支"),
    (re.compile(r"编制(?!人数)"), "编制人数"),
    (re.compile(r"三公(?!经费)"), "三公经费"),
    (re.compile(r"救助"), "帮扶"),
    (re.compile(r"帮扶"), "救助"),
    (re.compile(r"临时聘用|临聘|聘用"), "临聘人员"),
    (re.compile(r"机构|科室|股室"), "内设"),
    (re.compile(r"车"), "车辆"),
]
_QUESTION_WORDS = re.compile(
    r"(?:多少|几)(?:人次|批次|人|名|个|家|户|项|次|台|辆|所|场|支|套)|请问|一共|总共|共计|合计|是多少钱|是多少|多少钱|多少|几个|几名|几人|几家|几项|几次|几|哪些|有哪些|什么|"
    r"吗|呢|呀|啊|？|\?|了|的|是|为|有|给|请|告诉我|查一下|查询|一下|情况如何|怎么样|大概"
)
_YEAR = re.compile(r"(?:截至|截止|到)?(?:19|20)\d{2}\s*(?:年度?(?:底|末)?)?")
_TEXT_ASK = re.compile(r"职责|职能|问题|措施|建议|计划|做法|成效|亮点|经验|原因|为什么|为何|怎么|如何|哪些|什么|"
                       r"主要工作|工作内容|内容有|位置|在哪|构成|包括|介绍")
_NUMBER_ASK = re.compile(r"多少|几|比例|占比|比重|百分|金额|数额|人数|多大")
_COMPARE = re.compile(r"哪个|哪家|哪一个|谁|比较|相比|对比|更多|更少|更高|更低|多还是|少还是|高还是|差多少|差距")
_COMPARE_WORDS = re.compile(r"哪个|哪家|哪一个|谁|比较|相比|对比|更多|更少|更高|更低|还是|差多少|差距|[和与跟多少高低大小]")
_LESS = re.compile(r"少|低|小")

COUNT_UNITS = {"人", "名", "人次", "个", "家", "户", "次", "项", "台", "辆", "所", "场", "位", "户次", "批次",
               "台/套", "套", "支", "份", "件", "间", "处", "座", "期", "篇", "条", "张", "批", "天"}

TEXT_TOPICS = [
    (re.compile(r"问题|不足"), ["问题", "不足"]),
    (re.compile(r"措施|建议|改进"), ["措施", "建议", "改进"]),
    (re.compile(r"计划|打算|下一步"), ["计划", "下一步"]),
    (re.compile(r"职责|职能"), ["职责", "职能"]),
    (re.compile(r"成效|亮点|做法|工作"), ["工作", "成效"]),
]


@dataclass
class Question:
    text: str
    match: Match
    kind: str  # "figure", "compare" or "text"
    metric: str  # the metric phrase left after names, years and question words, in report wording
    alternatives: str  # other report wording the metric may go by (weaker evidence)
    budget_word: str | None = None  # "预算" or "决算" when the question asks for one of them
    unit: str | None = None  # "money", "percent", "count", or a specific count unit ("人次")
    person: bool = False  # asks how many people
    change: bool = False
    share: bool = False
    less: bool = False  # a comparison asking which is smaller
    topics: list[str] = field(default_factory=list)  # section words for text questions

    @property
    def word_grams(self) -> set[str]:
        """Bigrams that are words of the metric (jieba search mode), none spanning a word boundary."""
        words = [w for w in jieba.cut_for_search(self.metric) if len(w) == 2]
        return set(words) or {w[i:i + 2] for w in jieba.lcut(self.metric) for i in range(len(w) - 1)}


def _unit_hint(q: str, metric: str) -> tuple[str | None, bool]:
    if re.search(r"比例|占比|比重|百分|%|％|率|占[^钱]*(?:多少|几)(?!钱)", q):
        return "percent", False
    m = re.search(r"(?:多少|几)(人次|批次|名|人|个|家|户|项|次|台|辆|所|场|支|套)", q)
    if m:
        unit = m.group(1)
        return unit, unit in {"人", "名"}
    if re.search(r"人数|编制|多少人|几人|人员", q) and not re.search(r"经费|支出|工资|金额|钱", q):
        return "count", True
    if re.search(r"钱|金额|经费|支出|开支|收入|预算|决算|资金|补助|拨款|费|款|慰问金", metric + q):
        return "money", False
    return None, False


# Words that name the report rather than the metric: the province or city before the district, and
# the report kind ("2020年绩效报告里…", "部门决算中…").
PLACE_PREFIX = r"(?:[\u4e00-\u9fa5]{2,3}?省)?(?:[\u4e00-\u9fa5]{2,3}?市)"
_REPORT_WORDS = re.compile(
    r"(?:部门|单位)?(?:整体支出)?绩效(?:评价)?报告(?:里|中|上)?|(?:部门|单位)?整体支出绩效(?:评价)?(?:里|中|上)?"
    r"|绩效评价(?:里|中|上)|(?:部门|单位)(?:决算|预算)(?:报告)?(?:里|中|上)?|(?:决算|预算)报告(?:里|中|上)?")


def strip_names(text: str, match: Match) -> str:
    for word in sorted(match.words, key=len, reverse=True):
        # the province or city written before a name ("上海市长宁区…") goes with it
        text = re.sub(f"(?:{PLACE_PREFIX})?{re.escape(word)}", " ", text)
        text = text.replace(word, " ")
    text = _REPORT_WORDS.sub(" ", text)
    text = re.sub(r"^\s*[中里上]", " ", text)  # "…部门决算中主要职能": the title was cut off before 中
    return _YEAR.sub(" ", text)


def analyse(text: str, catalog: ReportCatalog) -> Question:
    text = text.strip()
    match = catalog.match(text)
    named = rest = strip_names(text, match)
    for pattern, report_word in COLLOQUIAL:
        rest = pattern.sub(report_word, rest)
    metric = re.sub(r"\s+", "", _QUESTION_WORDS.sub(" ", rest))
    # 预算/决算 say which figure, not what it measures: matched separately (answer.budget_fit), so
    # "基本支出决算" meets the label "基本支出" of a 决算 report.
    budget = re.search(r"(预算|决算)(?:数)?", metric)
    core = (metric[:budget.start()] + metric[budget.end():]) if budget else metric
    if budget and len(core) >= 2:
        metric = core
    alternatives = "".join(alt for pattern, alt in ALTERNATIVES if pattern.search(metric))
    if len(metric) <= 2:  # "几辆车": too little to match on, so the report wording counts fully
        metric, alternatives = metric + alternatives, ""
    unit, person = _unit_hint(named, metric)  # the question without its report's name and kind
    if unit == "个" and re.search(r"人员|人|职工|干部|员工", metric):  # "有几个退休人员"
        unit, person = "count", True
    change = bool(re.search(r"增长|下降|增加|减少|较上年|比上年|变化|变动|提高|降低", text))
    share = bool(re.search(r"占|比例|比重|占比", text))
    topics = next((words for pattern, words in TEXT_TOPICS if pattern.search(text)), [])
    if len(match.groups) >= 2 and (_COMPARE.search(text) or "和" in text or "与" in text):
        kind = "compare"
        metric = _COMPARE_WORDS.sub("", metric)
    elif _TEXT_ASK.search(text) and not _NUMBER_ASK.search(text):
        kind = "text"
    else:
        kind = "figure"
    return Question(text=text, match=match, kind=kind, metric=metric, alternatives=alternatives,
                    budget_word=budget.group(1) if budget else None, unit=unit,
                    person=person, change=change, share=share,
                    less=bool(kind == "compare" and _LESS.search(text.split("哪")[-1])), topics=topics)
