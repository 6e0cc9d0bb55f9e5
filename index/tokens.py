"""Word segmentation for the full-text index: jieba's search mode, so 2-character terms match."""
from __future__ import annotations

import logging
import re

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]")
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 等 为 有 多少 几 几个 哪些 什么 怎么 如何 吗 呢 呀 啊 请问 请 一下 是多少 多少钱 "
    "哪个 那个 这个 情况 我 你 他 我们 其中 对 于 了吗 有没有 告诉 查询 查 一共 总共 共 个 年 年度".split()
)


def tokenize(text: str) -> list[str]:
    """Search-mode words without punctuation: '珠晖区困难职工' → 珠晖区 困难 职工 困难职工."""
    return [w for w in jieba.cut_for_search(text) if _WORD.search(w)]


def query_terms(text: str) -> list[str]:
    """Tokens worth searching for, stopwords out, order kept, no repeats."""
    seen: dict[str, None] = {}
    for w in tokenize(text):
        if w not in STOPWORDS:
            seen.setdefault(w, None)
    return list(seen)


def fts_query(terms: list[str]) -> str:
    """An FTS5 OR-query with every term quoted, so no user text is parsed as FTS syntax."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


_NOT_IN_GRAMS = re.compile(r"[\s“”\"'、，。：:；（）()\[\]|/]")


# Words for the same change, so "下降多少" meets a label that says "减少".
_CHANGE_WORDS = [(re.compile(r"下降|降低|减低|压减|缩减|减少"), "减少"), (re.compile(r"增长|提高|上升|增加"), "增加")]


def bigrams(text: str) -> set[str]:
    """Character bigrams, punctuation out: how labels and questions are compared."""
    text = _NOT_IN_GRAMS.sub("", text)
    for pattern, word in _CHANGE_WORDS:
        text = pattern.sub(word, text)
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())
