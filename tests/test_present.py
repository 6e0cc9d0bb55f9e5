"""engine/present.py: how a figure is shown (verbatim, the table's unit, a marked conversion), whose it
is, the direct sentence, each figure once, and numbered citations — over the reports of corpus/ and
the real PDFs' kinds of figures."""
from __future__ import annotations

from engine.model import Answer, FigureHit
from engine.present import (CONVERSION, best_per_doc, cite, direct_sentence, distinct, group_name, shown,
                            written_unit)
from engine.reports import Report, ReportCatalog

CATALOG = ReportCatalog([
    Report(1, "南岳区总工会2022年度部门整体支出绩效评价报告", "a.txt", "南岳区", "总工会", 2022, "绩效评价"),
    Report(2, "珠晖区总工会2022年度部门整体支出绩效报告", "b.txt", "珠晖区", "总工会", 2022, "绩效评价"),
    Report(3, "上海市普陀区规划和自然资源局2024年度部门决算", "c.pdf", "普陀区", "规划和自然资源局", 2024, "决算"),
    Report(4, "某单位说明", "d.txt", None, None, None, None),
])
HELP = "2022年困难职工帮扶支出298000元，其中医疗互助帮扶支出93000元。"


def fig(value_text="298000元", value=298000.0, unit="元", doc_id=2, label="困难职工帮扶支出", quote=HELP,
        year=2022, qualifier=None, written="") -> FigureHit:
    return FigureHit(label=label, value_text=value_text, value=value, unit=unit, doc=CATALOG.reports[doc_id].title,
                     source=CATALOG.reports[doc_id].source, quote=quote, section="", year=year,
                     qualifier=qualifier, doc_id=doc_id, written_unit=written)


def row(value_text, value, unit="元") -> dict:
    return {"value_text": value_text, "value": value, "unit": unit}


def test_written_unit_of_a_bare_table_cell():
    assert written_unit(row("5,377.64", 53776400.0)) == "万元"  # the table said 万元
    assert written_unit(row("2,620,000", 2620000.0)) == "元"
    assert written_unit(row("3.5", 350000000.0)) == "亿元"
    assert written_unit(row("12", 12.0, "人")) == "人"
    assert written_unit(row("298000元", 298000.0)) == ""  # the cell says its own unit
    assert written_unit(row("0.00", 0.0)) == ""  # zero tells nothing of the scale


def test_shown_is_verbatim_with_marked_additions():
    assert shown(fig()) == f"298000元（约合29.8万元，{CONVERSION}）"
    assert shown(fig(), convert=False) == "298000元"
    assert shown(fig("164.51万元", 1645100.0)) == "164.51万元"  # already in 万: nothing to convert
    assert shown(fig("9800元", 9800.0)) == "9800元"  # small amounts stay as written
    assert shown(fig("5,377.64", 53776400.0, written="万元")) == "5,377.64（单位：万元）"
    assert shown(fig("2,620,000", 2620000.0, written="元")) == f"2,620,000（单位：元）（约合262万元，{CONVERSION}）"
    assert shown(fig("14人", 14.0, unit="人")) == "14人"


def test_direct_sentence_names_the_department_year_and_figure():
    assert direct_sentence(fig(), CATALOG) == f"珠晖区总工会2022年困难职工帮扶支出为298000元（约合29.8万元，{CONVERSION}）。"
    # the organisation and year repeated in a label are said once
    planning = fig("2319.21万元", 23192100.0, doc_id=3, label="上海市普陀区规划和自然资源局2024年度政府采购金额", year=2024)
    assert direct_sentence(planning, CATALOG) == "普陀区规划和自然资源局2024年度政府采购金额为2319.21万元。"
    absent = fig("无“三公”经费支出", 0.0, label="无三公经费支出", qualifier="absent")
    assert direct_sentence(absent, CATALOG) == "珠晖区总工会2022年报告写明：无“三公”经费支出。"
    nameless = fig("12人", 12.0, unit="人", doc_id=4, label="编制人数", year=None)
    assert direct_sentence(nameless, CATALOG) == "某单位说明编制人数为12人。"  # no region/org: the title


def test_each_figure_once_and_the_best_per_report():
    twice = [fig(), fig(), fig("93000元", 93000.0, label="医疗互助帮扶支出"), fig(doc_id=1)]
    assert [(f.doc_id, f.value) for f in distinct(twice)] == [(2, 298000.0), (2, 93000.0), (1, 298000.0)]
    assert [(f.doc_id, f.value) for f in best_per_doc(twice)] == [(2, 298000.0), (1, 298000.0)]


def test_citations_are_numbered_once_per_sentence():
    answer = Answer(question="q", found=True, direct="")
    assert cite(answer, fig(), "passage") == 1
    assert cite(answer, fig("93000元", 93000.0), "passage") == 1  # the same sentence: the same citation
    assert cite(answer, fig(doc_id=1), "other passage") == 2  # the same words in another report
    assert [(c.n, c.source, c.passage) for c in answer.citations] == [(1, "b.txt", "passage"),
                                                                     (2, "a.txt", "other passage")]


def test_group_name_is_what_the_reports_share():
    assert group_name([1], CATALOG) == "南岳区总工会"
    assert group_name([1, 2], CATALOG) == "南岳区总工会2022年度部门整体支出绩效评价报告"  # nothing shared: the first title
