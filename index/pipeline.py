"""One report file → everything the store needs: metadata, chunks, figures and chunk embeddings.

files → Document (readers, clean) → Metadata → Sections → Chunks + Figures → vectors
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunker import Chunk, chunk_text
from .config import Config
from .document import Document, Table
from .embedder import Embedder
from .figures import Figure, extract_figures
from .metadata import Metadata, extract_metadata, sidecar_path
from .readers import load_document
from .sections import Sections

SUPPORTED = {".pdf", ".docx", ".txt", ".md"}


@dataclass
class Prepared:
    """A parsed report, ready to store."""

    source: str
    path: Path
    hash: str
    size: int
    stamp: str
    meta: Metadata
    chunks: list[Chunk]
    figures: list[dict]
    vectors: np.ndarray | None = None

    def doc_row(self) -> dict:
        return {"source": self.source, "hash": self.hash, "size": self.size, "stamp": self.stamp, "title": self.meta.title,
                "region": self.meta.region, "org": self.meta.org, "year": self.meta.year,
                "kind": self.meta.kind, "chunks": len(self.chunks), "figures": len(self.figures)}

    def chunk_rows(self) -> list[dict]:
        return [{"seq": c.seq, "section": c.section, "start": c.start, "end": c.end, "text": c.text}
                for c in self.chunks]

    def search_texts(self) -> list[str]:
        """What full-text and embeddings see: the report title and section path make names count."""
        return [f"{self.meta.title} {c.section}\n{c.text}" for c in self.chunks]


def file_hash(path: Path) -> str:
    """Content hash of a report plus its sidecar, so editing either re-indexes the report."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    side = sidecar_path(path)
    if side.exists():
        h.update(b"\0sidecar\0" + side.read_bytes())
    return h.hexdigest()


def stamp_of(path: Path) -> str:
    """Size and mtime of a report and its sidecar: an unchanged stamp means the file need not be read."""
    st = path.stat()
    side = sidecar_path(path)
    side_stamp = f"{side.stat().st_size}:{side.stat().st_mtime_ns}" if side.exists() else "-"
    return f"{st.st_size}:{st.st_mtime_ns}:{side_stamp}"


def figure_rows(doc: Document, sections: Sections, chunks: list[Chunk], year: int | None) -> list[dict]:
    starts = [c.start for c in chunks]
    table_titles = [(off, off + len(t.render()), table_caption(t)) for off, t in doc.tables]
    rows = []
    for fig in extract_figures(doc, year):
        rows.append({**_figure_fields(fig), "chunk_seq": _chunk_of(fig, chunks, starts),
                     "section": _figure_section(fig.start, sections, table_titles)})
    return rows


def _figure_fields(fig: Figure) -> dict:
    return {"label": fig.label, "value_text": fig.value_text, "value": fig.value, "unit": fig.unit,
            "qualifier": fig.qualifier, "year": fig.year, "sentence": fig.sentence,
            "sent_start": fig.sent_start, "sent_end": fig.sent_end, "start": fig.start, "end": fig.end}


def _chunk_of(fig: Figure, chunks: list[Chunk], starts: list[int]) -> int | None:
    """The chunk holding the figure's whole sentence if one does, else the one holding the number."""
    i = bisect.bisect_right(starts, fig.start) - 1
    candidates = [c for c in chunks[max(0, i - 2): i + 1] if c.start <= fig.start and fig.end <= c.end]
    for c in candidates:
        if c.start <= fig.sent_start and fig.sent_end <= c.end:
            return c.seq
    return candidates[-1].seq if candidates else None


_PROJECT_NAME = re.compile(r"^项目名称[:：]?$")


def table_caption(table: Table) -> str | None:
    """A table's caption, with the project a 绩效目标表 is about when its title does not name it:
    "政策和项目预算绩效目标表 / 审计业务经费" (the "项目名称 | 审计业务经费" row), so the project's
    indicators say which project they measure."""
    for row in table.rows[:4]:
        cells = [c.strip() for c in row if c.strip()]
        if cells and _PROJECT_NAME.match(cells[0]):
            project = next((c for c in cells[1:] if not _PROJECT_NAME.match(c)), None)
            if project and project not in (table.title or ""):
                return f"{table.title} / {project}" if table.title else project
            break
    return table.title


def _figure_section(offset: int, sections: Sections,
                    table_titles: list[tuple[int, int, str | None]]) -> str:
    """A table figure's section is its table's caption: PDF tables sit under page titles that are not
    numbered headings, so the heading path above them is usually some earlier list."""
    for start, end, title in table_titles:
        if start <= offset < end and title:
            return title
    return sections.at(offset)


def read_report(path: Path, source: str, config: Config, digest: str | None = None) -> Prepared:
    """Parse one file (raises UnreadableFile); no embedding yet."""
    doc = load_document(path, config.read_limits)
    meta = extract_metadata(doc.text, path)
    sections = Sections(doc.text)
    chunks = chunk_text(doc.text, sections, config.chunk_size, config.chunk_overlap)
    figures = figure_rows(doc, sections, chunks, meta.year)
    return Prepared(source=source, path=path, hash=digest or file_hash(path),
                    size=path.stat().st_size, stamp=stamp_of(path), meta=meta, chunks=chunks,
                    figures=figures)


def embed_report(prepared: Prepared, embedder: Embedder) -> Prepared:
    prepared.vectors = embedder.embed(prepared.search_texts())
    return prepared
