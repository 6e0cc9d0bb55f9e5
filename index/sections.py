"""Section headings (一、 / （一） / 1.) and the heading path at any offset of a document's text."""
from __future__ import annotations

import bisect
import re

_LEVELS = [
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
]
_CUT = re.compile(r"[，。：:；;,]")
_MAX_HEADING = 30


# An unnumbered title on a line of its own: PDF page titles ("部门主要职能", "2023年部门支出预算总表")
# and plain headings ("一般公共预算支出情况"). Short, no punctuation: a sentence never looks like this.
_TITLE = re.compile(r"^[\u4e00-\u9fa5“”\"（）()0-9]{4,24}$")


def heading_level(line: str) -> int | None:
    for level, pattern in _LEVELS:
        if pattern.match(line):
            return level
    if _TITLE.match(line) and not line[-1].isdigit():
        return 0
    return None


def heading_text(line: str) -> str:
    """A heading line's title: up to its first clause break, since many paragraphs start "（二）…，"."""
    cut = _CUT.search(line)
    text = line[: cut.start()] if cut else line
    return text.strip()[:_MAX_HEADING]


class Sections:
    """Heading paths of one text, looked up by offset with bisect."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.paths: list[str] = []
        self.levels: list[int] = []
        stack: list[tuple[int, str]] = []
        offset = 0
        for line in text.split("\n"):
            stripped = line.strip()
            level = heading_level(stripped) if stripped and " | " not in stripped else None
            if level == 0 and offset == 0:
                level = None  # the report's own title, first line: not a section of itself
            if level is not None:
                stack = [(lv, t) for lv, t in stack if lv < level]
                stack.append((level, heading_text(stripped)))
                self.starts.append(offset)
                self.paths.append(" / ".join(t for _, t in stack))
                self.levels.append(level)
            offset += len(line) + 1

    def at(self, offset: int) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.paths[i] if i >= 0 else ""

    def spans(self, length: int, max_level: int = 2) -> list[tuple[int, int]]:
        """[start, end) spans cut at headings of level <= max_level, covering the whole text."""
        cuts = sorted({0, *(s for s, lv in zip(self.starts, self.levels) if lv <= max_level)})
        spans = [(a, b) for a, b in zip(cuts, cuts[1:] + [length]) if b > a]
        # A span that is only a heading line ("一、部门概况") joins the next one: no heading-only chunks.
        merged: list[tuple[int, int]] = []
        carry: int | None = None
        for a, b in spans:
            start = a if carry is None else carry
            carry = None
            if b - a <= _MAX_HEADING + 2 and b != length:
                carry = start
                continue
            merged.append((start, b))
        if carry is not None:
            merged.append((carry, length))
        return merged
