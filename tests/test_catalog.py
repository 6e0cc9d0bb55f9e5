"""engine/catalog.py: the listings the CLI and the bot print — reports with their counts, figures
with their report, in text order, filtered by part of a title or file name, and one CSV shape — read
from the session's corpus index (real SQLite), refusing a missing or damaged index in one line."""
from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import replace

import pytest

from engine.catalog import FIGURE_COLUMNS, figure_rows, figures_csv, list_reports
from helpers import NANYUE, ZHUHUI, garble_middle, generation_dir
from index.errors import IndexCorrupt, NoIndex
from index.location import DB_NAME


def test_reports_are_listed_by_file_name_with_their_counts(corpus_index):
    rows = list_reports(corpus_index)
    assert [r["source"] for r in rows] == sorted([NANYUE, ZHUHUI])
    zhuhui = next(r for r in rows if r["source"] == ZHUHUI)
    assert zhuhui["title"] == "珠晖区总工会2022年度部门整体支出绩效报告"
    assert (zhuhui["region"], zhuhui["org"], zhuhui["year"], zhuhui["kind"]) == ("珠晖区", "总工会", 2022, "绩效评价")
    assert zhuhui["figures"] == len(figure_rows(corpus_index, ZHUHUI)) > 20 and zhuhui["chunks"] > 5
    assert set(zhuhui) == {"title", "source", "region", "org", "year", "kind", "chunks", "figures"}


def test_figures_of_one_report_in_text_order_with_the_csv_columns(corpus_index):
    rows = figure_rows(corpus_index, "珠晖")
    assert rows and all(list(r) == FIGURE_COLUMNS for r in rows)
    assert {r["source"] for r in rows} == {ZHUHUI}
    # in the order the report states them (the figures' offsets in the report's text)
    db = sqlite3.connect(f"file:{generation_dir(corpus_index) / DB_NAME}?mode=ro", uri=True)
    starts = dict(db.execute("SELECT g.id, g.start FROM figures g JOIN documents d ON d.id = g.doc_id "
                             "WHERE d.source = ?", (ZHUHUI,)).fetchall())
    in_order = [v for (v,) in db.execute("SELECT g.value_text FROM figures g JOIN documents d ON "
                                         "d.id = g.doc_id WHERE d.source = ? ORDER BY g.start", (ZHUHUI,))]
    assert len(starts) == len(rows) and [r["value_text"] for r in rows] == in_order
    row = next(r for r in rows if r["label"] == "困难职工帮扶支出")
    assert (row["value_text"], row["value"], row["unit"], row["year"]) == ("298000元", 298000.0, "元", 2022)
    assert row["doc"] == "珠晖区总工会2022年度部门整体支出绩效报告" and "298000元" in row["sentence"]


def test_the_filter_matches_title_or_file_name_and_none_lists_all(corpus_index):
    everything = figure_rows(corpus_index)
    by_title = figure_rows(corpus_index, "南岳区总工会")
    by_file = figure_rows(corpus_index, NANYUE.rsplit(".", 1)[0][-6:])  # the tail of the file name
    assert {r["source"] for r in everything} == {NANYUE, ZHUHUI}
    assert by_title == by_file == [r for r in everything if r["source"] == NANYUE]
    assert len(everything) == len(by_title) + len(figure_rows(corpus_index, ZHUHUI))
    assert figure_rows(corpus_index, "不存在的报告") == []
    assert figure_rows(corpus_index, "%") == []  # matched as text, not as a LIKE pattern


def test_csv_has_the_header_and_survives_commas_quotes_and_newlines():
    rows = [{"doc": "报告", "source": "a.txt", "section": "一、概况", "label": "支出, 合计", "value_text": "1,234元",
             "value": 1234.0, "unit": "元", "qualifier": "", "year": 2022, "sentence": '说明"甲"\n第二行',
             "chunk_id": 7}]  # a key that is not a column is left out
    text = figures_csv(rows)
    assert text.splitlines()[0] == ",".join(FIGURE_COLUMNS)
    (back,) = list(csv.DictReader(io.StringIO(text)))
    assert list(back) == FIGURE_COLUMNS
    assert back["label"] == "支出, 合计" and back["value_text"] == "1,234元" and back["sentence"] == '说明"甲"\n第二行'
    assert back["value"] == "1234.0" and back["year"] == "2022"
    assert figures_csv([]) == ",".join(FIGURE_COLUMNS) + "\r\n"


def test_no_index_and_a_damaged_one_are_one_line(corpus_copy, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NoIndex, match="run `reportqa index` first"):
        list_reports(replace(corpus_copy, index_dir=empty))
    db = generation_dir(corpus_copy) / DB_NAME
    for leftover in db.parent.glob(DB_NAME + "-*"):
        leftover.unlink()
    garble_middle(db)
    for listing in (list_reports, figure_rows):
        with pytest.raises(IndexCorrupt) as e:
            listing(corpus_copy)
        assert "damaged" in str(e.value) and "\n" not in str(e.value)
