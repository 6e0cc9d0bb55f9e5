"""index/sections.py: heading levels and titles, the heading path at any offset, and the spans a
document is cut into at headings — on the real corpus text and a real PDF's text."""
from __future__ import annotations

import pytest

from helpers import CORPUS, WELFARE_PDF, ZHUHUI
from index.readers import load_document
from index.sections import Sections, heading_level, heading_text

LIMIT = 50 * 1024 * 1024


@pytest.mark.parametrize("line, level", [
    ("一、部门概况", 1), ("十二．其他", 1), ("（二）困难职工帮扶方面", 2), ("(三)对下补助方面", 2),
    ("1.年度目标完成情况", 3), ("12、预算执行率", 3),
    ("部门主要职能", 0), ("2023年部门支出预算总表", 0),  # unnumbered titles on their own line
    ("1.5万元用于慰问", None),  # a decimal is no numbering
    ("全年基本支出71.56万元，包含人员经费支出。", None), ("合计 | 164.51", None), ("", None),
])
def test_heading_level(line, level):
    assert heading_level(line) == level


def test_heading_text_ends_at_the_first_clause_break_and_is_short():
    assert heading_text("（二）困难职工帮扶方面，全年共帮扶困难职工35人次。") == "（二）困难职工帮扶方面"
    assert len(heading_text("一、" + "很长的标题" * 20)) == 30


@pytest.fixture(scope="module")
def zhuhui() -> str:
    return load_document(CORPUS / ZHUHUI, LIMIT).text


def test_paths_at_offsets_of_the_corpus_report(zhuhui):
    sections = Sections(zhuhui)
    at = zhuhui.index("298000元")
    assert sections.at(at) == "五、部门整体支出绩效情况 / （二）困难职工帮扶方面"
    assert sections.at(0) == ""  # the title line is not a section of itself
    problems = zhuhui.index("六、存在的主要问题")
    assert sections.at(problems) == "六、存在的主要问题"  # a level-1 heading closes the level-2 one
    assert sections.paths == sorted(set(sections.paths), key=sections.paths.index)  # each heading once
    assert sections.starts == sorted(sections.starts)


@pytest.mark.parametrize("path", [CORPUS / ZHUHUI, WELFARE_PDF])
def test_spans_cover_the_text_and_no_span_is_a_heading_alone(path):
    text = load_document(path, LIMIT).text
    spans = Sections(text).spans(len(text))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b for a, b in spans) and all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert len(spans) > 3
    for a, b in spans[:-1]:
        assert b - a > 32, text[a:b]  # a heading line alone is joined to what follows


def test_spans_cut_at_level_two_only_when_asked(zhuhui):
    sections = Sections(zhuhui)
    assert len(sections.spans(len(zhuhui), max_level=1)) < len(sections.spans(len(zhuhui), max_level=2))
