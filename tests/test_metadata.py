"""index/metadata.py: title, region, organisation, year and kind from file names and report text, and
the sidecar override."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ROOT
from index.errors import UnreadableFile
from index.metadata import Metadata, extract_metadata, sidecar_path
from index.readers import load_document

ZHUHUI = ROOT / "corpus" / "珠晖区总工会2022年度部门整体支出绩效报告.txt"
NANYUE = ROOT / "corpus" / "南岳区总工会2022年度部门整体支出绩效评价报告.txt"

# (file name, title, region, org, year, kind)
CORPUS = [
    (ZHUHUI.name, "珠晖区总工会2022年度部门整体支出绩效报告", "珠晖区", "总工会", 2022, "绩效评价"),
    (NANYUE.name, "南岳区总工会2022年度部门整体支出绩效评价报告", "南岳区", "总工会", 2022, "绩效评价"),
]
REAL_PDFS = [
    ("上海市普陀区万里街道办事处2023年部门预算.pdf", "上海市普陀区万里街道办事处2023年部门预算",
     "普陀区", "万里街道办事处", 2023, "预算"),
    ("上海市普陀区社会福利院2024年单位预算.pdf", "上海市普陀区社会福利院2024年单位预算",
     "普陀区", "社会福利院", 2024, "预算"),
    ("上海市普陀区规划和自然资源局 2024 年度部门决算.pdf", "上海市普陀区规划和自然资源局2024年度部门决算",
     "普陀区", "规划和自然资源局", 2024, "决算"),
    ("上海市普陀区财政局2024年度部门决算.pdf", "上海市普陀区财政局2024年度部门决算",
     "普陀区", "财政局", 2024, "决算"),
]


def as_tuple(m: Metadata):
    return (m.title, m.region, m.org, m.year, m.kind)


def read(path: Path) -> str:
    return load_document(path, 50 * 1024 * 1024).text


@pytest.mark.parametrize("name, expected", [(r[0], r[1:]) for r in CORPUS])
def test_corpus_files(name, expected):
    path = ROOT / "corpus" / name
    assert as_tuple(extract_metadata(read(path), path)) == tuple(expected)


@pytest.mark.parametrize("name, expected", [(r[0], r[1:]) for r in REAL_PDFS])
def test_real_pdf_file_names(name, expected):
    """The file name alone carries everything (spaces PDFs put in titles are squeezed out)."""
    assert as_tuple(extract_metadata("", Path(name))) == tuple(expected)


def test_bundled_real_pdf_text_agrees_with_its_name():
    pdf = ROOT / "tests" / "data" / "上海市普陀区社会福利院2024年单位预算.pdf"
    text = read(pdf)
    assert as_tuple(extract_metadata(text, pdf)) == tuple(REAL_PDFS[1][1:])
    # Renamed to something meaningless, the title comes from the text itself.
    m = extract_metadata(text, Path("upload-1.pdf"))
    assert (m.region, m.org, m.year, m.kind) == ("普陀区", "社会福利院", 2024, "预算")


def test_title_from_text_when_the_name_says_nothing():
    m = extract_metadata(read(ZHUHUI), Path("report1.txt"))
    assert as_tuple(m) == CORPUS[0][1:]


@pytest.mark.parametrize("name, region, org, year, kind", [
    ("中共上海市普陀区委宣传部2024年部门预算.pdf", "普陀区", "宣传部", 2024, "预算"),
    ("湖南省衡阳市珠晖区财政局2023年部门决算.docx", "珠晖区", "财政局", 2023, "决算"),
    ("上海市普陀区人民政府长征镇2024年部门预算.pdf", "普陀区", "长征镇", 2024, "预算"),
    ("衡山县总工会2023年部门预算.docx", "衡山县", "总工会", 2023, "预算"),
])
def test_title_shapes(name, region, org, year, kind):
    m = extract_metadata("", Path(name))
    assert (m.region, m.org, m.year, m.kind) == (region, org, year, kind)


def test_sidecar_overrides_fields(tmp_path):
    path = tmp_path / ZHUHUI.name
    shutil.copy(ZHUHUI, path)
    text = read(path)
    sidecar_path(path).write_text('region = "衡阳市珠晖区"\nyear = "2023"\nkind = "决算"\n', encoding="utf-8")
    m = extract_metadata(text, path)
    assert as_tuple(m) == ("珠晖区总工会2022年度部门整体支出绩效报告", "衡阳市珠晖区", "总工会", 2023, "决算")

    sidecar_path(path).write_text('title = "另一个标题"\norg = "珠晖区总工会机关"\n', encoding="utf-8")
    m = extract_metadata(text, path)
    assert (m.title, m.org, m.region, m.year) == ("另一个标题", "珠晖区总工会机关", "珠晖区", 2022)


@pytest.mark.parametrize("content, needle", [
    ('regoin = "珠晖区"\n', "unknown field 'regoin'"),
    ('region = "未闭合\n', "not valid TOML"),
])
def test_bad_sidecar_is_an_unreadable_file(tmp_path, content, needle):
    path = tmp_path / ZHUHUI.name
    shutil.copy(ZHUHUI, path)
    sidecar_path(path).write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=needle):
        extract_metadata(read(path), path)
