"""engine/reports.py: the short forms staff use for places and organisations, and the catalog that
finds which reports a question names (place and organisation jointly, the year, the kind, names no
report belongs to) — over the titles of corpus/ and the real PDFs. How a title is read into places
and an organisation is index/titles.py's (test_titles.py)."""
from __future__ import annotations

import pytest

from engine.reports import Report, ReportCatalog, org_aliases, place_aliases

REPORTS = [
    Report(1, "南岳区总工会2022年度部门整体支出绩效评价报告", "a.txt", "南岳区", "总工会", 2022, "绩效评价"),
    Report(2, "珠晖区总工会2022年度部门整体支出绩效报告", "b.txt", "珠晖区", "总工会", 2022, "绩效评价"),
    Report(3, "上海市普陀区万里街道办事处2023年部门预算", "c.pdf", "普陀区", "万里街道办事处", 2023, "预算"),
    Report(4, "上海市普陀区社会福利院2024年单位预算", "d.pdf", "普陀区", "社会福利院", 2024, "预算"),
    Report(5, "上海市普陀区规划和自然资源局2024年度部门决算", "e.pdf", "普陀区", "规划和自然资源局", 2024, "决算"),
    Report(6, "上海市普陀区财政局2024年度部门决算", "f.pdf", "普陀区", "财政局", 2024, "决算"),
    Report(7, "上海市普陀区财政局2024年部门预算", "g.pdf", "普陀区", "财政局", 2024, "预算"),
    Report(8, "中共上海市普陀区委社会工作部2024年部门预算", "h.pdf", "普陀区", "社会工作部", 2024, "预算"),
]
CATALOG = ReportCatalog(REPORTS)


def test_short_forms():
    assert place_aliases("上海市") == {"上海市", "上海"} and place_aliases("普陀区") == {"普陀区", "普陀"}
    assert place_aliases("普陀区") == {"普陀区", "普陀"} and place_aliases("市区") == {"市区"}
    assert org_aliases("规划和自然资源局") == {"规划和自然资源局", "规划资源局", "规土局", "自然资源局"}
    assert org_aliases("万里街道办事处") == {"万里街道办事处", "万里街道"}
    assert org_aliases("总工会") == {"总工会", "工会"}
    assert "福利院" in org_aliases("社会福利院") and "财政局" in org_aliases("财政局（本级）")


@pytest.mark.parametrize("question, doc_ids", [
    ("珠晖区困难职工帮扶支出多少", [2]),
    ("珠晖困难职工帮扶支出多少", [2]),  # the region without 区
    ("万里街道2023年三公经费预算", [3]),
    ("福利院2024年事业收入", [4]),  # a short name of the organisation
    ("规划资源局的政府采购支出总额是多少", [5]),
    ("普陀区社工部2024年预算", [8]),
    ("区委社会工作部基本支出", [8]),  # a party committee's department, asked without 中共
    ("上海市普陀区财政局2024年度部门决算的基本支出", [6]),  # a whole title
])
def test_the_reports_a_question_names(question, doc_ids):
    assert CATALOG.match(question).doc_ids == doc_ids


def test_names_written_apart_are_groups():
    match = CATALOG.match("南岳区和珠晖区哪个基本支出多")
    assert match.groups == [[1], [2]] and match.doc_ids == [1, 2]
    assert CATALOG.match("南岳区和珠晖区总工会基本支出").groups == [[1], [2]]


def test_the_kind_asked_chooses_among_reports_of_one_department():
    assert CATALOG.match("财政局2024年基本支出").doc_ids == [6, 7]
    decided = CATALOG.match("财政局2024年基本支出决算")
    assert decided.doc_ids == [6] and decided.kind == "决算"
    assert CATALOG.match("财政局2024年预算").doc_ids == [7]


def test_a_year_no_report_has_and_a_comparison_base():
    missing = CATALOG.match("万里街道2025年三公经费预算")
    assert missing.year == 2025 and missing.year_missing and missing.doc_ids == [3]
    base = CATALOG.match("万里街道比2022年增加了多少")
    assert not base.year_missing and base.own_years == [] and base.years == [2022]
    several = CATALOG.match("财政局2023年和2024年基本支出")
    assert several.own_years == [2023, 2024] and several.year == 2024


@pytest.mark.parametrize("question, unknown", [
    ("雁峰区总工会2022年基本支出多少", ["雁峰区"]),
    ("普陀区教育局2024年基本支出决算", ["教育局"]),
    ("珠晖区财政局2022年部门整体支出", ["珠晖区财政局"]),  # both names exist, the pair does not
    ("湖北省教育厅2024年人员经费是多少", ["湖北省教育厅"]),  # a place and its department, written together: one name
])
def test_places_and_organisations_no_report_belongs_to(question, unknown):
    assert CATALOG.match(question).unknown == unknown


@pytest.mark.parametrize("question, doc_ids, unknown", [
    ("珠晖区和蒸湘区总工会2022年基本支出各多少", [2], ["蒸湘区"]),  # places listed: one level, the second not ours
    ("珠晖区和蒸湘区基本支出", [2], ["蒸湘区"]),
    ("南岳区和珠晖区哪个基本支出多", [1, 2], []),
    ("珠晖区和市总工会", [2], []),  # 市 alone is no place
    ("普陀区和静安区财政局2024年基本支出决算", [6], ["静安区财政局"]),  # the bureau is both places': 普陀区财政局
    ("珠晖区总工会和蒸湘区总工会基本支出各多少", [2], ["蒸湘区"]),  # an organisation of ours in a place not ours
])
def test_a_list_of_places_and_an_organisation_of_ours_in_a_place_not_ours(question, doc_ids, unknown):
    match = CATALOG.match(question)
    assert (match.doc_ids, match.unknown) == (doc_ids, unknown)


def test_metric_words_are_never_taken_for_names():
    for question in ("珠晖区参加市羽毛球赛花了多少钱", "规划和自然资源局2024年工会经费决算", "南岳区总工会编制多少人"):
        assert CATALOG.match(question).unknown == [], question


def test_the_catalog_of_a_real_index(corpus_index):
    from index.search import LiveIndex

    live = LiveIndex(corpus_index)
    catalog = ReportCatalog.from_store(live.store)
    assert {r.org for r in catalog.reports.values()} == {"总工会"}
    assert [catalog.reports[i].region for i in catalog.match("南岳区总工会编制多少人").doc_ids] == ["南岳区"]


WIDE = ReportCatalog([
    Report(11, "上海市福利彩票发行中心2026年单位预算", "a.pdf", None, None, 2026, "预算"),
    Report(12, "上海科技大学附属学校2026年单位预算", "b.pdf", None, None, 2026, "预算"),
    Report(13, "长沙职业教育基地综合协调办公室2026年部门预算", "c.pdf", None, None, 2026, "预算"),
    Report(14, "长沙市公安局2025年部门预算", "d.pdf", None, None, 2025, "预算"),
    Report(15, "北京市教育委员会2026年度部门预算", "e.pdf", None, None, 2026, "预算"),
])


@pytest.mark.parametrize("question, doc_ids", [
    ("福彩中心其他收入多少", [11]),
    ("上科大附校有几个项目报了绩效目标", [12]),
    ("长沙职教基地办公室收入比去年增加了多少", [13]),  # the place is written in full, the rest short
    ("长沙职教基地今年会议费安排了多少", [13]),  # the name's head, without 综合协调办公室
    ("北京教委事业收入", [15]),
    ("上海福彩中心和上科大附校的机关运行经费各多少", [11, 12]),  # a second one written short, after 和
    ("长沙公安和长沙职教基地会议费分别多少", [13, 14]),  # after its place, written in full
])
def test_abbreviated_organisations(question, doc_ids):
    match = WIDE.match(question)
    assert (match.doc_ids, match.unknown) == (doc_ids, [])


@pytest.mark.parametrize("question", [
    "武汉职教基地办公室收入",  # an abbreviation of ours after a place we do not hold
    "福彩基金会其他收入多少",  # ends unlike any name we hold
    "长沙支出多少",  # the city alone: its 公安局, not the 职教基地 office whose title starts with 长沙
    "长沙职教会议费",  # too short to be the head 长沙职业教育基地 written short
])
def test_abbreviations_never_stretch_to_another_name(question):
    match = WIDE.match(question)
    assert 11 not in match.doc_ids and 13 not in match.doc_ids


@pytest.mark.parametrize("question, doc_ids, unknown", [
    ("长沙公安2025年收入预算", [14], []),  # 公安局 said without 局, right after its place
    ("南京公安局收入预算", [], ["南京公安局"]),  # a city without 市 that we do not hold, and its bureau
    ("湖北教育厅人员经费", [], ["湖北教育厅"]),
    ("长沙公安和南京公安收入预算各多少", [14], ["南京"]),
    # an organisation named with the unknown place is part of the unknown, not of the metric
    ("长沙市公安局和南京市公安局基本支出各多少", [14], ["南京市公安局"]),
])
def test_short_names_and_places_without_suffix(question, doc_ids, unknown):
    match = WIDE.match(question)
    assert (match.doc_ids, match.unknown) == (doc_ids, unknown)


def test_a_short_organisation_name_never_starts_a_metric():
    assert WIDE.match("公安支出多少").doc_ids == []  # not after a place
    bj = ReportCatalog([Report(21, "北京市财政局2026年度部门预算", "a.pdf", None, None, 2026, "预算"),
                        Report(22, "北京市教育委员会2026年度部门预算", "b.pdf", None, None, 2026, "预算")])
    assert bj.match("北京财政拨款收入多少").doc_ids == [21, 22]  # 北京, then the metric 财政拨款收入


def test_a_kind_of_report_none_of_the_named_reports_is():
    assert WIDE.match("长沙公安局2025年部门决算支出是多少").kind_missing == "决算"
    assert WIDE.match("长沙公安局2025年三公经费决算").kind_missing is None  # a stage, asked of any report
    assert WIDE.match("长沙公安局2025年部门预算支出").kind_missing is None


def test_a_title_without_its_city_takes_the_city_other_titles_give_its_district():
    catalog = ReportCatalog([
        Report(1, "上海市浦东新区应急管理局2024年度部门决算", "a.txt", None, None, 2024, "决算"),
        Report(2, "浦东新区应急管理局2021年度部门整体支出绩效评价报告", "b.txt", None, None, 2021, "绩效评价"),
    ])
    assert catalog.match("上海市浦东新区应急管理局2021年绩效报告里森林防火经费").doc_ids == [2]
    assert catalog.match("浦东应急管理局2021年森林防火经费").doc_ids == [2]  # 浦东 is 浦东新区 said short


def test_the_report_a_question_reads_in_picks_the_kind_before_its_metric_words():
    catalog = ReportCatalog([
        Report(1, "桂阳县科学技术协会2022年度部门决算", "a.txt", None, None, 2022, "决算"),
        Report(2, "桂阳县科学技术协会2022年度部门整体支出绩效评价报告", "b.txt", None, None, 2022, "绩效评价"),
    ])
    match = catalog.match("桂阳县科协2022年决算报告里编报绩效目标的项目有几个")  # 绩效目标 alone hints 预算
    assert (match.doc_ids, match.kind_missing) == ([1], None)
    assert catalog.match("桂阳县科协2022年决算中绩效自评平均得分是多少").doc_ids == [1]


def test_an_organisations_stem_before_a_money_word_is_the_budgets_function_class():
    """"深圳卫健委卫生健康支出": 卫生健康 is the 卫生健康支出 class, not 卫生健康委员会 said again."""
    catalog = ReportCatalog([Report(1, "深圳市卫生健康委员会（本级）2026年部门预算", "a.pdf", None, None, 2026, "预算")])
    match = catalog.match("深圳卫健委卫生健康支出")
    assert match.doc_ids == [1] and "卫生健康" not in match.words
    assert "卫生健康委员会" in catalog.match("卫生健康委员会支出").words  # a full name is still a name


@pytest.mark.parametrize("question", ["长沙公安收入比去年减少多少", "长沙公安预算准备金多少"])
def test_a_short_name_before_income_or_budget_is_the_organisations(question):
    """收入 and 预算 make a metric of the fiscal stem only (财政拨款收入): "长沙公安收入" is the 公安局's."""
    match = WIDE.match(question)
    assert match.doc_ids == [14] and "公安" in match.words


def test_a_department_is_every_place_and_its_organisation():
    """One department under two title spellings is one (its city filled in from the other titles);
    two cities' districts of one name are two departments."""
    catalog = ReportCatalog([
        Report(1, "上海市奉贤区民政局2024年部门预算", "a.pdf", None, None, 2024, "预算"),
        Report(2, "奉贤区民政局2023年度部门整体支出绩效评价报告", "b.txt", None, None, 2023, "绩效评价"),
        Report(3, "福州市鼓楼区民政局2024年部门预算", "c.pdf", None, None, 2024, "预算"),
        Report(4, "南京市鼓楼区民政局2024年部门预算", "d.pdf", None, None, 2024, "预算"),
        Report(5, "无锡市教育局（本级）2026年度单位预算", "e.pdf", None, None, 2026, "预算"),
    ])
    assert catalog.department[1] == catalog.department[2] == "上海市奉贤区民政局"
    assert catalog.department[3] != catalog.department[4]
    assert catalog.department[5] == "无锡市教育局"


def test_an_organisation_right_after_the_department_named_is_one_of_its_units():
    """"杭州公安交警支队": the 交警支队 of 杭州 has no report, 福州's has; written right after 杭州公安 it
    is a unit of that department (its rows are in the department's tables), not an unknown report."""
    catalog = ReportCatalog([
        Report(1, "杭州市公安局2026年度部门预算", "h.pdf", "杭州市", "公安局", 2026, "预算"),
        Report(2, "福州市公安局交通管理支队2026年度单位预算", "f.pdf", "福州市", "公安局交通管理支队", 2026, "预算"),
        Report(3, "杭州市交通运输局2026年部门预算", "t.pdf", "杭州市", "交通运输局", 2026, "预算")])
    unit = catalog.match("杭州公安交警支队2026年收入预算多少")
    assert unit.doc_ids == [1] and unit.unknown == []
    # a department of the place written alone is still another report, and one no report is stays unknown
    assert catalog.match("杭州交通运输局2026年收入预算多少").doc_ids == [3]
    assert catalog.match("杭州财政局2026年收入预算多少").unknown
