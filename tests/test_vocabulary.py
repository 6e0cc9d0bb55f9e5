"""engine/vocabulary.py: the words of reports in general — synonyms, staff wording rewritten as report
wording, budget stages, stock against flow, years that are comparison bases, kinds of report. No entry
names a particular report (checked against the reports of corpus/ and tests/data)."""
from __future__ import annotations

import re

import pytest

from engine import vocabulary as v
from helpers import CORPUS, REAL_PDFS


def test_synonyms_are_symmetric_groups():
    assert v.synonyms_of("帮扶") == {"帮扶", "救助"} == v.synonyms_of("救助")
    assert v.synonyms_of("车") >= {"车辆", "公务用车"}
    assert v.synonyms_of("未知词") == {"未知词"}
    for group in v.SYNONYMS:
        for word in group:
            assert v.synonyms_of(word) >= group


@pytest.mark.parametrize("asked, written", [
    ("参加市羽毛球赛花了多少钱", "参加市羽毛球赛支出"),
    ("春节慰问开销", "春节慰问支出"),
    ("人员经费的比例", "人员经费的占"),
    ("退休的有几个", "退休人员有几个"),
])
def test_staff_wording_becomes_report_wording(asked, written):
    for pattern, word in v.COLLOQUIAL:
        asked = pattern.sub(word, asked)
    assert asked == written


def test_alternative_wordings_are_offered_beside_the_metric():
    alternatives = lambda metric: {alt for pattern, alt in v.ALTERNATIVES if pattern.search(metric)}  # noqa: E731
    assert alternatives("春节慰问开支") == {"支出"} and "编制人数" in alternatives("编制")
    assert "编制人数" not in alternatives("编制人数") and "三公经费" not in alternatives("三公经费")


@pytest.mark.parametrize("question, stages", [
    ("财政局2024年年初预算是多少", ["年初预算"]),
    ("调整后预算多少", ["调整预算"]),
    ("上年三公经费是多少", ["上年"]),
    ("比上年增加了多少", []),  # a comparison with last year, not last year's figure
    ("较上年度增加多少", []),
    ("2024年预算执行数", ["执行数"]),
])
def test_budget_stages_asked(question, stages):
    assert [stage for stage, asked, _ in v.STAGES if asked.search(question)] == stages


def test_a_fund_budget_name_is_no_stage():
    assert v.FUND_BUDGET.sub("", "一般公共预算财政拨款支出") == "财政拨款支出"
    assert v.BUDGET_WORD.search(v.FUND_BUDGET.sub("", "政府性基金预算支出")) is None
    assert v.BUDGET_WORD.search("三公经费预算数").group(1) == "预算"


def test_stock_against_flow():
    assert v.STOCK_ASK.search("共有多少辆车") and v.STOCK_ASK.search("现有几台电梯")
    assert not v.STOCK_ASK.search("购置了多少辆车")
    assert v.FLOW_WORDS.search("计划购置车辆30辆") and not v.FLOW_WORDS.search("截至2023年底共有车辆12辆")


@pytest.mark.parametrize("question, base", [
    ("机关运行经费比2023年增加了多少", True), ("较2022年下降", True), ("截至2023年底车辆数", True),
    ("2024年基本支出", False), ("万里街道2023年三公经费", False),
])
def test_a_year_that_is_a_comparison_base_or_a_date(question, base):
    m = v.YEAR.search(question)
    assert bool(v.BASE_BEFORE.search(question[:m.start()]) or v.BASE_AFTER.match(question[m.end():])) == base


@pytest.mark.parametrize("question, unit", [("帮扶了多少人次", "人次"), ("编制多少人", "人"), ("有几辆车", "辆"),
                                            ("自评得多少分", "分")])
def test_units_a_question_asks_in(question, unit):
    assert v.UNIT_IN_QUESTION.search(question).group(1) == unit


def test_what_a_question_asks_for():
    assert v.CHANGE_ASK.search("比2023年增加了多少") and v.CHANGE_ASK.search("较上年下降")
    assert v.SHARE_ASK.search("人员经费占比") and v.TOTAL_ASK.search("一共多少")
    assert not v.CHANGE_ASK.search("2023年基本支出") and not v.SHARE_ASK.search("基本支出多少")
    assert v.YEAR_IN_METRIC.sub("", "截至2023年底车辆") == "车辆"


def test_the_first_kind_word_in_the_list_wins():
    hinted = lambda q: next((kind for word, kind in v.KIND_HINTS if word in q), None)  # noqa: E731
    assert hinted("绩效目标表里的预算") == "预算" and hinted("部门整体支出绩效自评") == "绩效评价"
    assert hinted("2024年决算") == "决算" and hinted("基本支出") is None


def test_no_entry_names_a_report_of_the_repository():
    """General vocabulary only: the indexed reports' own places and organisations appear nowhere."""
    names = {"珠晖", "南岳", "普陀", "万里街道"}  # (社会福利院 is a kind of organisation, general)
    titles = [p.stem for p in CORPUS.glob("*.txt")] + [p.stem for p in REAL_PDFS]
    assert all(any(n in t for n in names) for t in titles)  # they are the reports' own names
    source = open(v.__file__, encoding="utf-8").read()
    code = re.sub(r"#.*", "", source)  # comments may give examples
    code = re.sub(r'"""[\s\S]*?"""', "", code)
    assert [n for n in names if n in code] == []


def test_a_breach_of_a_standard_asks_no_target():
    from engine.vocabulary import TARGET_ASK
    assert TARGET_ASK.search("补助标准是多少") and not TARGET_ASK.search("超标准使用了几次")


def test_a_rise_asked_how_much_is_the_amount_and_in_percent_the_rate():
    from engine.vocabulary import AMOUNT_ASK, RATE_ASK
    assert AMOUNT_ASK.search("提租补贴比上年涨了多少")
    assert RATE_ASK.search("收入比去年涨了百分之几") and not AMOUNT_ASK.search("收入比去年涨了百分之几")
