"""Chinese-aware chunks with their offsets in the cleaned text.

Text is first cut at section headings, so a chunk never straddles two sections, then split with
langchain's recursive splitter on paragraph → sentence (。！？；) → clause (，) boundaries. There is no
character-level fallback: that is what could cut "298000" from "元". A chunk longer than the size
limit (a long clause with no punctuation) is kept whole instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .sections import Sections

SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，"]


@dataclass
class Chunk:
    seq: int
    start: int
    end: int
    text: str
    section: str


def make_splitter(size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=SEPARATORS, keep_separator="end", chunk_size=size, chunk_overlap=overlap,
        strip_whitespace=False,
    )


def chunk_text(text: str, sections: Sections, size: int, overlap: int) -> list[Chunk]:
    splitter = make_splitter(size, overlap)
    chunks: list[Chunk] = []
    for span_start, span_end in sections.spans(len(text)):
        span = text[span_start:span_end]
        cursor, previous = 0, -1
        for piece in splitter.split_text(span):
            # A piece starts after the previous one and at most `overlap` before its end; searching
            # from further back would place a repeated piece (an empty table row) on an earlier copy.
            found = span.find(piece, max(previous + 1, cursor - overlap))
            if found < 0:
                found = span.find(piece)
            previous = found
            start = span_start + found
            cursor = found + len(piece)
            stripped = piece.strip()
            if not stripped:
                continue
            start += len(piece) - len(piece.lstrip())
            end = start + len(stripped)
            chunks.append(Chunk(len(chunks), start, end, stripped, sections.at(start)))
    return chunks
