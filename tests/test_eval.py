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
