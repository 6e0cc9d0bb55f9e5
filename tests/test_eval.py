"""The question sets score what README claims: 100% on dev_qa.jsonl (a copy of shared/eval's), ≥95%
exact-figure accuracy on tests/data/qa.jsonl. Retrieval recall is not asserted, so not computed."""
import json

import pytest

from helpers import DATA, DEV_QA, QA, require
from engine.answer import Engine
from engine.evaluate import evaluate, judge, load_questions
from index.errors import ReportQAError


@pytest.fixture(scope="module")
def engine(eval_index):
    return Engine(eval_index)


def test_dev_set_all_right(engine):
    require(DEV_QA)
    report = evaluate(engine, load_questions(DEV_QA), retrieval=False)
    wrong = [r["q"] for r in report.results if not r["right"]]
    assert wrong == []


def test_own_set_meets_the_targets(engine):
    require(QA)
    items = load_questions(QA)
    assert len(items) >= 150
    summary = evaluate(engine, items, retrieval=False).summary()
    assert summary["exact_figure_accuracy"] >= 0.95
    assert summary["not_found_correct"] >= 0.95
    assert summary["citation_holds_number"] >= 0.95


def test_judge_counts_a_figure_from_another_report_as_wrong():
    item = {"q": "x", "doc": "珠晖区总工会", "value": 715600, "unit": "元"}
    answer = {"found": True, "answer": "基本支出71.56万元", "citations": [],
              "figures": [{"value": 715600.0, "value_text": "71.56万元", "quote": "基本支出71.56万元",
                           "unit": "元", "doc": "南岳区总工会2022年度…", "source": "南岳.txt"}]}
    assert not judge(item, answer)["right"]
    answer["figures"][0]["doc"] = "珠晖区总工会2022年度部门整体支出绩效报告"
    assert judge(item, answer)["right"]


def test_judge_takes_a_rate_in_yuan_per_head_and_a_unitless_table_number_as_printed():
    rate = {"q": "人均福利标准多少", "doc": "烟台市审计局", "value": 2500, "unit": "元", "value_text": "2500元"}
    figure = {"value": 2500.0, "value_text": "≤2500元/人/年", "quote": "人均福利标准 | ≤2500元/人/年",
              "unit": "元/人/年", "doc": "烟台市审计局2026年部门预算", "source": "烟台.pdf"}
    answer = {"found": True, "answer": "人均福利标准为≤2500元/人/年", "citations": [], "figures": [figure]}
    assert judge(rate, answer)["right"]
    assert not judge(dict(rate, value=250), answer)["right"]
    # a table stating no unit: its number as printed is the answer, another number is not
    item = {"q": "结余多少", "doc": "宁德市", "value": 11250300, "unit": "元", "value_text": "1125.03"}
    bare = dict(figure, value=1125.03, value_text="1125.03", quote="合计 | 1125.03", unit="", doc="宁德市政府办")
    assert judge(item, {"found": True, "answer": "结余1125.03", "citations": [], "figures": [bare]})["right"]
    other = dict(bare, value=9209.55, value_text="9209.55", quote="合计 | 9209.55")
    assert not judge(item, {"found": True, "answer": "9209.55", "citations": [], "figures": [other]})["right"]


def test_judge_reads_an_expected_measure_written_in_wan_in_the_index_base_unit():
    # a set may write "92.32" 万吨 as printed; the index keeps 923200 吨 (money is written in 元 already)
    item = {"q": "用水量指标多少", "doc": "长沙职业教育基地", "value": 92.32, "unit": "万吨", "value_text": "92.32"}
    figure = {"value": 923200.0, "value_text": "92.32", "quote": "用水量 | 92.32 | 万吨", "unit": "吨",
              "doc": "长沙职业教育基地综合协调办公室2026年部门预算", "source": "长沙.pdf"}
    answer = {"found": True, "answer": "用水量 指标值92.32", "citations": [], "figures": [figure]}
    assert judge(item, answer)["right"]
    assert not judge(dict(item, value=9.232), answer)["right"]
    money = {"q": "x", "doc": "长沙职业教育基地", "value": 69800, "unit": "元", "value_text": "6.98 万元"}
    assert not judge(money, dict(answer, figures=[dict(figure, value=6.98, unit="元")]))["right"]


def test_judge_takes_several_years_in_year_order_whatever_order_they_were_asked_in():
    item = {"q": "x", "series": [{"doc": "西安市民政局", "year": 2021, "value": 299200, "unit": "元"},
                                 {"doc": "西安市民政局", "year": 2020, "value": 78000, "unit": "元"}]}
    point = {"found": True, "unit": "元", "doc": "西安市民政局2021年部门综合预算", "source": "x.pdf"}
    answer = {"found": True, "answer": "", "citations": [], "figures": [],
              "series": [point | {"year": 2020, "value": 78000.0}, point | {"year": 2021, "value": 299200.0}]}
    assert judge(item, answer)["right"]
    answer["series"][0]["value"] = 299200.0  # the right values on the wrong years
    answer["series"][1]["value"] = 78000.0
    assert not judge(item, answer)["right"]


def test_judge_ranks_a_comparison_by_value_and_takes_a_totals_parts_in_any_order():
    from engine.evaluate import judge_series

    def point(doc, value):
        return {"found": True, "value": value, "unit": "元", "doc": doc, "source": f"{doc}.pdf"}

    ranked = {"q": "x", "kind": "rank", "series": [{"doc": "杭州市公安局", "value": 41128200, "unit": "元"},
                                                   {"doc": "深圳市公安局", "value": 30869400, "unit": "元"}]}
    compare = {"kind": "compare", "answer": "", "series": [point("深圳市公安局", 30869400.0),
                                                           point("杭州市公安局", 41128200.0)]}
    assert judge_series(ranked, compare)["right"]  # listed in the question's order, ranked by value
    assert not judge_series(ranked, compare | {"kind": "rank"})["right"]  # a ranking's own order counts
    total = {"q": "x", "kind": "total", "total": {"value": 268000, "unit": "元"},
             "series": [{"doc": "烟台市财政局", "value": 234000, "unit": "元"},
                        {"doc": "烟台市审计局", "value": 34000, "unit": "元"}]}
    summed = {"kind": "total", "answer": "", "computed": {"total": 268000.0, "unit": "元"},
              "series": [point("烟台市审计局", 34000.0), point("烟台市财政局", 234000.0)]}
    assert judge_series(total, summed)["right"]
    summed["computed"]["total"] = 234000.0
    assert not judge_series(total, summed)["right"]


def test_bad_question_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"q": "ok"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ReportQAError, match=r"bad.jsonl:2"):
        load_questions(bad)


# -- issue 8's sets: written before the engine change, tuning half and held-out half ----------------
# The suite indexes corpus/ and the four real PDFs only (the 31 wide reports take many minutes to
# index: `make eval` scores the whole sets). Here: the questions whose reports this index holds.

def _in_index(item: dict, titles: list[str], engine: Engine) -> bool:
    docs = [item["doc"]] if "doc" in item else [p["doc"] for p in item.get("series", []) if p.get("doc")]
    if docs:
        return all(any(d in t for t in titles) for d in docs)
    return bool(engine.catalog().match(item["q"]).groups)  # a trap about a report we hold


@pytest.mark.parametrize("name", ["wide_tune.jsonl", "wide_heldout.jsonl"])
def test_wide_sets_meet_the_targets_on_the_reports_indexed_here(engine, name):
    path = DATA / name
    require(path)
    titles = [f"{r['title']} {r['source']}" for r in engine.reports()]
    items = [i for i in load_questions(path) if _in_index(i, titles, engine)]
    assert len(items) >= 8
    report = evaluate(engine, items, retrieval=False)
    s = report.summary()
    failing = [f"{r['q']} → {r['got']}" for r in report.results if not r["right"]]
    print("\n".join(failing))
    assert s["exact_figure_accuracy"] >= 0.90, failing
    assert s["not_found_correct"] == 1.0, failing
    assert s["confident_wrong"] <= 0.02 * max(s["found_answers"], 1), failing
