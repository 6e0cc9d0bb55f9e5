"""index/tokens.py: jieba search-mode words for the full-text index, the query terms taken from a
question, FTS5 queries no user text can break (run against a real SQLite FTS5 table), and the
character bigrams labels and questions are compared by."""
from __future__ import annotations

import sqlite3

import pytest

from helpers import CORPUS, ZHUHUI
from index.tokens import STOPWORDS, bigrams, fts_query, query_terms, tokenize


def test_search_mode_keeps_the_two_character_words_inside_longer_ones():
    words = tokenize("珠晖区困难职工帮扶支出多少？")
    assert {"困难", "职工", "困难职工", "帮扶", "支出"} <= set(words)
    assert "？" not in words and all(w.strip() for w in words)  # punctuation and spaces are no words


def test_query_terms_drop_stopwords_and_repeats_and_keep_order():
    terms = query_terms("珠晖区的困难职工帮扶支出是多少？困难职工")
    assert terms == list(dict.fromkeys(terms))  # no repeats
    assert not set(terms) & STOPWORDS and "多少" not in terms and "的" not in terms
    assert terms.index("困难") < terms.index("帮扶") < terms.index("支出")
    assert query_terms("是多少？") == []


@pytest.fixture
def fts():
    """An FTS5 table of the 珠晖 report's lines, tokenised as the index does it."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(tokens)")
    lines = [line for line in (CORPUS / ZHUHUI).read_text(encoding="utf-8").splitlines() if line.strip()]
    conn.executemany("INSERT INTO t(rowid, tokens) VALUES (?, ?)",
                     [(n, " ".join(tokenize(line))) for n, line in enumerate(lines)])
    yield conn, lines
    conn.close()


def test_fts_query_finds_every_line_holding_a_term(fts):
    conn, lines = fts
    found = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts_query(["帮扶", "羽毛球"]),))}
    assert found and found == {n for n, line in enumerate(lines) if "帮扶" in line or "羽毛球" in line}


@pytest.mark.parametrize("hostile", ['"', 'a" OR "b', "NEAR(帮扶 支出)", "帮扶*", "-支出", "tokens:帮扶", "AND"])
def test_fts_query_quotes_user_text_so_it_is_never_fts_syntax(fts, hostile):
    conn, _ = fts
    assert fts_query([hostile]) == '"' + hostile.replace('"', '""') + '"'
    conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts_query([hostile, "帮扶"]),)).fetchall()  # no error


def test_bigrams_ignore_punctuation_and_spell_changes_one_way():
    assert bigrams("“三公”经费") == {"三公", "公经", "经费"}
    assert bigrams("下降18%") == bigrams("减少18%")  # 下降/降低/减少 are one word for the comparison
    assert bigrams("增长") == bigrams("提高") == {"增加"}
    assert bigrams("费") == {"费"} and bigrams("，。") == set()
