"""Readers: turn a report file into Blocks (runs of prose, or tables), one reader per format.

Every failure a user can cause (corrupt, encrypted, scanned, empty, too large, unsupported) comes out
as UnreadableFile("<file name>: <reason>"); the libraries' own exceptions never escape.

Untrusted files are bounded before and while they are parsed (ReadLimits, from [ingest]): the file's
size; for a .docx the total uncompressed size and the compression ratio, read from the zip directory
before anything is inflated (Python's zipfile never inflates a member past the size the directory
states, so the directory cannot understate it); for a .pdf the page count before any page is parsed
and the characters extracted so far; for text the characters decoded. Past a limit the file is refused
with a one-line reason like any other bad file.

PDF prose marks the start of each page with a PAGE_BREAK line so cleaning can spot running headers
and footers; tables are found with pdfplumber's ruled-line finder and emitted where they sit.
"""
from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import docx
import pdfplumber
from docx.opc.exceptions import OpcError
from docx.table import Table as DocxTable
from lxml.etree import XMLSyntaxError
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from .clean import LIST_ITEM_RE, PAGE_BREAK, clean_blocks, is_heading, is_junk, normalise, running_lines
from .config import MB, ReadLimits
from .document import Block, Document, Table
from .errors import UnreadableFile
from .pdf_content import lay_out

# "单位：万元" / "单位:元"; the currency list keeps "编制单位：某某局" from reading as a unit.
UNIT_RE = re.compile(r"单位\s*[：:]\s*([亿万千]?元)")
ORGANISER_RE = re.compile(r"^(编制|预算|填报)(单位|部门)\s*[：:]")
BRACKETED_RE = re.compile(r"^[（(].*[)）]$")  # "（2023年度）" qualifies a title, is not one
LEADING_WORD_RE = re.compile(r"[0-9A-Za-z.,%]*")  # half-width chars a line can't break inside
AMOUNT_RE = re.compile(r"^-?[\d,]+(\.\d+)?%?$")
CAPTION_LINES = 3  # how many lines above a table may hold its title and unit
TITLE_MAX_CHARS = 40
MIN_LINES_AT_MARGIN = 2  # lines reaching the right edge before it counts as the margin
RAGGED_CHARS = 6  # how far short of the margin (in characters) a ragged-right line may wrap
RATIO_CHECKED_FROM = 1 * MB  # small members may compress well (styles, repeated tags) and are harmless

# pdfminer reports malformed files with many exception types, some of them generic.
PDF_ERRORS = (
    PdfminerException, PSException, PDFSyntaxError, PDFEncryptionError,
    ValueError, KeyError, TypeError, IndexError, AssertionError, struct.error, zlib.error,
)
DOCX_ERRORS = (OpcError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError)


def load_document(path: Path, limits: ReadLimits | int) -> Document:
    """Read, clean and assemble one report; UnreadableFile when nothing readable remains.
    `limits` is a ReadLimits, or just the maximum file size in bytes (other limits at their defaults)."""
    document = Document.from_blocks(path, clean_blocks(read_blocks(path, limits)))
    if not document.text.strip():
        raise UnreadableFile(f"{path.name}: no text")
    return document


def read_blocks(path: Path, limits: ReadLimits | int) -> list[Block]:
    """The file's prose and tables in reading order, by the reader for its suffix."""
    if not isinstance(limits, ReadLimits):
        limits = ReadLimits(max_bytes=limits)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(f"{path.name}: unsupported file type {path.suffix or '(no suffix)'}")
    _check_size(path, limits.max_bytes)
    blocks = reader(path, limits)
    _check_chars(path, sum(len(b.text) for b in blocks), limits)
    return blocks


def _check_size(path: Path, max_bytes: int) -> None:
    """Refuse before reading: empty, missing or oversized files."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnreadableFile(f"{path.name}: cannot open ({e.strerror})") from e
    if size == 0:
        raise UnreadableFile(f"{path.name}: empty file")
    if size > max_bytes:
        raise UnreadableFile(f"{path.name}: too large ({size} bytes, limit {max_bytes})")


def _check_chars(path: Path, chars: int, limits: ReadLimits) -> None:
    if chars > limits.max_chars:
        raise UnreadableFile(f"{path.name}: too much text (more than {limits.max_chars} characters, "
                             f"[ingest] max_chars)")


# --- plain text -------------------------------------------------------------------------------


def read_text(path: Path, limits: ReadLimits) -> list[Block]:
    """One prose block per non-blank line: converted reports keep one paragraph per line."""
    data = path.read_bytes()
    if len(data) > 4 * limits.max_chars:  # no encoding spends more than 4 bytes a character
        _check_chars(path, len(data) // 4, limits)
    text = decode_text(data, path.name)
    _check_chars(path, len(text), limits)
    return [Block(line) for line in text.splitlines() if line.strip()]


def decode_text(data: bytes, name: str) -> str:
    """Decode with the encoding charset-normalizer detects (UTF-8, GB18030/GBK, ...), BOM removed."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UnreadableFile(f"{name}: not text in a known encoding")
    return str(best).lstrip("\ufeff")


# --- docx -------------------------------------------------------------------------------------


def check_zip(path: Path, limits: ReadLimits) -> None:
    """Refuse a zip bomb from the zip directory, before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise UnreadableFile(f"{path.name}: not a readable .docx ({type(e).__name__})") from e
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise UnreadableFile(f"{path.name}: unzips to {total / MB:.0f} MB, more than the "
                             f"{limits.max_unzipped_bytes / MB:.0f} MB allowed ([ingest] max_unzipped_mb)")
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_CHECKED_FROM and ratio > limits.max_zip_ratio:
            raise UnreadableFile(f"{path.name}: {m.filename} is compressed {ratio:.0f}:1, more than "
                                 f"{limits.max_zip_ratio:g}:1 ([ingest] max_zip_ratio)")


def read_docx(path: Path, limits: ReadLimits) -> list[Block]:
    """Paragraphs and tables in document order; a table's unit and title come from the paragraphs above."""
    check_zip(path, limits)
    try:
        document = docx.Document(str(path))
    except DOCX_ERRORS as e:
        raise UnreadableFile(f"{path.name}: not a readable .docx ({type(e).__name__})") from e
    blocks: list[Block] = []
    above: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            table = docx_table(item, above)
            blocks.append(Block(table.render(), table))
            above = []
        elif item.text.strip():
            blocks.append(Block(item.text))
            above.append(item.text.strip())
    return blocks


def docx_table(table: DocxTable, above: list[str]) -> Table:
    """Rows of cell text (merged cells repeat, as python-docx reports them); unit from above or row 1."""
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    unit, title = caption(above[-CAPTION_LINES:])
    if unit is None and rows:
        unit = find_unit(" ".join(rows[0]))
    return Table(rows, unit, title)


# --- pdf --------------------------------------------------------------------------------------


def read_pdf(path: Path, limits: ReadLimits) -> list[Block]:
    """Text layer page by page, each ruled table as a Table block between the prose above and below."""
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > limits.max_pdf_pages:
                raise UnreadableFile(f"{path.name}: {len(pdf.pages)} pages, more than the "
                                     f"{limits.max_pdf_pages} allowed ([ingest] max_pdf_pages)")
            pages, chars = [], 0
            for page in pdf.pages:
                lay_out(page)  # pdfplumber's parse, with the faster content-stream interpreter
                chars += len(page.chars)
                _check_chars(path, chars, limits)
                pages.append(page_items(page))
                page.close()  # drop the page's cached objects: memory stays one page deep
            if not chars:
                raise UnreadableFile(f"{path.name}: no text layer (scanned?)")
    except PDF_ERRORS as e:
        raise UnreadableFile(f"{path.name}: {pdf_error_reason(e)}") from e
    return assemble(pages)


def pdf_error_reason(error: Exception) -> str:
    """A one-line reason for a PDF the libraries refused."""
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted (password protected)"
    return f"corrupt or truncated PDF ({type(cause).__name__})"


@dataclass
class Line:
    """One visual line of prose; wraps is True when it runs to the page's right margin."""

    top: float
    x1: float
    size: float
    text: str
    wraps: bool = False
    x0: float = 0.0


def page_items(page) -> list[Line | Table]:
    """A page's prose lines and tables, ordered by their top edge."""
    found = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2]
    boxes = [t.bbox for t in found]
    lines = text_lines([c for c in page.chars if not any(inside(c, box) for box in boxes)])
    mark_wrapping(lines)
    mark_ragged_wrapping(lines)
    items: list[tuple[float, Line | Table]] = [(line.top, line) for line in lines]
    for table in found:
        above = [line for line in lines if line.top < table.bbox[1]][-CAPTION_LINES:]
        # a caption never runs to the margin: such a line is the end of a paragraph's wrapping. A
        # unit line does, when it is set flush right ("单位名称：某局        单位：万元").
        captions = [line.text for line in above if not line.wraps or find_unit(line.text)]
        items.append((table.bbox[1], pdf_table(page, table, captions)))
    items.sort(key=lambda item: item[0])
    return [item for _, item in items]


_ENDS_IN_NUMBER_RE = re.compile(r"\d(?:\.\d+)?\s*[万亿千]?$")
_STARTS_WITH_UNIT_RE = re.compile(r"^(?:[万亿千]?元|辆|人次|人|个|台|套|家|名|项|次|所|%|％|平方米|公里)")


_ENDS_IN_WORD_RE = re.compile(r"[\u4e00-\u9fff]$")
_STARTS_WITH_QUANTITY_RE = re.compile(
    r"^\d[\d,.]*\s*(?:[万亿千]?元|辆|人次|人|个|台|套|家|名|项|次|所|%|％|平方米|公里)\s*[，,、；;。）)]")


def splits_a_quantity(line: str, following: str) -> bool:
    """A number at a line's end and its unit at the next line's start ("共有车辆 410" / "辆，其中"), or
    what is counted at a line's end and its number opening the next ("…；实有人员" / "590 人，其中"):
    one sentence, whatever the margin says."""
    if _ENDS_IN_NUMBER_RE.search(line) and _STARTS_WITH_UNIT_RE.match(following):
        return True
    return bool(_ENDS_IN_WORD_RE.search(line) and not is_heading(line) and _STARTS_WITH_QUANTITY_RE.match(following))


def assemble(pages: list[list[Line | Table]]) -> list[Block]:
    """Blocks in reading order. A prose block ends at a line short of the right margin (a paragraph
    end, title or label), at a table, or never, across a page break: so within a block every line
    break is a wrap, except before headings and after sentence ends, which cleaning recognises.
    A table opening a page with no caption continues the table before it: it takes its unit and title.
    Page numbers and running lines end neither (cleaning drops them)."""
    blocks: list[Block] = []
    run: list[str] = []
    last_table: Table | None = None

    def flush() -> None:
        if run:
            blocks.append(Block("\n".join(run)))
            run.clear()

    furniture = page_furniture(pages)
    for items in pages:
        run.append(PAGE_BREAK)
        opening = True  # nothing but page furniture yet on this page
        for position, item in enumerate(items):
            if isinstance(item, Table):
                flush()
                if item.title and normalise(item.title) in furniture:
                    item.title = None  # a running header above a table is not its title
                if opening and last_table is not None and not item.title:
                    item.unit, item.title = item.unit or last_table.unit, last_table.title
                blocks.append(Block(item.render(), item))
                last_table = item
                opening = False
                continue
            run.append(item.text)
            if normalise(item.text) in furniture:
                continue  # a page number or running line (cleaning drops it) ends neither prose nor table
            last_table = None
            opening = False
            following = items[position + 1] if position + 1 < len(items) else None
            if not item.wraps and not (isinstance(following, Line) and splits_a_quantity(item.text, following.text)):
                flush()
    flush()
    return blocks


def page_furniture(pages: list[list[Line | Table]]) -> set[str]:
    """Page numbers and running headers and footers (normalised), as cleaning will drop them."""
    texts = [[normalise(item.text) for item in items if isinstance(item, Line)] for items in pages]
    junk = {text for page in texts for text in page if is_junk(text)}
    return junk | running_lines([kept for page in texts if (kept := [t for t in page if t and t not in junk])])


def inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return x0 <= x <= x1 and top <= y <= bottom


def text_lines(chars: list[dict]) -> list[Line]:
    """Visual lines, grouping chars by vertical overlap.

    Some reports set digits in a font whose boxes sit lower than the Chinese text around them;
    grouping by top alone (pdfplumber's default) would put "161.62" on a line of its own.
    """
    groups: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        group = next((g for g in reversed(groups[-3:]) if overlaps(g[0], char)), None)
        if group is None:
            groups.append([char])
        else:
            group.append(char)
    lines = []
    for group in groups:
        top, bottom = group[0]["top"], group[0]["bottom"]
        snapped = [dict(c, top=top, bottom=bottom) for c in group]
        text = pdfplumber.utils.extract_text(snapped).strip()
        if text:
            x1 = max(c["x1"] for c in group if c["text"].strip() or c is group[-1])
            x0 = min((c["x0"] for c in group if c["text"].strip()), default=group[0]["x0"])
            lines.append(Line(top, x1, bottom - top, text, x0=x0))
    return lines


def overlaps(anchor: dict, char: dict) -> bool:
    """Whether char shares at least half its height with the line's first char."""
    shared = min(anchor["bottom"], char["bottom"]) - max(anchor["top"], char["top"])
    return shared >= 0.5 * max(char["bottom"] - char["top"], 1e-6)


_OPEN_END_RE = re.compile(r"[\u4e00-\u9fff，、（(“]$")  # a line ending so is mid-sentence


def mark_wrapping(lines: list[Line]) -> None:
    """Mark lines that run to the page's right margin, or stop short of it only because the next
    line's opening number or Latin word would not fit. The margin only counts when two or more
    lines reach it: a lone long line (a centred title) shows no wrapping."""
    if not lines:
        return
    right = max(line.x1 for line in lines)
    if sum(line.x1 >= right - line.size for line in lines) < MIN_LINES_AT_MARGIN:
        return
    for line, following in zip(lines, lines[1:] + [None]):
        word = LEADING_WORD_RE.match(following.text).group() if following else ""
        # justified Chinese text stops up to two characters short of the margin mid-sentence
        slack = 2.5 if _OPEN_END_RE.search(line.text) else 1 + len(word) / 2
        line.wraps = line.x1 >= right - line.size * slack


def mark_ragged_wrapping(lines: list[Line]) -> None:
    """Mark the wraps of ragged-right prose, which mark_wrapping's margin misses: a line that stops a
    few characters short of the margin mid-word ("…本单位固" / "定资产总量为…", numbers and Latin break
    lines early) while the next line, in the same size, carries on unindented at the left margin (a
    paragraph's first line is indented, a heading starts with its number)."""
    if len(lines) < 2:
        return
    right, left = max(line.x1 for line in lines), min(line.x0 for line in lines)
    for line, following in zip(lines, lines[1:]):
        if line.wraps or not _OPEN_END_RE.search(line.text) or is_heading(following.text) \
                or LIST_ITEM_RE.match(following.text):
            continue
        size = line.size
        if (abs(following.size - size) <= 0.1 * size
                and following.x0 <= left + 0.5 * size  # unindented
                and line.x0 <= left + 2.5 * size  # body text, not a centred title
                and line.x1 >= right - RAGGED_CHARS * size
                and following.top - line.top <= 2.5 * size):  # the next line, no gap between
            line.wraps = True


def pdf_table(page, table, above: list[str]) -> Table:
    """The table with its caption: from the lines above, or from caption rows ruled into the table."""
    rows = table_rows(page, table)
    unit, title = caption(above)
    skip = caption_row_count(rows, spanning_titles=title is None)
    inner_unit, inner_title = caption([text for row in rows[:skip] for text in dict.fromkeys(row) if text])
    return Table(rows[skip:], unit or inner_unit, title or inner_title)


def caption_row_count(rows: list[list[str]], spanning_titles: bool) -> int:
    """Leading rows that are a caption ruled into the table: rows up to a unit or organiser line
    and the empty rows after it; failing that, when no caption was found above, rows whose one
    text spans the whole width (a title)."""
    head = rows[: CAPTION_LINES + 2]
    marked = [i for i, row in enumerate(head) if any(find_unit(t) or ORGANISER_RE.match(t) for t in row)]
    count = marked[-1] + 1 if marked else 0
    while count < len(rows) and (
        not any(rows[count]) or (spanning_titles and not marked and len(set(rows[count])) == 1)
    ):
        count += 1
    return count


def table_rows(page, table) -> list[list[str]]:
    """Cell text per grid position; merged header cells are copied into every position they cover
    so each column's header can be read off its own column."""
    grid = Grid(table.rows, table.columns, table.bbox)  # pdfplumber recomputes these on every access
    cells = table_cells(page, grid)
    rows = [[cells.get(box) if box else None for box in row.cells] for row in grid.rows]
    for r in range(header_row_count(rows)):
        for c, text in enumerate(rows[r]):
            if text is None:
                rows[r][c] = covering_text(grid, cells, r, c)
    return [[text or "" for text in row] for row in rows]


@dataclass
class Grid:
    """A found table's rows, columns and box, computed once."""

    rows: list
    columns: list
    bbox: tuple[float, float, float, float]


def table_cells(page, table: Grid) -> dict[tuple, str]:
    """Text of each cell box, lines inside a cell joined (a wrapped Chinese label has no spaces)."""
    cells = {}
    # a cell lies within its row and its table (their boxes are its cells' extent): narrowing the
    # page's chars to the table, then the row, finds the same chars in the same order, far sooner
    table_chars = [c for c in page.chars if inside(c, table.bbox)]
    for row in table.rows:
        row_chars = [c for c in table_chars if inside(c, row.bbox)]
        for box in row.cells:
            if box is not None:
                chars = [c for c in row_chars if inside(c, box)]
                cells[box] = join_cell_lines([line.text for line in text_lines(chars)])
    return cells


def join_cell_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        latin_boundary = text[-1:].isascii() and text[-1:].isalnum() and line[:1].isascii()
        text += (" " if latin_boundary else "") + line
    return text


def header_row_count(rows: list[list[str | None]]) -> int:
    """Rows before the first one holding an amount or a code: the table's header."""
    for i, row in enumerate(rows):
        if any(text and AMOUNT_RE.match(text.replace(" ", "")) for text in row):
            return i
    return len(rows)


def covering_text(table: Grid, cells: dict[tuple, str], r: int, c: int) -> str:
    """Text of the merged cell covering grid position (r, c): the cell box holding the middle of
    that position (rows and columns start where their first cell starts)."""
    x0 = table.columns[c].bbox[0]
    x1 = table.columns[c + 1].bbox[0] if c + 1 < len(table.columns) else table.bbox[2]
    top = table.rows[r].bbox[1]
    bottom = table.rows[r + 1].bbox[1] if r + 1 < len(table.rows) else table.bbox[3]
    x, y = (x0 + x1) / 2, (top + bottom) / 2
    for (bx0, btop, bx1, bbottom), text in cells.items():
        if bx0 <= x <= bx1 and btop <= y <= bbottom:
            return text
    return ""


# --- captions ---------------------------------------------------------------------------------


def caption(above: list[str]) -> tuple[str | None, str | None]:
    """(unit, title) from the lines just above a table: the unit from a "单位：元" line, the title
    the nearest line above that is not a unit or organiser line."""
    unit = next((u for u in map(find_unit, reversed(above)) if u), None)
    title = next((line for line in reversed(above) if is_title(line)), None)
    return unit, title


def find_unit(text: str) -> str | None:
    match = UNIT_RE.search(text)
    return match.group(1) if match else None


def is_title(line: str) -> bool:
    """A short caption line: not a unit or organiser line, and not prose ending a sentence."""
    line = line.strip()
    return (
        0 < len(line) <= TITLE_MAX_CHARS
        and line != PAGE_BREAK
        and not line.endswith(("。", "：", ":", "；"))
        and not BRACKETED_RE.match(line)
        and not find_unit(line)
        and not ORGANISER_RE.match(line)
    )


READERS: dict[str, Callable[[Path, ReadLimits], list[Block]]] = {
    ".txt": read_text,
    ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
