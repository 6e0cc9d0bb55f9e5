"""engine/model.py: the answer model — a figure's public fields and series point, a citation, and the
answer's text and JSON forms (the shape `reportqa ask --json` and the bot read)."""
from __future__ import annotations

import json

from engine.model import Answer, Citation, FigureHit
from engine.scoring import Evidence

QUOTE = "2022年困难职工帮扶支出298000元，其中医疗互助帮扶支出93000元。"
DOC = "珠晖区总工会2022年度部门整体支出绩效报告"
SOURCE = DOC + ".txt"


def figure(**changes) -> FigureHit:
    fields = dict(label="困难职工帮扶支出", value_text="298000元", value=298000.0, unit="元", doc=DOC,
                  source=SOURCE, quote=QUOTE, section="（二）困难职工帮扶方面", year=2022, qualifier=None,
                  score=2.5, id=7, doc_id=2, chunk_id=11, start=40)
    return FigureHit(**{**fields, **changes})


def test_public_fields_are_what_users_see_and_nothing_internal():
    public = figure().public()
    assert list(public) == ["label", "value_text", "value", "unit", "doc", "source", "quote", "section",
                            "year", "qualifier"]
    assert public["value_text"] == "298000元" and public["year"] == 2022


def test_a_series_point_says_what_a_chart_needs():
    assert figure().point("2022年") == {"label": "2022年", "found": True, "value": 298000.0, "unit": "元",
                                        "value_text": "298000元", "doc": DOC, "source": SOURCE, "year": 2022}


def test_eligible_only_with_evidence_that_says_so():
    assert not figure().eligible  # never weighed
    assert figure(evidence=Evidence(features={"label_recall": 2.0})).eligible
    assert not figure(evidence=Evidence(features={"label_recall": 2.0}, blockers=["label lacks 医疗"])).eligible
    assert not figure(evidence=Evidence(features={"label_recall": 0.5})).eligible  # too weak a match


def test_citation_score_is_rounded_in_public_and_the_passage_kept_private():
    c = Citation(1, DOC, SOURCE, "（二）困难职工帮扶方面", QUOTE, "the whole passage", 0.123456789)
    assert c.public() == {"n": 1, "doc": DOC, "source": SOURCE, "section": "（二）困难职工帮扶方面",
                          "text": QUOTE, "score": 0.1235}


def test_answer_text_is_the_direct_answer_details_and_numbered_sources():
    answer = Answer(question="珠晖区困难职工帮扶支出多少", found=True,
                    direct="珠晖区总工会2022年困难职工帮扶支出为298000元。", details=["医疗互助帮扶支出93000元[1]"],
                    figures=[figure()], citations=[Citation(1, DOC, SOURCE, "", QUOTE, QUOTE, 1.0)])
    assert answer.text.splitlines() == ["珠晖区总工会2022年困难职工帮扶支出为298000元。", "医疗互助帮扶支出93000元[1]",
                                        "来源：", f"[1] {DOC} · 正文", f"    「{QUOTE}」"]  # no section: 正文
    assert Answer(question="q", found=False, direct="未找到。").text == "未找到。"


def test_answer_json_shape():
    answer = Answer(question="q", found=True, direct="d", figures=[figure()], closest=[figure(value_text="93000元")],
                    citations=[Citation(1, DOC, SOURCE, "s", QUOTE, QUOTE, 1.0)], kind="compare",
                    computed={"difference": 1.0, "unit": "元"}, series=[figure().point("2022年")])
    d = json.loads(json.dumps(answer.to_dict(), ensure_ascii=False))  # JSON all the way down
    assert list(d) == ["question", "found", "kind", "answer", "direct", "figures", "citations", "closest",
                       "computed", "series"]
    assert d["answer"] == answer.text and d["figures"][0] == figure().public()
    assert d["closest"][0]["value_text"] == "93000元" and d["citations"][0]["n"] == 1
    assert d["computed"] == {"difference": 1.0, "unit": "元"} and d["series"][0]["label"] == "2022年"
