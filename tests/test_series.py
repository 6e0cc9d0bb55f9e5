"""Issue 12: trends, rankings and totals — over reports written in the test (series_corpus.py) and,
for the question set's own items, the real PDFs (the session's eval index)."""
import json
from pathlib import Path

import pytest

from engine.answer import Engine
from engine.evaluate import evaluate

SERIES_SET = Path(__file__).parent / "data" / "series.jsonl"


@pytest.fixture(scope="module")
def engine(series_index):
    return Engine(series_index)


def values(answer):
    return [(p["label"], p.get("value")) for p in answer.series]


def test_trend_one_point_per_year_with_computed_changes(engine):
    answer = engine.ask("万里街道2023到2025年三公经费预算怎么变")
    assert answer.kind == "trend" and answer.found, answer.text
    assert values(answer) == [("2023年", 229100.0), ("2024年", 205000.0), ("2025年", 198000.0)]
    first = answer.series[0]  # 2023 has no report: computed back from the 2024 report's stated change
    assert first["from_previous"] and first["computed"] and first["value_text"] == "2.41万元"
    assert "由2024年报告" in answer.details[0] and "计算值" in answer.details[0]
    assert "（计算值：比上年减少0.7万元" in answer.details[2]  # each change computed and marked
    assert any("比2023年预算减少2.41万元" in c.text for c in answer.citations)


def test_trend_says_which_asked_years_are_missing(engine):
    answer = engine.ask("万里街道2024到2026年三公经费预算")
    assert [p["found"] for p in answer.series] == [True, True, False]
    assert "缺2026年" in answer.direct
    assert answer.details[-1] == "2026年：已索引的报告中没有这一年的报告。"


def test_trend_previous_year_stated_or_flat(engine):
    stated = engine.ask("温州公安局近两年三公经费")
    assert values(stated) == [("2025年", 10100000.0), ("2026年", 9800000.0)], stated.text
    assert "2026年报告所列上年数" in stated.details[0] and "1,010.00万元" in stated.details[0]
    flat = engine.ask("宁波公安局2025和2026年三公经费")
    assert values(flat) == [("2025年", 12305000.0), ("2026年", 12305000.0)], flat.text
    assert "与上年持平" in flat.details[0]


def test_previous_year_stated_as_the_comparisons_base(engine):
    """"较上年的 7.80 万元增加 22.12 万元": 7.80 is last year's own amount, stated, not computed."""
    answer = engine.ask("杭州民政局2021年和2020年会议费预算分别多少")
    assert values(answer) == [("2020年", 78000.0), ("2021年", 299200.0)], answer.text
    assert answer.series[0]["from_previous"] and not answer.series[0].get("computed")
    assert answer.series[0]["value_text"] == "7.80 万元"


def test_each_department_takes_the_year_written_after_it(engine):
    answer = engine.ask("万里街道2024年和宁波公安局2026年三公经费分别多少")
    assert [(p["label"], p.get("value")) for p in answer.series] == [
        ("普陀区万里街道办事处2024年", 205000.0), ("宁波市公安局2026年", 12305000.0)], answer.text


def test_ranking_by_department_type_names_reports_without_the_figure(engine):
    answer = engine.ask("2026年各公安局的三公经费排个序")
    assert answer.kind == "rank", answer.text
    assert [p["label"] for p in answer.series] == ["宁波市公安局", "温州市公安局"]
    assert "共2份报告参与排名" in answer.direct
    assert "绍兴市公安局" in answer.text and "宁波市财政局" not in answer.text  # a 财政局 is no 公安局
    assert answer.details[0].startswith("第一名 宁波市公安局")
    least = engine.ask("2026年哪个公安局的三公经费最少")
    assert least.series[0]["label"] == "温州市公安局"


def test_total_is_computed_and_every_part_cited(engine):
    answer = engine.ask("2026年所有公安局的三公经费加起来多少")
    assert answer.kind == "total" and answer.found, answer.text
    assert answer.computed == {"total": 22105000.0, "unit": "元"}
    assert "（计算值：2210.5万元" in answer.direct
    assert len(answer.citations) == 2 and "绍兴市公安局" in answer.text


def test_series_questions_of_the_set_scored_over_the_real_pdfs(eval_index):
    """The question set's items whose reports are the real PDFs beside the project."""
    items = [json.loads(line) for line in SERIES_SET.read_text(encoding="utf-8").splitlines()
             if line.strip() and ("万里街道" in line or "社会福利院" in line)]
    assert len(items) == 3
    report = evaluate(Engine(eval_index), items)
    summary = report.summary()
    assert summary["series_questions"] == 3
    assert summary["series_accuracy"] == 1.0, report.to_text(failures=True)
    assert summary["series_confident_wrong"] == 0
    assert "series accuracy" in report.to_text()


def test_ranking_takes_each_reports_whole_not_a_part_of_it(eval_index):
    """Over the real reports: 珠晖区总工会 lists 困难职工帮扶支出298000元 and then its parts (生活救助
    帮扶支出128000元 scores higher on its own); 规划和自然资源局 states 本年收入合计 9746.50 万元,
    其中：财政拨款收入 9746.50万元 (the same number, but the part's label). Each report's whole ranks."""
    engine = Engine(eval_index)
    relief = engine.ask("各部门的帮扶支出排名")
    assert relief.kind == "rank", relief.text
    labels = {p["label"]: (f.label, f.value) for p, f in zip(relief.series, relief.figures)}
    assert labels["珠晖区总工会"] == ("困难职工帮扶支出", 298000.0), relief.text
    income = engine.ask("各部门的收入排名")
    labels = {p["label"]: f.label for p, f in zip(income.series, income.figures)}
    assert labels["上海市普陀区规划和自然资源局"] == "本年收入合计", income.text
    assert "收入预算" in labels["上海市普陀区万里街道办事处"]  # not its 其中：财政拨款收入


def test_one_search_for_many_groups_gives_each_group_its_own_hits(eval_index):
    """search_groups (a ranking's departments, a trend's years in one search) gives every group the
    hits its own filtered search gives."""
    from index.search import search_groups, search_snapshot

    engine = Engine(eval_index)
    snap = engine.index.snapshot()
    docs = sorted(engine.catalog().reports)
    groups = [[d] for d in docs] + [docs[:2], docs[1:4], docs]
    for query in ("三公经费预算", "困难职工帮扶支出", "收入"):
        vector = engine.index.embedder.embed([query])[0]
        together = search_groups(snap, query, groups, k=8, candidates=30, vector=vector)
        for group, hits in zip(groups, together):
            alone = search_snapshot(snap, query, k=8, candidates=30, doc_ids=group, vector=vector)
            assert [(h.chunk_id, h.score, h.lexical_rank, h.dense_rank) for h in hits] == \
                   [(h.chunk_id, h.score, h.lexical_rank, h.dense_rank) for h in alone], (query, group)
            assert all(h.doc_id in group for h in hits)


def test_a_part_is_listed_under_its_whole_though_a_line_break_cut_its_qizhong_off():
    """"…总额 11884.37 万元：…；其中一般公共预算⏎拨款政府采购 11307.34 万元": the reader ended a sentence
    at the line break, so the part's sentence does not open with 其中; the words between say it."""
    from engine.model import FigureHit
    from engine.series import listed_within
    text = "所属各预算单位政府采购预算总额 11884.37 万元：政府采购服务预算 8941.32 万元；其中一般公共预算\n" \
           "拨款政府采购 11307.34 万元：政府采购服务预算 8364.59 万元"
    whole_sentence, part_sentence = text[:text.index("；")], text[text.index("拨款"):]

    def hit(label, value_text, value, sentence):
        return FigureHit(label=label, value_text=value_text, value=value, unit="元", doc="d", source="s",
                         quote=sentence, section="", year=2026, qualifier=None, doc_id=1, chunk_id=1,
                         start=text.index(value_text))

    whole = hit("所属各预算单位政府采购预算总额", "11884.37 万元", 118843700, whole_sentence)
    part = hit("拨款政府采购", "11307.34 万元", 113073400, part_sentence)
    assert not listed_within(part, whole)  # from the two sentences alone, no 其中 to see
    assert listed_within(part, whole, lambda f, start, end: text[start:end])
    assert not listed_within(part, whole, lambda f, start, end: text[start:end].replace("其中", "以及"))


def test_a_part_that_names_the_metric_better_than_its_whole_is_kept():
    """"公务用车购置及运行维护费预算支出 299.12 万元。其中：（1）公务用车购置预算支出 154.97 万元": asked
    公务用车购置, the part is the answer; asked the whole's own words, the whole is."""
    from engine.model import FigureHit
    from engine.question import analyse
    from engine.reports import ReportCatalog
    from engine.scoring import GramWeights, bigrams, weigh_figure
    from engine.series import wholes_first
    text = "公务用车购置及运行维护费预算支出 299.12 万元。其中：（1）公务用车购置预算支出 154.97 万元"
    weights = GramWeights({"公务": 5, "用车": 5, "购置": 5, "运行": 5, "维护": 5, "预算": 50, "支出": 50}, total=100)

    def hit(q, label, value_text, value, sentence):
        row = {"id": -value, "label": label, "value": value, "value_text": value_text, "unit": "元",
               "qualifier": None, "sentence": sentence, "sent_start": text.index(sentence),
               "start": text.index(value_text), "section": "三公经费", "chunk_id": None, "year": 2026, "doc_id": 1}
        f = FigureHit(label=label, value_text=value_text, value=value, unit="元", doc="d", source="s",
                      quote=sentence, section="", year=2026, qualifier=None, doc_id=1, chunk_id=1,
                      start=text.index(value_text))
        f.evidence = weigh_figure(q, row, (bigrams(q.metric), frozenset()), weights, {})
        return f

    def answer(question):
        q = analyse(question, ReportCatalog([]))
        whole = hit(q, "公务用车购置及运行维护费预算支出", "299.12 万元", 2991200, text[:text.index("。")])
        part = hit(q, "公务用车购置预算支出", "154.97 万元", 1549700, text[text.index("其中"):])
        return wholes_first([part, whole], ReportCatalog([]))[0].value

    assert answer("公务用车购置预算多少") == 1549700
    assert answer("公务用车购置及运行维护费预算多少") == 2991200
