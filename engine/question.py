"""What a question asks: which reports (reports.py), which metric, and which kind of answer.

Staff write "花了多少钱", reports write "支出"; SYNONYMS bridges the two before matching labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

import jieba

from .reports import Match, ReportCatalog
from .vocabulary import (ALTERNATIVES, OTHER_WORDS, ORG_SUFFIXES, BUDGET_WORD, CHANGE_ASK, CHANGE_WORDS, COLLOQUIAL, FUND_BUDGET,
                         BARE_METRICS, BARE_UNITS, DIVISIONS, FUND_NAMES, TERMS_OF_ART, FUNCTION_WORDS, FLOW_WORDS, GENERIC_WORDS, MEASURES, MONEY_NOUNS, HELD_UNITS, PLACE_PREFIX, PURPOSE_ASK, QUESTION_WORDS, STOCK_ASK, SHARE_ASK, SHARE_WORDS, STAFF_NOUNS, PAY_WORDS, PER_WORD, STAGES, UNIT_IN_QUESTION,
                         YEAR_IN_METRIC)

_TEXT_ASK = re.compile(r"职责|职能|问题|措施|建议|计划|做法|成效|亮点|经验|原因|为什么|为何|怎么|如何|哪些|什么|"
                       r"主要工作|工作内容|内容有|位置|在哪|构成|包括|介绍")
_NUMBER_ASK = re.compile(r"多少|几|比例|占比|比重|百分|金额|数额|人数|多大")
_COMPARE = re.compile(r"哪个|哪家|哪一个|谁|比较|相比|对比|更多|更少|更高|更低|多还是|少还是|高还是|差多少|差距")
_COMPARE_WORDS = re.compile(r"比一比|比较一下|哪个|哪家|哪一个|谁|比较|相比|对比|更多|更少|更高|更低|还是|差多少|差距|[和与跟多少高低大小]")
_LESS = re.compile(r"少|低|小")
_CJK = re.compile(r"[\u3400-\u9fff]")
MEANINGFUL = re.compile(r"[\u3400-\u9fff]{2}|\d")  # what is_question looks for
# Across reports and years (engine/series.py answers these).
_RANK = re.compile(r"哪(?:个|家|一个)[^，。？?]*最|最(?:多|少|高|低|大|小)的?(?:是)?哪|排名|排个?序|排行|前[一二三四五六七八九十\d]+(?:名|位|个)")
# Weaker: "哪个多", "谁的车多", "比一比": a ranking only over one group of several departments.
_RANK_WHICH = re.compile(r"(?:哪(?:个|家|一个)|谁)[^，。？?]*(?:多|少|高|低|大|小)|比一比|比较一下")
_RANK_LIST = re.compile(r"排名|排个?序|排行|前[一二三四五六七八九十\d]+(?:名|位|个)")
_PLURAL = re.compile(r"所有|全部|各(?:个)?(?:部门|单位|区|县|市)?|[两三四五六七八九十几\d]+个(?:部门|单位)")
_RANK_WORDS = re.compile(r"哪(?:个|家|一个)?|最(?:多|少|高|低|大|小)|排名|排个?序|排行|前[一二三四五六七八九十\d]+(?:名|位|个)?|各部门|各单位|部门|单位")
# 合计 after 支出/收入 is a row of the report ("部门预算支出合计"), not a sum to compute.
_TOTAL = re.compile(r"加起来|加在一起|总和|一共|总共|共计|(?<![支收出入总])合计")
_TOTAL_WORDS = re.compile(r"所有?报告[里中]?|所有|全部|各部门|各单位|加起来|加在一起|总和|一共|总共|共计|合计")
# "每年" asks year by year, but "每人每年" is a rate per person (a per-unit amount, one figure).
_TREND = re.compile(r"近[两三四五六七八九十\d]+年|历年|这[两三四五\d]?几?年|逐年|趋势|怎么变|如何变化|变化情况|(?<![人户生均])每年(?!要|需要?|花|支付|交|缴|的?(?:租金|费用|成本|运维|维护))"
                    r"|(?:19|20)\d{2}\s*年?\s*(?:到|至|-|—|~)\s*(?:19|20)\d{2}")
_TREND_WORDS = re.compile(r"近[两三四五六七八九十\d]+年|历年|这[两三四五\d]?几?年|逐年|的?变化?趋势|怎么变化?|如何变化|变化情况|每年|[到至~—-]")
_PARTS = re.compile(r"分别|各是|各为|各自|各有|各多少|都是多少|各(?!部门|单位|个|区|县|市)[\u4e00-\u9fa5]{1,4}?(?:多少|几)")
# "会议费和培训费": two metrics when each ends as a measured amount does; "商品和服务支出" and
# "公务用车购置和运行维护费" are one report line.
_ASKED = re.compile(r"多少|几(?!乎)")
_METRIC_JOIN = re.compile(r"以及|[和与及、]")
# Budget lines whose own name holds 和 (商品和服务支出, 公务用车购置和运行维护费): one line, not two
_ONE_LINE = re.compile(r"商品和服务|购置和运行|购置及运行")
_METRIC_WORD_BEFORE = re.compile(r"里|其中|的")  # "政府采购里工程和服务": a whole and its parts, not lines
_MEASURED = re.compile(r"(?:费|支出|收入|经费|资金|人数|人员|预算|决算|金额|补助|补贴|津贴|公积金|拨款|结余|结转)$")
# Words that are stages or qualifiers, matched on their own, not words of the metric.
# "比上年执行数多了": the base's stage goes with the change (its stage is matched on its own, STAGES)
_LAST_YEAR = r"(?:上一?年度?|去年)"
_COMPARED = rf"(?:跟|和|同|与){_LAST_YEAR}相?比较?"  # "跟上年比少了多少"
_CHANGE_OR_SHARE = re.compile(rf"(?:{_COMPARED}|(?:比|较|与)?{_LAST_YEAR}?)(?:的?(?:预算数?|执行数|决算数?))?"
                              r"(?:增长|增加|下降|减少|降低|减低|压减|缩减|压缩|压了?|提高|变化|变动|上升)"
                              rf"|(?:{_COMPARED}|(?:比|较){_LAST_YEAR}?)(?:的?(?:预算数?|执行数|决算数?))?(?:多|少)了?"
                              r"|占|共有|一共|共计|共")
_NOT_CONTENT = re.compile(r"^(?:预算|决算|年初|调整|调整后|执行|执行数|上年|上一年|去年|本年|数|年|支出数|安排"
                          r"|[万亿千]?元|平方米|公里|以上|以下|以内|\d+(?:\.\d+)?)$")

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
    kind: str  # "figure", "compare", "parts", "trend", "rank", "total" or "text"
    metric: str  # the metric phrase left after names, years and question words, in report wording
    alternatives: str  # other report wording the metric may go by (weaker evidence)
    budget_word: str | None = None  # "预算" or "决算" when the question asks for one of them
    unit: str | None = None  # "money", "percent", "count", or a specific count unit ("人次")
    person: bool = False  # asks how many people
    change: bool = False
    share: bool = False
    less: bool = False  # a comparison asking which is smaller
    topics: list[str] = field(default_factory=list)  # section words for text questions
    stages: list[tuple[str, re.Pattern]] = field(default_factory=list)  # (stage, how a figure carries it)
    stock: bool = False  # asks what is held (共有多少辆车), not what was bought or planned
    metric_parts: list[str] = field(default_factory=list)  # "会议费和培训费各是多少": one answer each
    # A figure of another year than the one asked never answers; a series reads the next year's report
    # for the year before it (engine/series.previous_from), so it weighs the year instead.
    years_bind: bool = True
    per: bool = False  # asks a rate per person or period ("每人每月补多少"): a total never answers
    part_units: dict = field(default_factory=dict)  # metric part → (unit, person) its own ask says

    def part(self, metric: str) -> "Question":
        """The same question asking one of its metrics (in the unit its own ask names, if it said one)."""
        unit, person = self.part_units.get(metric, (self.unit, self.person))
        return replace(self, kind="figure", metric=metric, metric_parts=[], alternatives=alternatives_of(metric),
                       unit=unit, person=person, per=bool(PER_WORD.search(metric)) if self.part_units else self.per)

    @cached_property
    def word_grams(self) -> set[str]:
        """Bigrams that are words of the metric (jieba search mode), none spanning a word boundary."""
        words = [w for w in jieba.cut_for_search(self.metric) if len(w) == 2 and w not in GENERIC_WORDS
                 and w not in FUNCTION_WORDS and not PER_WORD.fullmatch(w)]  # 安排, 每月: no key word
        if words:
            return set(words)
        whole = [w for w in jieba.lcut(self.metric) if w not in GENERIC_WORDS]  # "包括单位": none says what
        return {w[i:i + 2] for w in whole for i in range(len(w) - 1)}

    @cached_property
    def by_use(self) -> bool:
        """Names money by what it is for ("用来…的钱", "做电梯维保、法律顾问这些花多少"): the purpose after a
        figure's number may then say the metric (scoring reads it for every figure, so once here)."""
        return bool(PURPOSE_ASK.search(self.text))

    @cached_property
    def metric_numbers(self) -> list[str]:
        """Numbers the metric itself names ("单价50万元以上设备", "12345平台"): a figure whose words do
        not show them measures something else (单价100万元以上). Years are not among them."""
        numbers = re.findall(r"(?<![A-Za-z0-9_.(（])\d+(?:\.\d+)?(?=\s*[\u4e00-\u9fff%％])", self.metric)  # "alert(1)" is none
        return [n for n in numbers if not re.fullmatch(r"(?:19|20)\d{2}", n)]

    @cached_property
    def content_words(self) -> list[str]:
        """The metric's words that a figure must cover: not question words, generic words ("金额"),
        stages (matched on their own) or the share/change asked (the figure's qualifier)."""
        metric = self.metric
        if self.share and "占" in metric:
            metric = metric.split("占")[0]  # "基本支出占本年支出合计": the share's subject is what is asked
        metric = _CHANGE_OR_SHARE.sub(" ", metric)
        metric = re.sub(r"实际(?=执行)", " ", metric)  # "实际执行了多少": the 执行数 stage (STAGES), said whole
        words = [name for name in FUND_NAMES if name in metric]  # "单位资金" is one name, not 单位 + 资金
        for name in words:
            metric = metric.replace(name, " ")
        for term in TERMS_OF_ART:  # whole, unless it ends a longer name ("编外人员经费", "信息化项目支出")
            m = re.search(rf"(?:^|(?<![\u4e00-\u9fff])|{_TERM_BEFORE}){term}", metric)
            if m:
                words.append(term)
                metric = metric[:m.start()] + " " + metric[m.end():]
        metric = PER_WORD.sub(" ", metric)  # a rate's "每人每月" is said by the figure's unit (scoring)
        cut = jieba.lcut(metric)
        for i, w in enumerate(cut):
            if w in OTHER_WORDS and _other_of(cut, i + 1):
                continue
            if i and cut[i - 1] in OTHER_WORDS and _other_of(cut, i):
                w = cut[i - 1] + w  # "其他社会福利": the rest of 社会福利 is one thing, not 社会福利
            if w in STAFF_NOUNS and PAY_WORDS.match("".join(cut[i + 1:i + 3])):
                continue  # "老师绩效工资": the organisation's own staff (STAFF_NOUNS)
            if re.fullmatch(r"要.", w):
                continue  # "要建", "要配": a plan's modal and a one-character verb say nothing measured
            if len(w) < 2 or w in GENERIC_WORDS or w in SHARE_WORDS or w in CHANGE_WORDS or w in FUNCTION_WORDS \
                    or _NOT_CONTENT.match(w) or not _CJK.search(w):  # markup and Latin say nothing of a metric
                continue
            if i + 1 < len(cut) and cut[i + 1] in DIVISIONS:
                w += cut[i + 1]  # "投资处": one of the department's divisions, not 投资
            if w not in words:
                words.append(w)
        # "收入里学校自己的其他收入": the 其他收入 is within 收入, which says where, not what
        words = [w for w in words if not any(o + w in words for o in OTHER_WORDS)]
        if MEASURES.get(self.unit or "") == "area":  # the figure's unit says 面积 ("房屋457,664.41平方米")
            words = [w[:-2] if w.endswith("面积") else w for w in words]
            words = [w for w in words if len(w) >= 2]
        if self.unit == "money" and len(words) >= 2 and words[-1] in MONEY_NOUNS \
                and sum(map(len, words[:-1])) >= 4:
            words.pop()  # "院前急救经费" asks the money of 院前急救, which a report may name alone
        return words


def _other_of(cut: list[str], i: int) -> bool:
    """cut[i] is a word of the metric that an "其他" before it makes "the rest of" it."""
    return i < len(cut) and len(cut[i]) >= 2 and bool(_CJK.search(cut[i])) and cut[i] not in GENERIC_WORDS \
        and cut[i] not in FUNCTION_WORDS


# What may stand before a term of art and leave it the budget's line: a fund or a period.
_TERM_BEFORE = "|".join(f"(?<={w})" for w in ("预算", "拨款", "基金", "本年", "年度", "当年", "全年", "部门", "单位", "的", "年",
                                                     "和", "与", "及", "、"))


def alternatives_of(metric: str) -> str:
    """Other report wording the metric may go by (ALTERNATIVES), as one string."""
    return "".join(alt for pattern, alt in ALTERNATIVES if pattern.search(metric))


# "参加了多少职工", "安置了多少退役军人": people counted after 多少 — a word for people, or a noun that
# ends the question in 人/员/者/… ("多少户外劳动者爱心驿站" counts 驿站, "多少人次一线职工" 人次).
_MONEY_AFTER = r"(?![\u4e00-\u9fff]*(?:经费|工资|支出|费|补助|补贴|津贴|福利|资金|金|款))"
_COUNTED_PEOPLE = re.compile(
    r"(?:多少|几)(?:个|位|名)?(?:职工|干部|员工|党员|学生|教师|会员|居民|老人|儿童|志愿者|工作人员|人员)" + _MONEY_AFTER
    + r"|(?:多少|几)(?:个|位|名)?(?:(?!次)[\u4e00-\u9fff]){1,4}?(?:[人员者兵士警]|群众)(?![\u4e00-\u9fff])")


_SEVERAL_DEPARTMENTS = re.compile(r"[两三四五六七八九十几\d]+个(?:部门|单位)(?=的|[\u4e00-\u9fff]{2})")


# "完成了年初预算的多少": the share of the budget done, not an amount
_COMPLETED_SHARE = re.compile(r"(?:完成|执行|达到)了?(?:年初|全年|调整后?)?(?:预算|计划|目标)(?:数)?的(?:多少|几)(?!钱|元)")


def _unit_hint(q: str, metric: str) -> tuple[str | None, bool]:
    q = _SEVERAL_DEPARTMENTS.sub(" ", q)  # "几个部门的三公经费": 个 counts the departments, not what is asked
    if re.search(r"比例|占比|比重|百分|%|％|率|占[^钱]*(?:多少|几)(?!钱)", q) or _COMPLETED_SHARE.search(q):
        return "percent", False
    if re.search(r"得分|分值|评分|总分|打了?几分|多少分", q):
        return "分", False
    if re.search(r"多少年|连续几年", q):  # "连续多少年安全度夏": a count of years ("近几年" is a trend)
        return "年", False
    if _COUNTED_PEOPLE.search(q):  # "参加了多少职工": people, not the 81个 units they came from
        return "人", True
    m = UNIT_IN_QUESTION.search(q)
    if m:
        unit = "人" if m.group(1) == "个人" else m.group(1)  # "配多少个人": people
        return unit, unit in {"人", "名"}
    if "面积" in q and not re.search(r"费|钱|金额|支出|资金|价值", q):
        return "平方米", False  # an area: any area unit answers (MEASURES)
    if re.search(r"次数", q) and not re.search(r"费|钱|金额|支出|资金", q):
        return "次", False  # "车辆租赁次数": how many times, not how many cars
    if re.search(r"车辆|几辆|用车|公车", q) and not re.search(r"费|钱|金额|支出|资金|成本|(?:预算|决算)(?!单位)", q):
        return "辆", False  # "所属预算单位共有车辆多少": 预算 names the units, the question counts cars
    if re.search(r"人数|编制|多少人|几人", q) and not re.search(r"经费|支出|工资|金额|钱", q):
        return "count", True
    if "人员" in q and not re.search(r"经费|支出|工资|薪酬|薪水|津贴|金额|钱|金|费|补助|补贴|资金|拨款|成本|报销", q):
        return "count", True  # "特困人员救助供养金" is money for people
    if re.search(r"钱|金|经费|支出|开支|收入|预算|决算|补助|补贴|津贴|工资|薪酬|拨款|费|款|总额|余额|资产|成本|报销|安排了?多少", metric + q):
        return "money", False
    return None, False


# Words that name the report rather than the metric: the province or city before the district, and
# the report kind ("2020年绩效报告里…", "部门决算中…").
_REPORT_WORDS = re.compile(
    r"(?:部门|单位)?(?:整体支出)?绩效(?:评价)?报告(?:里|中|上)?|(?:部门|单位)?整体支出绩效(?:评价)?(?:里|中|上)?"
    r"|绩效评价(?:里|中|上)|(?:部门|单位)(?:决算|预算)(?:报告)?(?:里|中|上)?|(?:决算|预算)报告(?:里|中|上)?")


_IN_THE_REPORT = re.compile(r"(决算|预算|报告|评价表?|自评表|目标表)(?:中|里|上(?!年))")


def strip_names(text: str, match: Match) -> str:
    text = _IN_THE_REPORT.sub(r"\1 ", text)  # "…部门决算中本年支出": 中 says where, after a kind of report
    for word in sorted(match.words + match.unknown, key=len, reverse=True):
        # the province or city written before a name ("上海市长宁区…") goes with it
        text = re.sub(f"(?:{PLACE_PREFIX})?{re.escape(word)}", " ", text)
        text = text.replace(word, " ")
    text = re.sub(r"[（(]\s*本级\s*[)）]", " ", text)  # "无锡市教育局（本级）" names the report
    text = _REPORT_WORDS.sub(" ", text)
    head = text.lstrip()
    if head[:1] == "里":
        text = " " + head[1:]  # "万里街道里…": 里 after a name says where (中 may open 中职, 上 上年)
    return YEAR_IN_METRIC.sub(" ", text)


# 今年/去年/明年/前年 name a calendar year unless they are the base of a change ("比去年多了多少"), which
# the change words already carry.
_RELATIVE_YEAR = re.compile(r"(?<![比较与同跟和])(今年|去年|明年|前年)(?:度)?")
_YEAR_OFFSET = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}


def with_years(text: str, this_year: int) -> str:
    """The question with relative years written out: asked in 2026, "今年的预算" is the 2026 budget."""
    return _RELATIVE_YEAR.sub(lambda m: f"{this_year + _YEAR_OFFSET[m.group(1)]}年", text)


def analyse(text: str, catalog: ReportCatalog, this_year: int | None = None) -> Question:
    text = text.strip()
    if this_year is not None:
        text = with_years(text, this_year)
    match = catalog.match(text)
    named = rest = strip_names(text, match)
    # "广州卫健委系统的房屋": the department with its own units, which its report covers; no word 系统
    rest = re.sub(r"^\s*(?:全|本)?系统(?=的|内|里|一共|共|总共|全部|所有)", "", rest)
    for pattern, report_word in COLLOQUIAL:
        rest = pattern.sub(report_word, rest)
    metric = re.sub(r"\s+", "", QUESTION_WORDS.sub(" ", rest))
    # 预算/决算 say which figure, not what it measures: matched separately (scoring.budget_fit), so
    # "基本支出决算" meets the label "基本支出" of a 决算 report. 一般公共预算 is a name, not a stage.
    # 决算 said anywhere is the stage asked: "预算准备金决算数" asks the 决算 of 预算准备金, and
    # "决算数小于预算数" compares within a 决算 — but "三公经费年初预算决算" asks the 年初预算 column of
    # a 决算 table: a named budget stage keeps 预算
    stages_said = list(BUDGET_WORD.finditer(FUND_BUDGET.sub(lambda m: "＃" * len(m.group()), metric)))
    juesuan = None if re.search(r"(?:年初|调整|全年)预算", metric) else \
        next((m for m in stages_said if m.group(1) == "决算"), None)
    budget = juesuan or (stages_said[0] if stages_said else None)
    # ("2019年决算中本年收入合计": the 中 after the stage word was taken out with the names, strip_names)
    core = (metric[:budget.start()] + metric[budget.end():]) if budget else metric
    if budget and len(core) >= 2:
        metric = core
    alternatives = alternatives_of(metric)
    if len(metric) <= 2:  # "几辆车": too little to match on, so the report wording counts fully
        metric, alternatives = metric + alternatives, ""
    unit, person = _unit_hint(named, metric)  # the question without its report's name and kind
    if unit == "个" and re.search(r"人员|人|职工|干部|员工", metric):  # "有几个退休人员"
        unit, person = "count", True
    change = bool(CHANGE_ASK.search(text))
    share = bool(SHARE_ASK.search(named))
    unmasked = FUND_BUDGET.sub(" ", named)
    stages = [(stage, carried) for stage, asked, carried in STAGES if asked.search(unmasked)]
    topics = next((words for pattern, words in TEXT_TOPICS if pattern.search(text)), [])
    groups = match.unnarrowed or match.groups
    many = len(groups) >= 2  # named apart: "深圳和杭州的公安局"
    spread = len(groups) == 1 and _departments(groups[0], catalog) >= 2  # "各公安局", "湖州两个部门"
    anywhere = not groups and not match.unknown  # no report named: over every report
    if (_RANK.search(text) or _RANK_WHICH.search(text)) and spread \
            or _RANK.search(text) and anywhere or _RANK_LIST.search(text) and many:
        kind = "rank"  # "哪个部门的三公经费最多", "各部门的人员经费排个序" (engine/series.py)
        metric = _RANK_WORDS.sub("", metric)
    elif _TOTAL.search(text) and (many or spread or anywhere and _PLURAL.search(text)):
        kind = "total"  # "所有报告里机关运行经费加起来多少"
        metric = _TOTAL_WORDS.sub("", metric)
    elif len(groups) <= 1 and not spread and not _TEXT_ASK.search(text.replace("怎么变", "")) \
            and (_TREND.search(text) or len(match.own_years) >= 2 and not change):
        kind = "trend"  # "万里街道这三年预算怎么变的", "社会福利院2023和2024年三公经费预算"
        metric = _TREND_WORDS.sub("", metric) or (budget.group(1) if budget else "")
    elif spread and _PARTS.search(text) and not _COMPARE.search(text) and not _TEXT_ASK.search(text):
        kind = "parts"  # "西安几个部门的三公经费分别多少": one answer per department of the place
        match.groups = _by_department(match.groups[0] if len(match.groups) == 1 else groups[0], catalog)
        metric = _PLURAL.sub("", metric).lstrip("的")
    elif len(match.own_years) >= 2 and not change and not _TEXT_ASK.search(text) \
            or len(match.groups) + len(match.unknown) >= 2 and _PARTS.search(text) and not _COMPARE.search(text):
        kind = "parts"  # one answer per year or per report: "2024年和2025年分别…", "A和B各是多少"
        metric = _COMPARE_WORDS.sub("", metric) if len(match.groups) >= 2 else re.sub(r"^[和与及、至到]", "", metric)
    elif len(match.groups) >= 2 and (_COMPARE.search(text) or "和" in text or "与" in text):
        kind = "compare"
        metric = _COMPARE_WORDS.sub("", metric)
    elif _TEXT_ASK.search(text) and not _NUMBER_ASK.search(text):
        kind = "text"
    else:
        kind = "figure"
    if metric in BARE_UNITS and unit is None:  # "哪个车多" counts cars, not their running costs
        unit, person = BARE_UNITS[metric]
    metric = BARE_METRICS.get(metric, metric)  # "谁车多": what reports call it
    metric_parts: list[str] = []
    part_units: dict[str, tuple[str | None, bool]] = {}
    if kind in ("figure", "parts") and len(match.groups) <= 1 and len(match.own_years) < 2 and _PARTS.search(text):
        pieces = metric_pieces(metric, rest)
        if pieces:
            kind, metric_parts = "parts", pieces
    elif kind == "figure" and len(match.groups) <= 1 and len(_ASKED.findall(text)) >= 2:
        pieces = [p for p in (BARE_METRICS.get(p, p) for p in re.split(r"[，,；;]", metric)) if len(p) >= 2]
        said = [t for t in re.split(r"[，,；;]", named) if _ASKED.search(t)]
        listed = [p for p in metric.split("、") if p]  # "买几辆车、花多少钱": a list of asks, not of things
        if len(pieces) < 2 and len(listed) == len(_ASKED.findall(text)):
            pieces, said = listed, [t for t in named.split("、") if _ASKED.search(t)]
        if len(pieces) >= 2:  # "有多少个内设机构，多少个直属事业单位": two questions in one
            kind, metric_parts = "parts", with_subject(pieces)
            # each ask says its own unit ("每人标准多少、要慰问多少人": money, then people)
            if len(said) == len(metric_parts):
                part_units = {m: _unit_hint(t, m) for m, t in zip(metric_parts, said)}
                for m, (u, _) in part_units.items():  # "离退休人员有多少，其中离休的几个": people, as the first
                    if u == "个" and person:
                        part_units[m] = (unit, person)
    return Question(text=text, match=match, kind=kind, metric=metric, alternatives=alternatives,
                    budget_word=budget.group(1) if budget else None, unit=unit,
                    person=person, change=change, share=share, stages=stages,
                    # an area asked without 有 may be a service's target (物业服务面积), not a holding
                    stock=bool((STOCK_ASK.search(named) or unit in HELD_UNITS and unit != "平方米")
                               and not FLOW_WORDS.search(named)),
                    less=bool(kind == "compare" and _LESS.search(text.split("哪")[-1])), topics=topics,
                    metric_parts=metric_parts, part_units=part_units, per=bool(PER_WORD.search(metric)))


# "民警和普通辅警的被装配备标准": the last name ends at the 的 the question said
_LAST_NAMED = re.compile(r"(?:以及|[和与及、])([\u4e00-\u9fff]{2,8}?)的")


# "住房公积金和购房补贴分别安排了多少": the verb after the last name is no part of it
_TRAILING_VERB = re.compile(r"(?:安排|计划|打算|预计|发放|发了|花了|用了)$")


def metric_pieces(metric: str, said: str) -> list[str]:
    """The metrics of "…分别多少": "会议费和培训费" → both; "A和B的X" → AX, BX, where B ends at the
    question's 的 or, without one, where B ends as A does ("投资处和基础产业处要争取的投资",
    "城市低保和农村低保"). One report line with 和 inside ("商品和服务支出") stays one."""
    pieces = [p for p in _METRIC_JOIN.split(metric) if p]
    if len(pieces) < 2:
        return []
    lines = [p for p in _METRIC_JOIN.split(_TRAILING_VERB.sub("", metric)) if p]
    if all(len(p) >= 2 and _MEASURED.search(p) for p in lines):
        return lines
    *heads, last = pieces
    ending = _MEASURED.search(last)
    if ending and all(len(h) >= 2 and not _MEASURED.search(h) and not _METRIC_WORD_BEFORE.search(h) for h in heads) \
            and len(last) - len(ending.group(0)) >= 2 and not _LAST_NAMED.search(said) \
            and not _ONE_LINE.search(metric):
        # "工资福利和商品服务支出": lines of one kind, the kind said once at the end
        return [h + ending.group(0) for h in heads] + [last]
    inside = re.match(r"(.{2,}?)(?:里|其中)(.{1,6})$", heads[0]) if len(heads) == 1 else None
    if inside and len(last) <= 6:  # "政府采购里工程和服务": the 工程 and 服务 of 政府采购
        return [inside.group(1) + inside.group(2), inside.group(1) + last]
    if any(not 2 <= len(h) <= 8 for h in heads):
        return []
    said_last = _LAST_NAMED.search(said)
    if said_last and last.startswith(said_last.group(1)):
        name = said_last.group(1)
    else:  # the shortest head of the last piece that ends as the first name does
        end = next((k for k in range(2, min(len(last), 9)) if last[k - 1] == heads[0][-1]), None)
        if end is None or any(h[-1] != heads[0][-1] for h in heads):
            # "公报室和发展研究中心收入": names of organisations end at their suffixes, whichever they are
            end = next((k for k in range(2, min(len(last), 11)) if last[:k].endswith(ORG_SUFFIXES)), None) \
                if all(h.endswith(ORG_SUFFIXES) for h in heads) else None
            if end is None:
                return []
        name = last[:end]
    tail = last[len(name):]
    if len(tail) < 2 and not all(_MEASURED.search(p) for p in pieces):
        return []
    return [h + tail for h in heads] + [name + tail]


# What a later ask of "目标多少，实际开了多少" may say alone: the figure's role or an everyday verb,
# no subject of its own.
_ROLE_WORDS = {"目标", "实际", "完成", "定", "预算", "决算", "执行", "计划", "得分", "分值", "开", "花", "用", "支出",
               "年初", "调整", "上限", "下限", "标准"}


def with_subject(pieces: list[str]) -> list[str]:
    """Later asks that name no subject take the first one's: "党组会议定的目标多少次，实际开了多少次"
    asks the 党组会议's target and its actual count."""
    words = jieba.lcut(pieces[0])
    subject = "".join(w for w in words if w not in _ROLE_WORDS and w not in FUNCTION_WORDS
                      and not (len(w) == 1 and w in _UNIT_CHARS))
    out = [pieces[0]]
    for piece in pieces[1:]:
        own = [w for w in jieba.lcut(piece) if len(w) >= 2 and w not in _ROLE_WORDS and w not in FUNCTION_WORDS
               and w not in GENERIC_WORDS]
        out.append(piece if own or len(subject) < 2 else subject + piece)
    return out


_UNIT_CHARS = set("次个人名家辆台套项件场条张份元")


def _by_department(doc_ids: list[int], catalog: ReportCatalog) -> list[list[int]]:
    """The reports of a place, one group per department, in title order."""
    groups: dict[str, list[int]] = {}
    for i in sorted(doc_ids, key=lambda i: catalog.reports[i].title):
        groups.setdefault(catalog.department[i], []).append(i)
    return list(groups.values())


def _departments(doc_ids: list[int], catalog: ReportCatalog) -> int:
    """How many departments a group of reports holds (ReportCatalog.department)."""
    return len({catalog.department[i] for i in doc_ids})


def is_question(text: str) -> bool:
    """Whether `text` holds something to look up: a Chinese word (two characters) or a number."""
    return bool(MEANINGFUL.search(text))
