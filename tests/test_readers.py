"""Readers on real files: the corpus text, a real published PDF, a .docx built here, and bad files."""
import shutil

import docx
import pytest

from helpers import encrypted_pdf, scanned_pdf
from index.errors import UnreadableFile
from index.readers import load_document, read_blocks

LIMIT = 10_000_000
REAL_PDF = "上海市普陀区社会福利院2024年单位预算.pdf"


# --- plain text ---------------------------------------------------------------------------------


def test_corpus_text_reads_clean_with_headings_on_their_own_lines(corpus_dir):
    document = load_document(corpus_dir / "珠晖区总工会2022年度部门整体支出绩效报告.txt", LIMIT)
    lines = document.text.split("\n")
    assert "[bookmark" not in document.text
    assert lines[0] == "珠晖区总工会2022年度部门整体支出绩效报告"
    assert "（一）部门基本情况" in lines
    assert any(line.startswith("部门整体支出为107.70万元") for line in lines)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_text_encodings_detected(tmp_path, encoding):
    text = "部门整体支出绩效报告\n全年基本支出71.56万元，包含人员经费支出、商品和服务支出，无“三公”经费支出。\n"
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert [b.text for b in read_blocks(path, LIMIT)] == text.split("\n")[:2]


# --- docx ---------------------------------------------------------------------------------------


def test_docx_keeps_document_order_and_reads_table_unit(tmp_path):
    path = tmp_path / "report.docx"
    document = docx.Document()
    document.add_paragraph("一、收入支出预算总体情况")
    document.add_paragraph("2023年部门收支预算总表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("项目", "预算数"), ("一般公共预算", "1,234.56"), ("合计", "1,234.56")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("二、其他说明")
    document.save(path)

    blocks = read_blocks(path, LIMIT)
    assert [b.table is not None for b in blocks] == [False, False, False, True, False]
    assert blocks[0].text == "一、收入支出预算总体情况"
    assert blocks[4].text == "二、其他说明"
    table = blocks[3].table
    assert table.rows == [["项目", "预算数"], ["一般公共预算", "1,234.56"], ["合计", "1,234.56"]]
    assert (table.unit, table.title) == ("万元", "2023年部门收支预算总表")


# --- pdf ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_pdf_document():
    from pathlib import Path

    return load_document(Path(__file__).parent / "data" / REAL_PDF, LIMIT)


def test_real_pdf_tables_keep_headers_units_and_titles(real_pdf_document):
    tables = [table for _, table in real_pdf_document.tables]
    assert len(tables) == 9
    assert all(table.unit for table in tables)
    first = tables[0]
    assert (first.title, first.unit) == ("2024年预算单位财务收支预算总表", "元")
    # merged header cells are filled in, so each column's header can be read down its column
    assert first.rows[0] == ["本年收入"] * 2 + ["本年支出"] * 5
    assert [row[4] for row in first.rows[:4]] == ["本年支出", "预算数", "基本支出", "人员经费"]
    assert ["收入总计", "12,121,164", "支出总计", "12,121,164", "7,380,214", "2,120,950", "2,620,000"] in first.rows
    assert tables[-1].unit == "万元"


def test_real_pdf_table_sits_between_the_text_around_it(real_pdf_document):
    offset, _ = real_pdf_document.tables[0]
    before, after = real_pdf_document.text[:offset], real_pdf_document.text[offset:]
    assert before.rstrip().endswith("编制单位：上海市普陀区社会福利院 单位：元")
    assert "财政拨款收入支出增加的主要原因" in before
    assert "其他相关情况说明" in after


def test_real_pdf_wrapped_lines_rejoined(real_pdf_document):
    lines = real_pdf_document.text.split("\n")
    # wrapped in the PDF after "包" and before "括"; the "。" of the first item sits on a line of its own
    assert any("年度基本支出计划，包括人员经费和公用经费两部分。" in line for line in lines)
    assert any(line.endswith("文化娱乐等综合服务工作。") for line in lines)
    # the line broke early because the number opening the next one did not fit
    assert any(line.endswith("政府采购服务预算120.60万元。") for line in lines)
    assert "名词解释" in lines and "二、机关运行经费预算" in lines


# --- bad files ----------------------------------------------------------------------------------


def assert_unreadable(path, reason: str, limit: int = LIMIT) -> None:
    with pytest.raises(UnreadableFile) as caught:
        load_document(path, limit)
    assert path.name in str(caught.value)
    assert reason in str(caught.value)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\xff" * 20)
    assert_unreadable(path, "corrupt")


def test_truncated_pdf(tmp_path, data_dir):
    data = (data_dir / REAL_PDF).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert_unreadable(path, "corrupt or truncated PDF")


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    assert_unreadable(path, "encrypted")


def test_scanned_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    assert_unreadable(path, "no text layer (scanned?)")


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    assert_unreadable(path, "not a readable .docx")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_unreadable(path, "empty file")


def test_unsupported_type(tmp_path):
    path = tmp_path / "budget.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    assert_unreadable(path, "unsupported file type .xls")


def test_over_size_limit(tmp_path, data_dir):
    path = tmp_path / REAL_PDF
    shutil.copy(data_dir / REAL_PDF, path)
    assert_unreadable(path, "too large", limit=1000)


def test_whitespace_only_text_has_no_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\n  \n")
    assert_unreadable(path, "no text")


def test_a_subject_at_a_line_end_and_its_number_opening_the_next_are_one_sentence():
    from index.readers import Line, assemble

    lines = [Line(100, 300, 10, "截止 2020 年底，本部门人员编制 609 人；实有人员"),  # ends short of the margin
             Line(112, 520, 10, "590 人，其中行政 65 人、事业 525 人。"),
             Line(124, 200, 10, "二、收支情况"),
             Line(136, 520, 10, "300 万元，用于…")]  # after a heading: not joined
    blocks = assemble([lines])
    texts = [b.text.replace("\f", "").strip() for b in blocks]
    assert any("实有人员\n590 人，其中" in t for t in texts)
    assert not any("收支情况\n300" in t for t in texts)


def test_ragged_right_prose_wraps_mid_word_but_a_new_paragraph_does_not():
    """Numbers make ragged-right lines stop a few characters short of the margin: "本单位固" / "定资产
    总量为…" is one word across the break, and the next line carries on unindented; an indented line
    opens a paragraph, a short line ends one."""
    from index.readers import Line, mark_ragged_wrapping, mark_wrapping

    lines = [Line(100, 565, 16, "按照全面实施预算绩效管理的要求，结合本部门职能和重点工作，", x0=90),  # at the margin
             Line(120, 524, 16, "截止2025年12月31日，固定资产账上共有机动车3辆。本单位固", x0=90),
             Line(140, 516, 16, "定资产总量为4295.98万元，房屋和构筑物3773.63万元，占固定资", x0=90),
             Line(160, 225, 16, "产总额的87.84%。", x0=90),  # a short last line
             Line(180, 510, 16, "湖州市退役军人事务局2026年收入预算6256.31万元，比上年执", x0=122),
             Line(200, 500, 16, "  另起一段，首行缩进两个字符的新段落从这里开始写", x0=122),  # indented: a new paragraph
             Line(220, 300, 16, "（二）收入预算情况", x0=90)]
    mark_wrapping(lines)
    mark_ragged_wrapping(lines)
    assert [line.wraps for line in lines] == [True, True, True, False, False, False, False]


def test_a_table_continues_across_a_page_number_and_a_running_header():
    """A table split over pages takes its unit and title from the page before, though a page number
    ends that page and a running header opens the next (the header is no title either)."""
    from index.readers import Line, assemble
    from index.document import Table

    header = "某市交通运输局2026年度部门预算公开"
    first = Table([["科目名称", "合计"], ["行政运行", "1,992.84"]], unit="万元", title="支出总表")
    pages = [[Line(50, 300, 10, header), first, Line(700, 320, 10, "- 10 -")]]
    for n in range(11, 14):
        pages.append([Line(50, 300, 10, header), Table([["提租补贴", "3,191.76"]], title=header),
                      Line(700, 320, 10, f"- {n} -")])
    pages[-1].insert(2, Line(600, 200, 10, "注：本表无数据的科目不列示。"))
    pages.append([Line(50, 300, 10, header), Table([["住房公积金", "2,361.54"]], title=header)])
    tables = [b.table for b in assemble(pages) if b.table is not None]
    # the last table follows prose, not furniture: it is a table of its own, without the header as title
    assert [(t.unit, t.title) for t in tables] == [("万元", "支出总表")] * 4 + [(None, None)]


def test_a_paragraph_runs_on_across_a_page_number():
    from index.readers import Line, assemble

    pages = [[Line(600, 520, 10, "2026年本部门一般公共预算安排委托业务费2,007.93万元，", wraps=True),
              Line(700, 320, 10, "- 29 -")],
             [Line(60, 400, 10, "比上年减少120.77万元，下降5.7%。")]]
    prose = [b.text for b in assemble(pages) if b.table is None]
    assert len(prose) == 1 and "委托业务费2,007.93万元，" in prose[0] and "比上年减少" in prose[0]
