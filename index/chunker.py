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
        cursor = 0
        for piece in splitter.split_text(span):
            found = span.find(piece, max(0, cursor - len(piece)))
            if found < 0:
                found = span.find(piece)
            start = span_start + found
            cursor = found + len(piece)
            stripped = piece.strip()
            if not stripped:
                continue
            start += len(piece) - len(piece.lstrip())
            end = start + len(stripped)
            chunks.append(Chunk(len(chunks), start, end, stripped, sections.at(start)))
    return chunks
