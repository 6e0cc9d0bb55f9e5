"""index/document.py: blocks joined into one text, each table where its rendered lines sit, so
figures and quotes cut from the text point back at their table."""
from __future__ import annotations

from pathlib import Path

from index.document import Block, Document, Table


def test_blocks_join_into_one_text_and_each_table_knows_where_it_is():
    table = Table(rows=[["项目", "金额"], [" 办公费 ", "12.5"]], unit="万元", title="支出表")
    doc = Document.from_blocks(Path("r.pdf"), [Block("\n一、基本情况\n"), Block("   "), Block(table.render(), table),
                                               Block("注：单位万元。")])
    assert doc.text == "一、基本情况\n项目 | 金额\n办公费 | 12.5\n注：单位万元。"  # blank blocks dropped
    (offset, held), = doc.tables
    assert held is table and doc.text[offset:offset + len(table.render())] == table.render()
    assert table.render().splitlines()[1] == "办公费 | 12.5"  # cells stripped, joined by " | "


def test_a_table_without_rows_is_no_block():
    doc = Document.from_blocks(Path("r.pdf"), [Block("", Table(rows=[])), Block("正文")])
    assert doc.tables == [] and doc.text == "正文"
