"""engine/verify.py: the verbatim guarantee. An answer passes only when every figure's text is in its
quote and every number in its own sentences is in a cited passage or marked as a conversion or a
computed value; the question echoed, citation marks, years and report counts are not figures."""
from __future__ import annotations

import pytest

from engine.model import Answer, Citation, FigureHit
from engine.present import COMPUTED, CONVERSION
from engine.verify import UnverifiedNumber, verify

# Sentences of the 南岳 and 珠晖 reports in corpus/, as the engine cites them.
NANYUE = "2022年基本支出164.51万元，较上年增加64.77万元。"
ZHUHUI = "全年基本支出71.56万元，包含人员经费支出、商品和服务支出、对个人和家庭的补助支出，无“三公”经费支出。"


def fig(value_text: str, quote: str, doc: str = "南岳区总工会2022年度部门整体支出绩效评价报告") -> FigureHit:
    return FigureHit(label="基本支出", value_text=value_text, value=0.0, unit="元", doc=doc, source=doc + ".txt",
                     quote=quote, section="", year=2022, qualifier=None)


def answer(direct: str, *details: str, figures=None, closest=(), quotes=(NANYUE,), question="基本支出多少") -> Answer:
    citations = [Citation(n, "南岳区总工会2022年度部门整体支出绩效评价报告", "a.txt", "", q, q, 1.0)
                 for n, q in enumerate(quotes, 1)]
    return Answer(question=question, found=True, direct=direct, details=list(details),
                  figures=list(figures if figures is not None else [fig("164.51万元", NANYUE)]),
                  closest=list(closest), citations=citations)


def test_numbers_from_the_citations_pass():
    verify(answer("南岳区总工会2022年基本支出为164.51万元。", "较上年增加64.77万元[1]"))


@pytest.mark.parametrize("direct", [
    f"南岳区总工会基本支出为164.51万元（约合1645100元，{CONVERSION}）。",
    f"南岳区总工会多。（{COMPUTED}：两者相差92.95万元）",
    "南岳区总工会基本支出164.51万元（单位：万元）。",
    "共3份报告：南岳区总工会2022年基本支出164.51万元[1]。",  # a count of reports, a year, a citation mark
])
def test_marked_conversions_years_and_marks_pass(direct):
    verify(answer(direct))


def test_the_question_echoed_is_not_checked():
    q = "南岳区总工会2021年基本支出是不是200万元"
    verify(answer(f"未找到「{q}」所问的数字。", question=q, figures=[]))
    with pytest.raises(UnverifiedNumber, match="'200'"):
        verify(answer("未找到200万元。", question=q, figures=[]))


def test_an_invented_number_is_refused():
    with pytest.raises(UnverifiedNumber, match="'165' is in no cited passage"):
        verify(answer("南岳区总工会2022年基本支出约为165万元。"))
    with pytest.raises(UnverifiedNumber, match="'92.95'"):  # computed but not marked as such
        verify(answer("南岳区总工会多92.95万元。"))


def test_a_number_from_a_passage_that_is_not_cited_is_refused():
    with pytest.raises(UnverifiedNumber, match="71.56"):
        verify(answer("珠晖区总工会基本支出71.56万元。"))
    verify(answer("珠晖区总工会基本支出71.56万元。", figures=[fig("71.56万元", ZHUHUI)], quotes=(NANYUE, ZHUHUI)))


def test_a_figure_or_neighbour_not_verbatim_in_its_quote_is_refused():
    with pytest.raises(UnverifiedNumber, match="not in its quote"):
        verify(answer("基本支出164.51万元。", figures=[fig("164.5万元", NANYUE)]))
    with pytest.raises(UnverifiedNumber, match="not in its quote"):
        verify(answer("基本支出164.51万元。", closest=[fig("71.56万元", NANYUE)]))


def test_the_section_a_cited_passage_sits_in_may_hold_numbers():
    """"…「表12部门预算项目支出及其他支出预算表 / 二、…」写道": the 12 names where the passage is."""
    cited = answer("珠海市商务局2026年部门预算「表12部门预算项目支出及其他支出预算表」写道：", figures=[])
    with pytest.raises(UnverifiedNumber, match="'12'"):
        verify(cited)
    cited.citations[0].section = "表12部门预算项目支出及其他支出预算表 / 二、“三公”经费安排情况"
    verify(cited)
