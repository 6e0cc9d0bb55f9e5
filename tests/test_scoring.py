"""engine/scoring.py: whether a figure measures what was asked (coverage of the metric's words,
stages, units, changes, shares, stock against flow) and how well (rarity-weighted label match) — the
pieces on their own, then every figure of the corpus index weighed for real questions."""
from __future__ import annotations

import itertools

import pytest

from engine.question import analyse
from engine.reports import ReportCatalog
from engine.scoring import (FOUND_SCORE, Evidence, GramWeights, bigrams, coverage, covers, evidence_text, unit_fit,
                            weigh_figure)
from index.search import LiveIndex


# -- coverage: every content word of the metric, in so many words ------------------------------------

def test_a_word_is_covered_by_itself_or_a_synonym():
    assert covers("帮扶", "生活救助支出128000元") and covers("车辆", "公务用车3辆")
    assert not covers("收入", "工会经费支出")


def test_a_compound_is_covered_by_its_own_words_and_three_public_expenses_by_their_lines():
    assert covers("下属单位", "下属 预算单位数量") and not covers("科研经费", "工会经费")
    lines = "因公出国（境）费0万元，公务用车购置及运行费3.2万元，公务接待费0.5万元"
    assert covers("三公经费", lines) and not covers("三公经费", "公务接待费0.5万元")


def test_the_rest_of_a_thing_is_not_the_thing():
    """"③其他社会福利支出" is what is left of 社会福利 after its named lines: no 社会福利 asked of it."""
    assert not covers("社会福利", "③其他社会福利支出") and not covers("收入", "其他收入")
    assert covers("社会福利", "社会福利 包含：儿童福利，殡葬，其他社会福利支出")
    assert covers("其他社会福利", "③其他社会福利支出") and covers("其他收入", "其他收入 本年收入")


def test_a_line_of_the_rest_is_not_its_class_even_when_its_sentence_names_the_class():
    from engine.scoring import metric_coverage
    q = analyse("2023年社会保障和就业支出", ReportCatalog([]))
    assert q.content_words == ["社会保障和就业支出"]  # a class of the functional classification, said whole
    sentence = "“社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）”1331.27万元"
    row = {"label": "其他社会保障和就业支出", "sentence": sentence, "start": 45, "sent_start": 0, "year": 2023,
           "unit": "元", "qualifier": None}
    assert metric_coverage(q, row, sentence, "")[1] == ["社会保障和就业支出"]
    table = dict(row, label="社会保障和就业 支出 预算数", sentence="社会保障和就业 | 2,707.32")
    assert metric_coverage(q, table, "社会保障和就业 支出 预算数", "")[1] == []  # row and column say it
    money = dict(row, label="促进教育事业均衡发展共同事权转移支付资金", sentence="转移支付资金567798.76 万元")
    assert metric_coverage(analyse("教育支出多少", ReportCatalog([])), money, money["label"], "")[1] == ["教育支出"]


def test_a_label_naming_another_kind_of_the_asked_thing_is_not_it():
    """"走访慰问一线职工933人次" under the heading 困难职工帮扶: its own words count 一线职工, not 困难职工."""
    from engine.scoring import metric_coverage
    q = analyse("慰问了多少困难职工", ReportCatalog([]))
    sentence = "送温暖支出314029元，共走访慰问一线职工933人次"
    row = {"label": "走访慰问一线职工", "sentence": sentence, "start": 20, "sent_start": 0, "year": 2022,
           "unit": "人次", "qualifier": None, "section": "（二）困难职工帮扶方面"}
    assert "困难职工" in metric_coverage(q, row, "走访慰问一线职工 （二）困难职工帮扶方面", "")[1]
    helped = dict(row, label="救助困难职工")
    assert metric_coverage(q, helped, "救助困难职工 慰问", "")[1] == []
    posts = analyse("行政编制多少人", ReportCatalog([]))
    assert metric_coverage(posts, dict(row, label="事业编制"), "事业编制 行政编制", "")[1] == ["行政编制"]


def test_coverage_splits_covered_and_missing():
    assert coverage(["工会经费", "收入"], "工会经费支出 全年工会经费支出") == (["工会经费"], ["收入"])
    assert coverage([], "anything") == ([], [])


# -- rarity ---------------------------------------------------------------------------------------

def test_rare_bigrams_weigh_more_and_unknown_ones_nothing():
    weights = GramWeights({"支出": 90, "三公": 3}, total=100)
    assert weights.idf("三公") > weights.idf("支出") > 0 and weights.idf("费预") == 0.0
    assert weights.key_gram({"支出", "三公", "费预"}) == "三公"
    assert weights.key_gram({"费预"}) is None
    metric = frozenset({"三公", "支出"})
    assert weights.recall(metric, {"三公"}) > 0.5 > weights.recall(metric, {"支出"})
    assert weights.recall(metric, metric) == pytest.approx(1.0) and weights.recall(frozenset(), metric) == 0.0
    assert weights.weight(metric) == pytest.approx(weights.idf("三公") + weights.idf("支出"))


def test_the_unit_must_fit_what_was_asked():
    catalog = ReportCatalog([])
    money, people, percent = (analyse(q, catalog) for q in ("困难职工帮扶支出多少", "编制多少人", "人员经费占基本支出的比例"))
    assert unit_fit(money, "元", None) > 0 > unit_fit(money, "人", None)
    assert unit_fit(people, "人", None) > 0 and unit_fit(people, "元", None) <= -3.0
    assert unit_fit(percent, "%", "share") > 0 and unit_fit(percent, "元", None) <= -3.0
    # a question that asks no rate is not answered by a percentage ("占固定资产总额的0.26%")
    plain, degree = analyse("职工书屋总量多少", catalog), analyse("群众满意度多少", catalog)
    assert plain.unit is None and unit_fit(plain, "%", None) <= -3.0 and unit_fit(plain, "个", None) == 0
    assert degree.unit is None and unit_fit(degree, "%", None) == 0
    years = analyse("太湖连续多少年安全度夏", catalog)  # years counted answer only a count of years
    assert unit_fit(years, "年", None) > 0 and unit_fit(years, "%", None) <= -3.0 and unit_fit(money, "年", None) <= -3.0
    posts, lifts = analyse("行政编制有几个", catalog), analyse("电梯有几个", catalog)
    assert unit_fit(posts, "人", None) > 0 and unit_fit(lifts, "人", None) <= -3.0  # posts are counted in people


def test_an_amount_written_per_month_or_head_is_a_rate():
    from engine.scoring import rate_unit
    row = _figure("补贴标准", "200元", "补贴标准为200元/月，每人每月补助100元", 200)
    assert rate_unit(row) == "元/月"
    assert rate_unit(_figure("补助", "100元", "每人每月补助100元，需预算安排", 100)) == "元"
    catalog = ReportCatalog([])
    assert unit_fit(analyse("协管员补助安排多少", catalog), "元/月", None) <= -3.0
    assert unit_fit(analyse("协管员补贴标准多少", catalog), "元/月", None) > 0  # a 标准 is a rate


def test_staff_shorthand_is_covered_by_the_reports_full_name():
    assert covers("科技", "科学技术支出（类）支出 43,950 万元") and covers("收支", "收、支预算总计各增加")


def test_a_division_is_covered_whole():
    assert covers("投资处", "投资处不少于5亿元") and not covers("投资处", "全委争取中省投资总额")


def test_evidence_is_eligible_without_blockers_and_above_the_bar():
    assert Evidence(features={"a": FOUND_SCORE}).eligible
    assert not Evidence(features={"a": FOUND_SCORE - 0.01}).eligible
    strong_but_blocked = Evidence(features={"a": 5.0}, covered=["支出"], missing=["收入"], blockers=["label lacks 收入"])
    assert not strong_but_blocked.eligible
    assert "missing 收入" in strong_but_blocked.explain() and "label lacks 收入" in strong_but_blocked.explain()


# -- every figure of the corpus index, weighed ------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(corpus_index):
    live = LiveIndex(corpus_index)
    catalog = ReportCatalog.from_store(live.store)
    rows = live.store.figures_of(sorted(catalog.reports))
    return catalog, GramWeights(*live.store.label_gram_df()), rows


def weighed(corpus, question: str) -> list[tuple[dict, Evidence]]:
    """Every figure of both reports weighed for the question: eligible first, then by score."""
    catalog, weights, rows = corpus
    q = analyse(question, catalog)
    metric = bigrams(q.metric)
    grams = (metric, bigrams(q.alternatives) - metric)
    key = weights.key_gram(q.word_grams)
    out = [(row, weigh_figure(q, row, grams, weights, {}, catalog.reports.get(row["doc_id"]), key)) for row in rows]
    return sorted(out, key=lambda t: (t[1].eligible, t[1].score), reverse=True)


@pytest.mark.parametrize("question, value_text", [
    ("珠晖区困难职工帮扶支出多少", "298000元"),
    ("南岳区总工会编制多少人", "14人"),
    ("南岳区人员经费占基本支出的比例", "88%"),
    ("南岳区日常公用经费较上年下降了多少", "18%"),
])
def test_the_answer_is_the_best_eligible_figure(corpus, question, value_text):
    ranked = weighed(corpus, question)
    best, evidence = ranked[0]
    assert best["value_text"] == value_text and evidence.eligible, evidence.explain()
    assert evidence.score > max(ev.score for row, ev in ranked[1:] if row["value_text"] != value_text)


def test_a_figure_lacking_a_word_of_the_metric_is_never_eligible(corpus):
    ranked = weighed(corpus, "南岳区总工会2022年工会经费收入是多少")  # 工会经费 is there, 收入 is not
    assert not any(ev.eligible for _, ev in ranked)
    assert all(any("收入" in b for b in ev.blockers) for row, ev in ranked if "收入" not in row["label"] + row["sentence"])


def test_a_change_is_not_an_amount_and_an_amount_not_a_change(corpus):
    for row, ev in weighed(corpus, "南岳区基本支出是多少"):
        if "change" in (row["qualifier"] or ""):
            assert "a change, not the amount asked" in ev.blockers
    for row, ev in weighed(corpus, "南岳区基本支出较上年增加了多少"):
        if "change" not in (row["qualifier"] or ""):
            assert "asked a change, this is not one" in ev.blockers


@pytest.mark.parametrize("question", ["珠晖区困难职工帮扶支出多少", "南岳区总工会2022年工会经费收入是多少",
                                      "南岳区人员经费占基本支出的比例", "南岳区总工会编制多少人"])
def test_can_be_eligible_skips_only_figures_that_never_answer(corpus, question):
    # answers weigh only the figures can_be_eligible lets through: it must never drop an eligible one
    from engine.scoring import can_be_eligible
    catalog, weights, _ = corpus
    q = analyse(question, catalog)
    for row, ev in weighed(corpus, question):
        report = catalog.reports.get(row["doc_id"])
        assert can_be_eligible(q, row, report, weights) == (not ev.missing), row["label"]
        if ev.eligible:
            assert can_be_eligible(q, row, report, weights)


# -- table rows ---------------------------------------------------------------------------------------

_IDS = itertools.count(-1000, -1)  # weigh_figure caches a figure's words by id: one id per made-up figure


def _figure(label: str, value_text: str, sentence: str, value: float, *, start: int | None = None, unit: str = "元",
            section: str = "", year: int = 2026) -> dict:
    """A figure row as the store gives it, for a sentence or table line written in the test."""
    start = sentence.index(value_text) if start is None else start
    return {"id": next(_IDS), "label": label, "value": value, "value_text": value_text, "unit": unit,
            "qualifier": None, "sentence": sentence, "sent_start": 0,
            "start": start, "end": start + len(value_text), "section": section,
            "chunk_id": None, "year": year, "doc_id": 1}


def _cell(label: str, value: float, section: str, sentence: str = "48 | 30216 | x | 33.00", doc_id: int = 1) -> dict:
    return {"label": label, "value": value, "section": section, "sentence": sentence, "doc_id": doc_id}


def test_a_row_name_repeated_with_another_value_in_its_table_is_a_part():
    """培训费 under two economic classes (33.00 and 146.17) are parts of the 179.18 the text states:
    both weigh less, the stated whole comes first."""
    from engine.scoring import part_rows
    table = "一般公共预算支出明细表"
    rows = [_cell("培训费 培训费 合计", 33.0, table), _cell("培训费 商品和服务支出 合计", 146.17, table),
            _cell("一般公共预算培训费预算支出", 179.18, "六、三公经费", "培训费预算支出 179.18 万元"),
            _cell("电费 合计", 2.5, table)]
    weighed = [(True, s, -n, Evidence(features={"base": s})) for n, s in enumerate([4.7, 4.6, 4.5, 4.0])]
    out = sorted(part_rows(weighed, rows), key=lambda t: t[:3], reverse=True)
    assert rows[-out[0][2]]["value"] == 179.18
    repeated = {rows[-n]["value"] for _, _, n, ev in out if "repeated_row" in ev.features}
    assert repeated == {33.0, 146.17}  # the single 电费 row and the prose are left alone


def test_a_row_that_is_the_asked_project_answers_though_its_name_is_longer():
    from engine.scoring import row_names_other
    catalog = ReportCatalog([])
    q = analyse("白云区环保监督检查员经费是多少", catalog)
    project = _cell("广州市镇（街）园区环保监督检查员经费（白云区） 总计：", 15925000, "项目支出绩效目标表")
    assert row_names_other(q, project) is None
    # a row whose name only contains the asked words is something else: 服务中心 is no 服务
    q2 = analyse("服务多少退役军人", catalog)
    centre = _cell("湖州市退役军人服务中心 总计", 1750700, "部门预算表")
    assert row_names_other(q2, centre) == "湖州市退役军人服务中心"


def test_a_row_that_is_a_subordinate_unit_answers_for_its_short_name():
    from engine.scoring import row_names_other
    catalog = ReportCatalog([])
    unit = _cell("泉州市12345政务服务便民热线中心 总计", 11820400, "2026 年度收入预算总表")
    assert row_names_other(analyse("泉州12345热线中心收入预算多少", catalog), unit) is None
    # a short name that is not the row's (another centre) leaves the row another thing
    assert row_names_other(analyse("泉州信息中心收入预算多少", catalog), unit) == "泉州市12345政务服务便民热线中心"


def test_a_fee_said_shorter_than_its_line_is_that_line():
    from engine.scoring import row_fit, row_names_other
    catalog = ReportCatalog([])
    q = analyse("湖州卫健委物业费预算多少", catalog)
    line = _cell("物业管理费 本年一般公共预算基本支出 合计", 1230000, "一般公共预算基本支出表")
    assert row_names_other(q, line) is None
    assert row_fit(q, line, GramWeights({}, 1), bigrams(q.metric)) == 0.0
    # another fee's line is still another thing
    other = _cell("物业管理服务费 合计", 1230000, "一般公共预算基本支出表")
    assert row_names_other(analyse("湖州卫健委水电费多少", catalog), other) == "物业管理服务费"


def test_hospitality_said_either_way_is_covered():
    assert covers("招待费", "公务接待费预算数")


def test_a_term_of_art_is_covered_whole_or_by_a_synonym_never_by_its_words_apart():
    assert not covers("人员经费", "辅助人员补助经费-拱北海关")
    assert covers("人员经费", "合计 人员经费") and covers("人员经费", "工资福利支出 合计")


def test_a_target_tables_funding_block_is_no_row_topic():
    from engine.scoring import row_names_other
    q = analyse("行政中心保安服务项目资金总额多少", ReportCatalog([]))
    cell = _cell("专项资金情况（万元） 资金总额：", 42000000, "市行政中心保安服务项目绩效目标表")
    assert row_names_other(q, cell) is None
    other = _cell("专项资金情况（万元） 资金总额：", 42000000, "部门预算表")
    assert row_names_other(q, other) == "专项资金情况（万元）"


def test_a_number_the_metric_names_must_be_in_the_figures_words():
    """"单价50万元以上设备" is not answered by the 单价100万元以上 count beside it, nor is a year one
    of those numbers."""
    catalog = ReportCatalog([])
    weights = GramWeights({}, total=1)
    sentence = "截至2025年底，共有车辆410辆；单价100 万元以上设备 411 台（套）。"
    at = sentence.index("411")
    row = {"id": -1, "label": "以上设备", "value": 411, "value_text": "411 台（套）", "unit": "台", "qualifier": None,
           "sentence": sentence, "sent_start": 0, "start": at, "section": "（三）国有资产占用情况",
           "chunk_id": None, "year": 2026, "doc_id": 1}
    q50, q100 = (analyse(f"单价{n}万元以上的设备有几台", catalog) for n in (50, 100))
    assert q50.metric_numbers == ["50"] and analyse("2025年设备有几台", catalog).metric_numbers == []
    assert analyse("<b>alert(1)</b>设备有几台", catalog).metric_numbers == []  # markup's digits are no metric

    def blockers(q):
        metric = bigrams(q.metric)
        return weigh_figure(q, row, (metric, frozenset()), weights, {}).blockers

    assert "its words do not say 50" in blockers(q50)
    assert not any("do not say" in b for b in blockers(q100))
    # asked all the equipment, the count above a value is a part: never the answer
    assert "only those 单价100 万元以上, not all asked" in blockers(analyse("一共有多少台设备", catalog))
    assert not any("only those" in b for b in blockers(q100))


def test_a_figure_of_another_year_than_the_one_asked_never_answers(corpus):
    """A 2022 budget states 2021's 执行数: asked 2022's, that is no answer (a series may still read it)."""
    from dataclasses import replace
    catalog, weights, _ = corpus
    sentence = "2021年会议费预算执行数为1.48万元，2022年预算安排2.63万元。"
    row = _figure("会议费预算执行数", "1.48万元", sentence, 14800, section="会议费", year=2021)
    q = analyse("南岳区2022年会议费多少", catalog)
    blocked = weigh_figure(q, row, (bigrams(q.metric), frozenset()), weights, {}).blockers
    assert "a figure of 2021, not of 2022" in blocked
    unbound = replace(q, years_bind=False)
    assert not any("a figure of" in b for b in weigh_figure(unbound, row, (bigrams(q.metric), frozenset()), weights, {}).blockers)


def test_a_part_listed_after_its_whole_weighs_less_and_the_departments_own_name_is_not_the_label():
    """"福州市民政局(本级)政府采购预算总额 156.5万元，其中：…政府采购服务预算 152 万元": asked the
    政府采购预算, the whole comes first; its label without the department's name is as precise."""
    from engine.reports import Report
    from engine.scoring import label_grams
    report = Report(1, "福州市民政局（本级）2026年度单位预算", "a.pdf", None, "民政局", 2026, "预算")
    catalog = ReportCatalog([report])
    weights = GramWeights({"政府": 5, "采购": 5, "预算": 50, "总额": 5, "服务": 5}, total=100)
    sentence = "2026 年，福州市民政局(本级)政府采购预算总额 156.5万元，其中：政府采购货物预算 4.5 万元、政府采购服务预算 152 万元"

    def row(n, label, value_text, value):
        return {"id": -n, "label": label, "value": value, "value_text": value_text, "unit": "元", "qualifier": None,
                "sentence": sentence, "sent_start": 0, "start": sentence.index(value_text),
                "end": sentence.index(value_text) + len(value_text), "section": "（二）政府采购情况",
                "chunk_id": None, "year": 2026, "doc_id": 1}

    whole = row(1, "福州市民政局政府采购预算总额", "156.5万元", 1565000)
    part = row(2, "政府采购服务预算", "152 万元", 1520000)
    assert label_grams(whole, report) == bigrams("政府采购总额")
    q = analyse("福州民政局政府采购预算多少", catalog)
    metric = bigrams(q.metric)
    scores = {r["value"]: weigh_figure(q, r, (metric, frozenset()), weights, {}, report) for r in (whole, part)}
    assert scores[1565000].eligible and scores[1520000].eligible
    assert scores[1565000].score > scores[1520000].score, (scores[1565000].explain(), scores[1520000].explain())


def test_a_heading_listing_several_things_does_not_cover_another_of_them():
    from engine.scoring import coverage, evidence_text
    sentence = "本局 2026 年度一般公共预算拨款安排的培训费预算支出 28.6 万元，比上年预算减少 7.27 万元"
    row = {"label": "一般公共预算拨款安排的培训费预算支出比上年预算减少", "sentence": sentence, "sent_start": 0,
           "start": sentence.index("7.27"), "section": "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明"}
    assert coverage(["三公经费"], evidence_text(row))[1] == ["三公经费"]  # the 培训费 change is no 三公 change
    row["label"] = "合计"  # a figure the list does not name keeps its heading
    assert coverage(["三公经费"], evidence_text(row))[1] == []


def test_a_rows_basic_or_project_column_is_a_part_of_the_row():
    catalog = ReportCatalog([])
    weights = GramWeights({}, total=1)
    line = "行政运行 | 1,992.84 | 1,992.84 |"
    cell = {"id": -1, "label": "行政运行 基本支出", "value": 19928400, "value_text": "1,992.84", "unit": "元",
            "qualifier": None, "sentence": line, "sent_start": 0, "start": line.index("1,992.84"),
            "section": "一般公共预算支出表", "chunk_id": None, "year": 2026, "doc_id": 1}

    def part(question):
        q = analyse(question, catalog)
        metric = bigrams(q.metric)
        return weigh_figure(q, cell, (metric, frozenset()), weights, {}).features.get("part_table", 0.0)

    assert part("行政运行支出安排了多少") < 0 == part("行政运行的基本支出多少")


@pytest.mark.parametrize("question, label, sentence, whole", [
    # asked a whole: a part of it (an item, a fund not asked) or a figure whose label says nothing is not it
    ("一般公共预算支出比上年增长多少", "公务用车购置预算支出比上年预算增加",
     "2026年一般公共预算拨款安排的公务用车购置预算支出比上年预算增加22.97万元", False),
    ("收入比上年增加多少", "一般公共预算拨款收入与上年相比减少", "一般公共预算拨款收入9,947.88万元，与上年相比减少5,951.66万元", False),
    ("2026年预算比上年多了多少", "三公经费预算数比上年预算数减少", "2026年三公经费预算数比上年预算数减少25万元", False),
    ("一般公共预算支出比上年增长多少", "与上年减少", "与上年相比减少 210.84 万元，减少 8.6%", False),
    # the whole itself, with the department's place and name before it
    ("收入预算为多少", "长沙市望城区水务局收入预算", "长沙市望城区水务局收入预算5322.89万元", True),
    ("收支总预算", "望城区水务局2020年收支总预算", "望城区水务局2020年收支总预算404,415.23万元", True),
])
def test_asked_a_whole_a_part_of_it_never_answers(question, label, sentence, whole):
    from engine.reports import Report
    from engine.scoring import _part_of_whole
    report = Report(1, "望城区水务局2020年部门预算", "a.txt", None, None, 2020, "预算")
    q = analyse(question, ReportCatalog([report]))
    row = {"label": label, "sentence": sentence}
    assert (_part_of_whole(q, row, report) is None) == whole, _part_of_whole(q, row, report)


def test_who_a_label_belongs_to_is_not_what_it_measures():
    from engine.scoring import label_grams
    row = {"label": "所属各预算单位政府采购预算总额"}
    assert label_grams(row, None) == label_grams({"label": "政府采购预算总额"}, None)
    assert covers("单价", "单位价值 100 万元以上设备")  # 单价 is how staff say 单位价值


def test_a_catch_all_line_is_described_by_its_purpose_and_a_thousands_comma_ends_no_clause():
    from engine.scoring import clause_after, evidence_text
    sentence = "1.“其他支出”科目21,502万元，主要用于彩票销售机构运行支出"
    row = {"label": "其他支出科目", "sentence": sentence, "sent_start": 0, "start": sentence.index("21,502"),
           "section": "2026年单位预算编制说明"}
    assert clause_after(row).startswith("21,502万元")
    assert coverage(["彩票", "销售", "机构", "运行"], evidence_text(row))[1] == []
    named = dict(row, label="行政运行", sentence=sentence.replace("“其他支出”科目", "行政运行"))
    assert coverage(["彩票", "销售"], evidence_text(named))[1] == ["彩票", "销售"]  # a named line is its label
    assert not covers("销售额", evidence_text(row))  # an amount of sales, not the sales office's running costs
    assert covers("销售额", "彩票销售金额 21,502万元")


@pytest.mark.parametrize("question, label, counted", [
    ("西安民政局有多少个社区", "包含对已运营的社区居家养老服务站", True),  # 社区 only qualifies 服务站
    ("西安民政局有多少个社区", "对 农村幸福院", True),  # another thing altogether
    ("西安民政局有多少个社区", "城市社区", False),
    ("深圳卫健委有几辆公务车", "公务用车", False),  # the same thing in other words
    ("西安人社局有几个处室", "共设置 处", False),  # 处（室）
    ("杭州公安有几家行政单位", "杭州市公安局地铁分局等 行政单位", False),  # 单位 is counted, 行政 qualifies it
])
def test_a_count_counts_what_its_last_noun_is(question, label, counted):
    from engine.scoring import counts_other
    q = analyse(question, ReportCatalog([]))
    sentence = f"{label}400家"
    row = {"label": label, "unit": "家", "sentence": sentence, "start": len(label), "sent_start": 0}
    assert (counts_other(q, row) is not None) == counted


def test_a_counted_noun_goes_on_past_the_label_through_bracketed_alternatives():
    from engine.scoring import counts_other
    sentence = "福州市民政局(本级)包括 12 个机关行政处（科、股）室及 0 个下属单位"
    row = {"label": "福州市民政局包括 机关行政处", "unit": "个", "sentence": sentence,
           "start": sentence.index("12"), "sent_start": 0}
    assert counts_other(analyse("福州民政局本级有几个处室", ReportCatalog([])), row) is None  # 处（科、股）室 = 处室
    assert counts_other(analyse("福州民政局本级有几个科室", ReportCatalog([])), row) is not None


def test_the_key_word_said_otherwise_in_a_cells_table_heading_counts_as_said():
    """"交通辅警要聘多少人": the cell "聘用人员数量 =1456人" sits under "五城区交通警辅人员经费项目绩效目标表",
    whose 警辅 is the 辅警 asked."""
    catalog = ReportCatalog([])
    weights = GramWeights({"辅警": 1, "城区": 5, "交通": 5, "聘用": 5, "人员": 50, "数量": 50}, total=100)
    line = "绩效目标指标 | 产出指标 | 数量指标 | 聘用人员数量 | =1456人"
    row = {"id": -1, "label": "聘用人员数量 指标值", "value": 1456, "value_text": "1456人", "unit": "人",
           "qualifier": None, "sentence": line, "sent_start": 0, "start": line.index("1456人"),
           "section": "五城区交通警辅人员经费项目绩效目标表", "chunk_id": None, "year": 2026, "doc_id": 1}
    q = analyse("五城区交通辅警要聘多少人", catalog)
    key = weights.key_gram(q.word_grams)
    from engine.scoring import key_forms
    ev = weigh_figure(q, row, (bigrams(q.metric), frozenset()), weights, {}, None, key, key_forms(q, key))
    assert key == "辅警" and "key_word_absent" not in ev.features, ev.explain()
    ev = weigh_figure(q, dict(row, section="其他项目绩效目标表"), (bigrams(q.metric), frozenset()), weights, {},
                      None, key, key_forms(q, key))
    assert ev.features.get("key_word_absent") == -1.0


def test_a_count_has_no_parts_and_a_school_level_is_said_short():
    from engine.scoring import _part_of_whole
    q = analyse("西安人社局有几个预算单位", ReportCatalog([]))
    assert _part_of_whole(q, {"label": "范围的预算单位", "sentence": "纳入编制范围的预算单位13个"}, None) is None
    assert covers("中职", "职业教育中等职业教育（项）支出")


def test_a_change_the_other_way_round_weighs_less_and_a_base_year_is_no_year_asked():
    """"因公出国费用比2025年增加多少": "较2025年年初预算增加 88.70 万元", not the "实际较2025年预算数减少
    37.61万元" beside it; 2025 is the base of the change, not the year the figure must be of."""
    catalog = ReportCatalog([])
    weights = GramWeights({"因公": 5, "出国": 5, "预算": 50}, total=100)
    sentence = "2026 年预算数 92.70 万元，较2025 年年初预算增加 88.70 万元，实际较 2025 年预算数减少 37.61万元"

    def row(label, value_text):
        return {"id": -1, "label": label, "value": 1, "value_text": value_text, "unit": "元", "qualifier": "change",
                "sentence": sentence, "sent_start": 0, "start": sentence.index(value_text),
                "section": "（五）项目支出 / 1.因公出国（境）费用", "chunk_id": None, "year": 2026, "doc_id": 1}

    q = analyse("因公出国费用比2025年增加多少", catalog)
    up, down = (weigh_figure(q, row(label, text), (bigrams(q.metric), frozenset()), weights, {})
                for label, text in (("预算数较2025年年初预算增加", "88.70 万元"), ("实际较2025年预算数减少", "37.61万元")))
    assert "direction" in down.features and "direction" not in up.features and "year" not in up.features
    assert up.score > down.score


def test_a_word_the_label_leaves_out_may_be_its_purpose_but_a_purpose_alone_names_nothing():
    from engine.scoring import any_purpose, metric_coverage
    sentence = "市级高层次人才经费 15,660.00 万元，主要是用于引进高层次人才"
    row = {"label": "市级高层次人才经费", "sentence": sentence, "sent_start": 0,
           "start": sentence.index("15,660.00"), "section": "（五）项目支出", "unit": "元", "qualifier": None}
    q = analyse("深圳卫健委引进高层次人才花多少", ReportCatalog([]))
    assert metric_coverage(q, row, evidence_text(row), any_purpose(row))[1] == []
    running = "行政运行 1,286.60 万元，主要用于行政单位的基本支出"
    other = {"label": "行政运行", "sentence": running, "sent_start": 0, "start": running.index("1,286.60"),
             "section": "（一）一般公共服务支出", "unit": "元", "qualifier": None}
    asked = analyse("财政局基本支出多少", ReportCatalog([]))
    assert metric_coverage(asked, other, evidence_text(other), any_purpose(other))[1]  # the label says none of it


def test_what_a_column_also_holds_in_brackets_is_not_what_it_measures():
    from engine.scoring import evidence_text, label_grams
    row = {"label": "合计 预算安排 年初部门预算安排金额（含历年结余结转）①", "sentence": "合计 | 9209.55",
           "sent_start": 0, "start": 5, "section": "部门整体绩效自评表"}
    assert not covers("结余", evidence_text(row)) and "结余" not in label_grams(row, None)


def test_a_money_column_of_a_table_without_a_unit_may_answer_an_amount():
    catalog = ReportCatalog([])
    weights = GramWeights({}, total=1)
    row = _figure("合计 结余情况 本年度结余金额", "1125.03", "合计 | 9209.55 | 1125.03", 1125.03, unit="",
                  section="部门整体绩效自评表", year=2024)
    q = analyse("宁德政府办结余金额多少钱", catalog)
    ev = weigh_figure(q, row, (bigrams(q.metric), frozenset()), weights, {})
    assert ev.features["unit"] == 0.0 and not any("unit" in b for b in ev.blockers)
    rate = dict(row, id=next(_IDS), label="合计 结余情况 资金结余率")  # no money word: still no amount
    assert weigh_figure(q, rate, (bigrams(q.metric), frozenset()), weights, {}).features["unit"] == -3.0


def test_a_key_word_said_in_the_purpose_after_the_number_is_not_absent():
    catalog = ReportCatalog([])
    sentence = "严控类项目21.56万元，主要包括：接待办经费21.56万元，主要用于接待内外宾费用开支。"
    row = _figure("接待办经费", "21.56万元", sentence, 215600, start=sentence.rindex("21.56"), section="项目支出")
    q = analyse("接待内外宾的钱安排了多少", catalog)
    weights = GramWeights({"外宾": 1, "接待": 5}, total=100)
    ev = weigh_figure(q, row, (bigrams(q.metric), frozenset()), weights, {}, None, weights.key_gram(q.word_grams))
    assert "key_word_absent" not in ev.features and ev.eligible


def test_a_rate_per_head_answers_only_a_rate_question_and_a_total_never_does():
    catalog = ReportCatalog([])
    weights = GramWeights({}, total=1)
    sentence = "村民政协管员补贴标准为200元/月，每人每月补助100元，需预算安排91.92万元。"

    def row(value_text, label):
        return _figure(label, value_text, sentence, 1)

    q = analyse("每人每月补助多少钱", catalog)
    grams = (bigrams(q.metric), frozenset())
    assert not any("rate per" in b for b in weigh_figure(q, row("100元", "每人每月补助"), grams, weights, {}).blockers)
    total = weigh_figure(q, row("91.92万元", "需预算安排"), grams, weights, {})
    assert "a total, not the rate per person or period asked" in total.blockers
    assert unit_fit(q, "元/人/天", None) > 0 > unit_fit(analyse("会议成本多少", catalog), "元/人/天", None)


def test_money_named_by_its_use_is_found_by_the_purpose_after_the_number():
    """"用来落实产业强市战略的钱": the report says so only after the number ("630 万元，主要用于…")."""
    catalog = ReportCatalog([])
    sentence = "（4）资源勘探工业信息等支出（类）支出 630 万元，主要用于贯彻落实“产业强市”主导战略。与上年相比减少。"
    row = _figure("资源勘探工业信息等支出支出", "630 万元", sentence, 6300000, year=2025)
    weights = GramWeights({"强市": 1, "产业": 3, "战略": 2}, total=100)
    q = analyse("用来落实产业强市战略的钱有多少", catalog)
    ev = weigh_figure(q, row, (bigrams(q.metric), frozenset()), weights, {}, None, weights.key_gram(q.word_grams))
    assert ev.eligible and ev.features["purpose_recall"] > 0
    # asked by its own name, a purpose alone names no figure
    plain = analyse("产业强市战略支出多少", catalog)
    assert not weigh_figure(plain, row, (bigrams(plain.metric), frozenset()), weights, {}).eligible


def test_what_is_held_in_all_is_not_a_target_when_asked_with_a_holding_word():
    catalog = ReportCatalog([])
    weights = GramWeights({}, total=1)
    row = _figure("续建大中型水库 指标值", "≥27座", "数量指标 | 续建大中型水库 | ≥27座", 27, unit="座",
                  section="部门整体绩效目标表")
    held = analyse("一共有多少座大中型水库", catalog)
    assert "a purchase or plan, not what is held" in weigh_figure(held, row, (bigrams(held.metric), frozenset()),
                                                                   weights, {}).blockers
    plain = analyse("大中型水库有多少座", catalog)  # no holding word: the target may be all the report says
    assert "a purchase or plan, not what is held" not in weigh_figure(plain, row, (bigrams(plain.metric), frozenset()),
                                                                       weights, {}).blockers


def test_a_tables_total_line_named_for_its_side_is_a_total():
    from engine.scoring import row_fit
    q = analyse("人员经费安排了多少", ReportCatalog([]))
    total = _cell("支出总计 本年支出 预算数 基本支出 人员经费", 17499901, "财务收支预算总表")
    other = _cell("其他支出 本年支出 预算数 基本支出 人员经费", 17499901, "财务收支预算总表")
    assert row_fit(q, total, GramWeights({}, 1), bigrams(q.metric)) == 0.3
    assert row_fit(q, other, GramWeights({}, 1), bigrams(q.metric)) < 0


def test_a_project_row_that_starts_with_its_spending_unit_answers_for_the_project():
    """项目支出表: "…信息管理中心（…流动人口综合信息中心） | 流动人口管理 | 25.90": the unit is who spends."""
    from engine.reports import Report
    from engine.scoring import row_names_other
    catalog = ReportCatalog([Report(1, "杭州市公安局2026年度部门预算", "h.pdf", "杭州市", "公安局", 2026, "预算")])
    project = _cell("杭州市居民身份证信息管理中心（杭州市流动人口综合信息中心） 流动人口管理", 259000, "项目支出表")
    assert row_names_other(analyse("杭州公安流动人口管理的钱有多少", catalog), project) is None
    # the unit's own total is still a part of the department's, not what a bare 收入 asks
    total = _cell("杭州市居民身份证信息管理中心 总计", 6147900, "收入预算总表")
    assert row_names_other(analyse("杭州公安收入多少", catalog), total) == "杭州市居民身份证信息管理中心"
    # a project that does not say every word asked is not the one
    assert row_names_other(analyse("杭州公安流动人口服务站建设的钱有多少", catalog), project) is not None


def test_a_target_asked_of_a_budget_is_its_own_years_plan():
    """"城镇新增就业目标" of a 预算 report: the plan it states ("全年全市城镇新增就业 14 万人"), never what
    was done (执行/实际) nor a 决算's figure."""
    from engine.reports import Report
    from engine.scoring import metric_coverage
    budget = Report(1, "西安市人力资源和社会保障局2020年部门综合预算", "a.pdf", "西安市", "人力资源和社会保障局", 2020, "预算")
    q = analyse("西安人社局2020年城镇新增就业目标多少人", ReportCatalog([budget]))
    sentence = "全年全市城镇新增就业 14 万人，城镇登记失业率控制在 4 以下"
    row = {"label": "全市城镇新增就业", "sentence": sentence, "start": 10, "sent_start": 0, "year": 2020}
    final = Report(2, "西安市人力资源和社会保障局2020年部门决算", "b.pdf", "西安市", "人力资源和社会保障局", 2020, "决算")
    assert metric_coverage(q, row, "全市城镇新增就业", "", budget)[1] == []
    assert metric_coverage(q, row, "全市城镇新增就业", "", final)[1] == ["目标"]
    done = dict(row, label="全市城镇新增就业实际完成")
    assert metric_coverage(q, done, "全市城镇新增就业实际完成", "", budget)[1] == ["目标"]


def test_the_reports_own_kind_of_organisation_and_a_rate_as_a_standard_are_said():
    from engine.reports import Report
    from engine.scoring import metric_coverage
    school = Report(1, "上海科技大学附属学校2026年单位预算", "s.pdf", "上海市", "上海科技大学附属学校", 2026, "预算")
    q = analyse("上科大附校收入里学校自己的其他收入有多少", ReportCatalog([school]))
    row = {"label": "其他收入", "sentence": "其他收入1,417万元", "start": 4, "sent_start": 0, "year": 2026,
           "unit": "元", "value_text": "1,417"}
    assert metric_coverage(q, row, "其他收入", "", school)[1] == []  # 学校 is the report's own school
    bureau = Report(2, "烟台市审计局2026年部门预算", "y.pdf", "烟台市", "审计局", 2026, "预算")
    assert metric_coverage(q, row, "其他收入", "", bureau)[1] == ["学校"]
    std = analyse("烟台审计局开会培训每人每天的成本标准是多少", ReportCatalog([bureau]))
    target = {"label": "三类会议、培训费人均成本 指标值", "sentence": "≤450元/人/天", "start": 0, "sent_start": 0,
              "year": 2026, "unit": "元/人/天", "value_text": "≤450元/人/天"}
    assert metric_coverage(std, target, target["label"], "", bureau)[1] == []  # a rate per head and day
    total = dict(target, unit="元", value_text="450万元", sentence="450万元")
    assert metric_coverage(std, total, total["label"], "", bureau)[1] == ["标准"]


def test_a_column_under_the_column_asked_weighs_less_than_the_rows_total():
    from engine.scoring import _sub_column
    q = analyse("交警支队收入预算多少", ReportCatalog([]))
    line = "杭州市公安局交通管理支队 | 168,527.35 | 166,800.69 | 219.14"
    other = {"label": "杭州市公安局交通管理支队 本年收入 其他收入", "sentence": line}
    assert _sub_column(q, other)  # 其他收入 is one column of the 本年收入 asked
    assert not _sub_column(q, dict(other, label="杭州市公安局交通管理支队 本年收入 小计"))
    assert not _sub_column(q, dict(other, label="杭州市公安局交通管理支队 总计"))
    assert not _sub_column(analyse("交警支队其他收入多少", ReportCatalog([])), other)  # asked as such


def test_retirees_are_not_said_by_retirees_and_early_retirees_together_and_an_office_is_said_whole():
    assert not covers("退休", "单位管理的离退休人员")  # 离退休 counts 离休 too
    assert covers("退休", "退休 72 人，离休 6 人") and covers("离退休", "离退休人员")
    q = analyse("普陀区财政所支出决算是多少", ReportCatalog([]))
    assert "财政所" in q.content_words and not covers("财政所", "财政委托业务支出")


def test_an_amount_named_by_its_item_is_what_it_costs():
    from engine.scoring import metric_coverage
    q = analyse("12333话务系统平台每年要花多少钱", ReportCatalog([]))
    assert q.kind == "figure"  # 每年 here is a rate, not a trend over years
    row = {"label": "12333话务系统平台 指标值", "sentence": "| 12333话务系统平台 | 21.6万元/年 |", "start": 14,
           "sent_start": 0, "unit": "元/年", "qualifier": None, "value_text": "21.6万元/年", "year": 2020}
    assert metric_coverage(q, row, row["label"], "")[1] == []
    change = dict(row, qualifier="change")  # a change is no cost
    assert metric_coverage(q, change, row["label"], "")[1] == ["支出"]
