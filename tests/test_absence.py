"""engine/absence.py: a report's own statement that it had none of what was asked, found in the
passages retrieved from the corpus index, as a figure of 0 that quotes the statement."""
from __future__ import annotations

import pytest

from engine.absence import absence
from engine.question import analyse
from engine.reports import ReportCatalog
from engine.model import Answer, Citation
from engine.verify import verify
from helpers import ZHUHUI
from index.search import Hit, LiveIndex


@pytest.fixture(scope="module")
def index(corpus_index):
    live = LiveIndex(corpus_index)
    return live, ReportCatalog.from_store(live.store)


def statement(index, question: str, hits: list[Hit] | None = None):
    live, catalog = index
    q = analyse(question, catalog)
    if hits is None:
        hits = live.search(question, k=8, doc_ids=q.match.doc_ids or None)
    return absence(q, hits, catalog)


def test_no_three_public_expenses_is_an_answer_of_zero_quoting_the_report(index):
    f = statement(index, "珠晖区总工会2022年的三公经费是多少")
    assert (f.value_text, f.value, f.unit, f.qualifier, f.year, f.source) == (
        "无“三公”经费支出", 0.0, "元", "absent", 2022, ZHUHUI)
    assert f.quote.startswith("全年基本支出71.56万元") and f.quote.endswith("无“三公”经费支出。")
    assert f.label == "无三公经费支出"  # quotes out: what the statement is about
    # the statement is a real citation: the verbatim guarantee holds for it
    verify(Answer(question="q", found=True, direct="", figures=[f],
                  citations=[Citation(1, f.doc, f.source, f.section, f.quote, f.quote, 0.0)]))
    live, _ = index
    chunk = live.store.chunks_by_id([f.chunk_id])[f.chunk_id]
    assert chunk["text"][f.start - chunk["start"]:].startswith("无“三公”")  # where it stands in the report


def test_a_count_of_what_there_is_none_of(index):
    f = statement(index, "珠晖区总工会有几个下设机构")
    assert (f.value_text, f.value, f.unit) == ("无下设机构", 0.0, "个")


@pytest.mark.parametrize("question", [
    "珠晖区三公经费比上年减少多少",  # a change is not answered by "none"
    "珠晖区总工会2022年三公经费收入是多少",  # 收入 is not in the statement
    "南岳区总工会三公经费支出是多少钱",  # 南岳 says 严控三公经费支出: no statement of none
    "珠晖区三公经费占基本支出的比例",  # a share neither
])
def test_no_statement_of_none_for_what_was_not_stated(index, question):
    assert statement(index, question) is None


def test_words_that_start_with_none_but_say_something_else(index):
    """无法 (cannot), 无论, 无锡, 无需 are no statements of none."""
    live, catalog = index
    text = "预算不足，无法开展法律援助；无论如何，无需法律援助经费，无锡市另有安排。"
    hit = Hit(chunk_id=1, doc_id=next(iter(catalog.reports)), title="t", source="s.txt", section="", text=text,
              start=0, end=len(text), score=1.0)
    assert statement(index, "法律援助经费是多少", [hit]) is None
    said = "预算不足，当年度未安排法律援助经费。"  # the same words, said to be none
    hit.text, hit.end = said, len(said)
    assert statement(index, "法律援助经费是多少", [hit]).value_text == "未安排法律援助经费"


def test_a_word_that_starts_with_wu_states_no_absence():
    from engine.absence import _ABSENCE
    assert not _ABSENCE.search("负责生活无着流浪乞讨人员救助工作")
    assert not _ABSENCE.search("开展无障碍设施建设")
    assert _ABSENCE.search("本年度无“三公”经费支出")


def test_a_statement_of_none_spent_says_nothing_of_a_stage_it_does_not_name(index):
    """"无“三公”经费支出" answers the 三公经费 and its 执行数, never a 调整预算 or 年初预算 the report does not give."""
    assert statement(index, "珠晖区总工会2022年的三公经费执行数是多少") is not None
    assert statement(index, "珠晖区总工会2022年三公经费调整预算是多少") is None
    assert statement(index, "珠晖区总工会2022年三公经费年初预算是多少") is None
