"""Cleaning prose blocks: drop conversion junk and page furniture, normalise spaces, re-join lines a
PDF wrapped mid-sentence. Tables pass through untouched.

Readers mark the start of each PDF page with a PAGE_BREAK line. Plain-text and Word readers give one
paragraph per block, so joining never merges their paragraphs; the PDF reader ends a block at every
line that stops short of the right margin (it has the positions), so inside a block a line break is
a wrap unless a heading follows or a sentence ended there. Digits and full-width punctuation are never rewritten:
figures are quoted verbatim from the cleaned text.
"""
from __future__ import annotations

import re
from collections import Counter

from .document import Block

PAGE_BREAK = "\f"

BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–]\s*\d+\s*[-—–]"  # - 3 -
    r"|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"  # 第 3 页, 第3页 共20页
    r"|\d+\s*/\s*\d+"  # 3/20
    r"|\d{1,3})$"  # 3 (a year like 2024 on its own line is not a page number)
)
SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
HEADING_RE = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节部分条篇]"  # 第一章, 第二部分
    r"|[一二三四五六七八九十]+[、.．]"  # 一、
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]"  # （一） (1)
    r"|\d{1,2}(?:\.\d{1,2})*[.、．](?!\d))"  # 1. 1、 2.3. but not 1.48
)
LIST_ITEM_RE = re.compile(r"(?:表|图|附表|附件)\s*\d+")  # "表7.2026年…预算表": a list of tables, one a line
SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":")
PUNCT_ONLY_RE = re.compile(r"^[。，、；：！？”’）)》」』.,;:!?]+$")

RUNNING_LINE_MAX_CHARS = 40  # headers and footers are short
MIN_PAGES_FOR_RUNNING = 3


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Clean prose blocks; drop those left empty; keep tables as they are."""
    lines_of = {i: clean_lines(b.text) for i, b in enumerate(blocks) if b.table is None}
    furniture = running_lines(pages(lines_of[i] for i in sorted(lines_of)))
    cleaned: list[Block] = []
    contents: set[str] | None = None
    for i, block in enumerate(blocks):
        if block.table is not None:
            cleaned.append(block)
            contents = None
            continue
        kept, contents = drop_contents(lines_of[i], contents)
        lines = [line for line in kept if line != PAGE_BREAK and line not in furniture]
        if lines and PUNCT_ONLY_RE.match(lines[0]) and cleaned and cleaned[-1].table is None:
            # punctuation pushed onto the next line ends a block early: it belongs to the one before
            cleaned[-1] = Block(cleaned[-1].text + lines.pop(0))
        if lines:
            cleaned.append(Block("\n".join(join_wrapped(lines))))
    return cleaned


_CONTENTS_RE = re.compile(r"^\s*目\s*录\s*$")
_CONTENTS_MAX = 60  # a table-of-contents entry is short and has no sentence end (wrapped ones rejoined)
_LEADER_RE = re.compile(r"[\s.·…．—-]*\d*$")  # an entry's dot leader and page number


def drop_contents(lines: list[str], contents: set[str] | None = None) -> tuple[list[str], set[str] | None]:
    """Remove a table of contents ("目 录" and the short entries after it): it repeats every
    heading, so searches for 职能 or 三公经费 would land on it instead of the text. Readers may
    give one block per line, so the contents state carries from block to block: None outside the
    contents, else the entries listed so far (the body's first heading repeats one and ends them)."""
    out: list[str] = []
    for line in lines:
        if _CONTENTS_RE.match(line):
            contents = set()
            continue
        entry = _LEADER_RE.sub("", line)
        if contents is not None and line != PAGE_BREAK and len(line) <= _CONTENTS_MAX and "。" not in line \
                and not (is_heading(line) and entry in contents):  # not a wrapped entry's tail ("明")
            contents.add(entry)
            continue  # the contents end at the page's end, the first sentence or a heading listed again
        contents = None
        out.append(line)
    return out, contents


def clean_lines(text: str) -> list[str]:
    """Normalised, non-empty lines without junk; page breaks kept as PAGE_BREAK lines."""
    lines: list[str] = []
    for raw in text.split("\n"):
        if PAGE_BREAK in raw:
            lines.append(PAGE_BREAK)
        line = normalise(raw.replace(PAGE_BREAK, ""))
        if line and not is_junk(line):
            lines.append(line)
    return lines


def normalise(line: str) -> str:
    """Bookmarks out, any run of spaces (NBSP, full-width, ...) to one space, ends stripped."""
    line = INVISIBLE_RE.sub("", BOOKMARK_RE.sub("", line))
    return SPACES_RE.sub(" ", line).strip()


def is_junk(line: str) -> bool:
    """A stray page number."""
    return bool(PAGE_NUMBER_RE.match(line))


def pages(blocks_lines) -> list[list[str]]:
    """The prose lines of each page, across blocks, split at PAGE_BREAK lines."""
    result: list[list[str]] = [[]]
    for lines in blocks_lines:
        for line in lines:
            if line == PAGE_BREAK:
                result.append([])
            else:
                result[-1].append(line)
    return [page for page in result if page]


def running_lines(page_lines: list[list[str]]) -> set[str]:
    """Short lines opening or closing at least half the pages: running headers and footers."""
    if len(page_lines) < MIN_PAGES_FOR_RUNNING:
        return set()
    edges = Counter(
        line
        for page in page_lines
        for line in {page[0], page[-1]}
        if len(line) <= RUNNING_LINE_MAX_CHARS
    )
    needed = max(MIN_PAGES_FOR_RUNNING, len(page_lines) / 2)
    return {line for line, count in edges.items() if count >= needed}


def join_wrapped(lines: list[str]) -> list[str]:
    """Re-join lines wrapped mid-paragraph; headings and paragraph ends keep their line breaks."""
    paragraphs = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        if continues(previous, line):
            paragraphs[-1] = glue(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return paragraphs


def continues(previous: str, line: str) -> bool:
    """Whether line carries on the paragraph whose last line so far is previous."""
    if PUNCT_ONLY_RE.match(line):
        return True  # punctuation pushed onto a line of its own
    return not is_heading(line) and not LIST_ITEM_RE.match(line) and not previous.endswith(SENTENCE_END)


def is_heading(line: str) -> bool:
    return bool(HEADING_RE.match(line))


def glue(text: str, line: str) -> str:
    """Join a wrapped line on: no space in Chinese, one between two Latin words."""
    latin = text[-1:].isascii() and text[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
    return text + (" " if latin else "") + line
