"""The answer engine on the real corpus and the real PDFs: every kind of answer, the verbatim
guarantee, not-found answers and the JSON shape."""
import re

import pytest

from engine.answer import Engine
from engine.model import Answer, Citation, FigureHit
from engine.verify import UnverifiedNumber, verify

NUMBER = re.compile(r"\d[\d,.]*")


@pytest.fixture(scope="module")
def engine(eval_index):
    return Engine(eval_index).load()


def assert_verbatim(answer: Answer):
    """Every figure quoted verbatim, every quote a citation, and no unmarked number uncited."""
    verify(answer)
    quotes = {c.text for c in answer.citations}
    for f in answer.figures:
        assert f.value_text in f.quote
        assert f.quote in quotes


def test_amount_with_conversion_breakdown_and_citation(engine):
    a = engine.ask("珠晖区困难职工帮扶支出多少")
    assert a.found and a.figures[0].value_text == "298000元" and a.figures[0].value == 298000
    assert a.direct == "珠晖区总工会2022年困难职工帮扶支出为298000元（约合29.8万元，换算）。"
    assert any("医疗互助帮扶支出93000元" in d for d in a.details)  # the report's own breakdown
    assert a.citations[0].doc == "珠晖区总工会2022年度部门整体支出绩效报告"
    assert "困难职工帮扶方面" in a.citations[0].section
    assert_verbatim(a)


def test_count(engine):
    a = engine.ask("南岳区总工会编制多少人")
    assert a.figures[0].value == 14 and a.figures[0].unit == "人"
    assert "编制人数" in a.figures[0].label
    assert_verbatim(a)


def test_percentage_share(engine):
    a = engine.ask("南岳区人员经费占基本支出的比例")
    assert a.figures[0].value_text == "88%"
    assert_verbatim(a)


def test_change(engine):
    a = engine.ask("南岳区日常公用经费较上年下降了多少")
    assert a.figures[0].value_text == "18%" and "change" in a.figures[0].qualifier


def test_table_cell_shows_its_tables_unit(engine):
    a = engine.ask("万里街道2023年三公经费预算数是多少")
    assert a.figures[0].value == 229100
    assert_verbatim(a)


def test_comparison_cites_each_side_and_marks_the_difference(engine):
    a = engine.ask("南岳区和珠晖区哪个基本支出多")
    assert a.kind == "compare" and a.found
    assert a.direct.startswith("南岳区总工会多")
    assert {f.value_text for f in a.figures} == {"164.51万元", "71.56万元"}
    assert len(a.citations) == 2
    assert "（计算值：两者相差92.95万元）" in a.details
    assert a.computed == {"difference": pytest.approx(929500), "unit": "元"}
    assert_verbatim(a)


def test_question_naming_no_report_answers_per_report(engine):
    a = engine.ask("基本支出是多少")
    docs = {f.doc for f in a.figures}
    assert a.found and len(docs) == len(a.figures) >= 3
    assert "164.51万元" in a.text and "71.56万元" in a.text
    assert_verbatim(a)


def test_text_question_quotes_the_section(engine):
    a = engine.ask("珠晖区总工会存在哪些问题")
    assert a.kind == "text" and a.found
    assert "存在的主要问题" in a.citations[0].section
    assert "预算不足" in a.citations[0].text


@pytest.mark.parametrize("question", [
    "珠晖区总工会2021年基本支出是多少",  # a year not indexed
    "万里街道2025年三公经费预算",
    "雁峰区总工会2022年基本支出多少",  # a department not indexed
    "南岳区总工会三公经费支出是多少钱",  # not disclosed
])
def test_not_found_says_so_and_offers_only_labelled_neighbours(engine, question):
    a = engine.ask(question)
    assert not a.found and a.direct.startswith("未在已索引的报告中找到")
    assert a.figures == []  # nothing is presented as the answer
    # neighbours, when offered, are labelled as not what was asked; none are offered as "closest"
    # without that label
    assert bool(a.closest) == ("并非所问" in a.text)
    assert_verbatim(a)


def test_wrong_year_never_presents_other_years_number(engine):
    a = engine.ask("万里街道2025年三公经费预算")
    assert a.direct.endswith("已索引的报告中没有2025年的报告。")  # the reason, not the question echoed
    assert a.to_dict()["figures"] == []
    assert all(f.year != 2025 for f in a.closest)


def test_a_year_without_its_report_is_answered_from_the_next_years_statement_of_it(engine):
    """The 2023 budget states 2022's 执行数 of each line: asked 2022's, that sentence answers; asked
    2023's 决算, which no report holds, 2022's number never stands in."""
    a = engine.ask("万里街道行政单位医疗2022年执行了多少")
    assert a.found and a.figures[0].value_text == "75.95万元" and a.figures[0].year == 2022
    assert_verbatim(a)
    assert not engine.ask("万里街道2023年群众体育决算多少").found


def test_html_and_empty_questions(engine):
    assert not engine.ask("   ").found
    a = engine.ask("<script>alert(1)</script>珠晖区困难职工帮扶支出多少")
    assert a.figures and a.figures[0].value_text == "298000元"


def test_json_shape(engine):
    d = engine.ask("珠晖区困难职工帮扶支出多少").to_dict()
    assert {"question", "found", "answer", "figures", "citations"} <= set(d)
    f = d["figures"][0]
    assert {"label", "value_text", "value", "unit", "doc", "source", "quote"} <= set(f)
    assert isinstance(f["value"], float) and f["source"].endswith(".txt")
    c = d["citations"][0]
    assert {"doc", "source", "section", "text", "score"} <= set(c) and isinstance(c["score"], float)


def test_verify_rejects_a_number_no_citation_holds():
    fig = FigureHit(label="基本支出", value_text="71.56万元", value=715600, unit="元", doc="d",
                    source="s", quote="全年基本支出71.56万元", section="", year=2022, qualifier=None)
    good = Answer(question="q", found=True, direct="基本支出为71.56万元（约合715600元，换算）。",
                  figures=[fig], citations=[Citation(1, "d", "s", "", fig.quote, fig.quote, 1.0)])
    verify(good)
    invented = Answer(question="q", found=True, direct="基本支出为72.00万元。", figures=[fig],
                      citations=good.citations)
    with pytest.raises(UnverifiedNumber):
        verify(invented)
    misquoted = FigureHit(**{**fig.__dict__, "value_text": "72万元"})
    with pytest.raises(UnverifiedNumber):
        verify(Answer(question="q", found=True, direct="", figures=[misquoted], citations=good.citations))


def test_engine_follows_a_reindex(corpus_copy, tmp_path):
    """A long-running engine answers from the new index after a build swaps it in."""
    from index.build import build_index

    zhuhui = next(corpus_copy.corpus_dir.glob("珠晖*"))
    kept = zhuhui.rename(tmp_path / zhuhui.name)
    assert build_index(corpus_copy).removed == [zhuhui.name]
    engine = Engine(corpus_copy)
    assert not engine.ask("珠晖区困难职工帮扶支出多少").found
    kept.rename(zhuhui)
    assert build_index(corpus_copy).added == [zhuhui.name]
    assert engine.ask("珠晖区困难职工帮扶支出多少").figures[0].value_text == "298000元"


def test_a_report_that_answers_twice_is_found_not_picked_silently():
    """Two projects each with a 车辆租赁次数 target: the engine asks back (_figure_answer) rather than
    pick one; one sentence naming a line twice compares two years and is no second answer."""
    from engine.answer import same_name_elsewhere
    from engine.model import FigureHit

    def hit(value, label="车辆租赁次数 指标值", quote=None, doc_id=1, unit="次"):
        quote = quote or f"产出指标 | 车辆租赁次数 | ≤{value}次"
        return FigureHit(label=label, value_text=f"≤{value}次", value=value, unit=unit, doc="烟台市财政局", source="x.pdf",
                         quote=quote, section="公车统管费用", year=2026, qualifier=None, doc_id=doc_id)

    best = hit(10)
    good = [best, hit(400), hit(400), hit(5, doc_id=2), hit(7, label="会议次数 指标值")]
    assert [f.value for f in same_name_elsewhere(best, good)] == [400]
    both = "改建项目 10次，同比上年改建项目 400次"
    assert same_name_elsewhere(hit(10, quote=both), [hit(10, quote=both), hit(400, quote=both)]) == []
    # a budget table's cell repeats under other funds' tables by design: not shown as a second answer
    cell = hit(10, label="合计 基本支出", quote="合计 | 10")
    assert same_name_elsewhere(cell, [cell, hit(12, label="合计 基本支出", quote="合计 | 12")]) == []
    prose = hit(10, label="合计 基本支出", quote="基本支出10万元")
    assert same_name_elsewhere(prose, [prose, hit(12, label="合计 基本支出", quote="合计 | 12")]) == []
    # the same line in a fund's own section, the fund not asked, is that fund's part of it: no second answer
    from dataclasses import replace
    whole = replace(hit(47792.58, label="日常公用支出", quote="日常公用支出 47,792.58 万元，占 11.8%", unit="元"),
                    section="（三）支出预算情况说明 / 2.按支出用途分类")
    part = replace(hit(46733.64, label="日常公用支出", quote="日常公用支出 46,733.64 万元，主要包括", unit="元"),
                   section="（六）一般公共预算基本支出情况说明")
    assert same_name_elsewhere(whole, [whole, part], "杭州市公安局日常公用支出预算多少") == []
    assert same_name_elsewhere(whole, [whole, part], "杭州市公安局一般公共预算日常公用支出多少") == [part]


def test_lines_that_answer_equally_well_are_rivals_not_answers():
    """"一共开了多少次会": the 常务会议 count and the 党组会议 count tie; the same line in another table
    or the same value is no rival."""
    from engine.answer import tied_rivals
    from engine.model import FigureHit

    def hit(label, value, score=3.1, doc_id=1):
        return FigureHit(label=label, value_text=str(value), value=value, unit="次", doc="d", source="d.pdf",
                         quote="", section="", year=2024, qualifier=None, score=score, doc_id=doc_id)

    best = hit("市政府常务会议场次 实际完成值", 20)
    rival = hit("组织召开党组会议次数 实际完成值", 43)
    assert tied_rivals(best, [best, rival]) == [rival]
    assert tied_rivals(best, [best, hit("组织召开党组会议次数 实际完成值", 43, score=2.5)]) == []
    assert tied_rivals(best, [best, hit("市政府常务会议场次 年度指标值", 30)]) == []  # the same line
    assert tied_rivals(best, [best, hit("组织召开党组会议次数", 20)]) == []  # the same value
    assert tied_rivals(best, [best, hit("组织召开党组会议次数", 43, doc_id=2)]) == []  # another report
