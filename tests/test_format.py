"""bot/format.py: escaping, and splitting long Telegram HTML into valid messages."""
from __future__ import annotations

import html
import re

import pytest

from bot import format as fmt
from fake_telegram import _ApiError, _check_html


def visible(parts: list[str]) -> str:
    return "".join(html.unescape(re.sub(r"<[^>]*>", "", p)) for p in parts)


def units(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def assert_valid(parts: list[str], limit: int = fmt.LIMIT) -> None:
    for p in parts:
        assert units(p) <= limit, units(p)
        _check_html(p)  # balanced, known tags, escaped text: what Telegram would accept
        assert p.strip()


def test_escape_html_and_script():
    text = '<script>alert("x")</script> & <b>'
    assert fmt.esc(text) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;"
    _check_html(f"<b>{fmt.esc(text)}</b>")
    with pytest.raises(_ApiError):  # the check itself refuses raw tags, so the line above means something
        _check_html(f"<b>{text}</b>")


def test_short_text_is_one_message():
    assert fmt.split_html("<b>298000元</b>") == ["<b>298000元</b>"]
    assert fmt.split_html("   ") == []


def test_split_prefers_paragraphs():
    paras = [f"第{i}段。" + "内容" * 300 for i in range(12)]
    text = "\n\n".join(paras)
    parts = fmt.split_html(text)
    assert len(parts) > 1
    assert_valid(parts)
    for p in parts:  # every message is made of whole paragraphs
        assert all(q in paras for q in p.split("\n\n"))
    assert visible(parts).replace("\n", "") == text.replace("\n", "")


def test_split_inside_a_long_blockquote_rebalances_tags_at_sentences():
    sentences = [f"第{i}句，支出{i * 1000}元。" for i in range(600)]
    text = "<b>直接答案</b>\n\n<blockquote expandable>" + "".join(sentences) + "</blockquote>"
    parts = fmt.split_html(text)
    assert len(parts) >= 3
    assert_valid(parts)
    for p in parts[1:]:
        assert p.startswith("<blockquote expandable>") and p.endswith("</blockquote>")
        body = re.sub(r"<[^>]*>", "", p)
        assert body.endswith("元。") or p is parts[-1]  # cut after a sentence
    assert visible(parts).replace("\n", "") == visible([text]).replace("\n", "")


def test_split_never_cuts_entities_or_tags():
    text = "<i>" + ("&lt;tag&gt; &amp; " * 1500) + "</i>"
    parts = fmt.split_html(text, limit=500)
    assert_valid(parts, limit=500)
    for p in parts:
        assert not re.search(r"&[a-z]*$", re.sub(r"</i>$", "", p))
    assert visible(parts).replace(" ", "") == visible([text]).replace(" ", "")


def test_split_text_without_any_break_is_cut_hard_but_valid():
    text = "<b>" + "数" * 9000 + "</b>"
    parts = fmt.split_html(text)
    assert_valid(parts)
    assert visible(parts) == "数" * 9000


def test_astral_characters_count_double():
    text = "😀" * 3000  # 6000 UTF-16 units
    parts = fmt.split_html(text)
    assert len(parts) == 2
    assert_valid(parts)


def test_figures_page_and_reports_escape_everything():
    rows = [{"label": "<b>项目</b>", "value_text": "298000元", "qualifier": "预算", "year": 2022}]
    page = fmt.figures_page_html("报告<x>", rows, 0, 15)
    _check_html(page)
    assert "298000元" in page and "&lt;b&gt;" in page
    listing = fmt.reports_html([{"title": "A&B", "source": "a.txt", "region": "南岳区", "year": 2022,
                                 "kind": "绩效", "chunks": 3, "figures": 5}])
    _check_html(listing)
    assert "A&amp;B" in listing
