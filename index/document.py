"""The document model shared by every stage after reading.

A reader turns a file into Blocks: runs of prose, or tables. Cleaning works on prose blocks only. A
Document joins the blocks into one cleaned text (the text chunks, figures and quotes are cut from)
and remembers where each table sits in it, so table figures can take their labels from headers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Table:
    """A table as rows of cell strings ("" for empty or merged cells)."""

    rows: list[list[str]]
    unit: str | None = None  # from the nearest "单位：万元" line, e.g. "万元" or "元"
    title: str | None = None  # the caption line above the table, when there is one

    def render(self) -> str:
        """The table as text, one row per line, cells joined by " | ". Figures quote these lines."""
        return "\n".join(" | ".join(c.strip() for c in row) for row in self.rows)


@dataclass
class Block:
    """A run of prose (table is None) or one table (text is table.render())."""

    text: str
    table: Table | None = None


@dataclass
class Document:
    """A report after reading and cleaning."""

    path: Path
    text: str
    tables: list[tuple[int, Table]] = field(default_factory=list)  # (offset of table text, table)

    @classmethod
    def from_blocks(cls, path: Path, blocks: list[Block]) -> "Document":
        parts: list[str] = []
        tables: list[tuple[int, Table]] = []
        offset = 0
        for block in blocks:
            text = block.table.render() if block.table is not None else block.text.strip("\n")
            if not text.strip():
                continue
            if block.table is not None:
                tables.append((offset, block.table))
            parts.append(text)
            offset += len(text) + 1  # the "\n" joining blocks
        return cls(path=path, text="\n".join(parts), tables=tables)
