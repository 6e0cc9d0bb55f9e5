"""index/chunker.py on the real corpus and a real PDF: numbers stay with their units, offsets map back,
sections are assigned, and no text is lost (repeated table rows included)."""
from __future__ import annotations

import re
import pytest

from helpers import CORPUS, WELFARE_PDF
from index.chunker import chunk_text
from index.figures import extract_figures
from index.metadata import extract_metadata
from index.readers import load_document
from index.sections import Sections

FILES = sorted(CORPUS.glob("*.txt")) + [WELFARE_PDF]
# The repository default, a tight and a mid setting: the smallest size config.py accepts is 50.
SETTINGS = [(300, 60), (50, 10), (120, 20)]
# A number, optionally with separators/decimals, and what may follow it as part of a quantity.
NUMBER_UNIT = re.compile(r"\d[\d,.]*[ \t]*(?:万元|亿元|元|万|%|％|人次|人|个|项|户|次|平方米|年|月|日)?")


@pytest.fixture(scope="module")
def docs():
    out = []
    for path in FILES:
        doc = load_document(path, 50 * 1024 * 1024)
        meta = extract_metadata(doc.text, path)
        out.append((path.name, doc, Sections(doc.text), extract_figures(doc, meta.year)))
    return out


def _chunks(docs, size, overlap):
    for name, doc, sections, figures in docs:
        yield name, doc, sections, figures, chunk_text(doc.text, sections, size, overlap)


@pytest.mark.parametrize("size, overlap", SETTINGS)
def test_offsets_map_back_and_sections_assigned(docs, size, overlap):
    for name, doc, sections, _, chunks in _chunks(docs, size, overlap):
        assert chunks, name
        for c in chunks:
            assert doc.text[c.start:c.end] == c.text, (name, c.seq)
            assert c.text == c.text.strip() and c.text
            assert c.section == sections.at(c.start)
        assert [c.seq for c in chunks] == list(range(len(chunks)))
        starts = [c.start for c in chunks]
        assert starts == sorted(starts) and len(set(starts)) == len(starts), name  # in text order
        # Sections are used, not just the first: most heading paths name some chunk (a heading
        # directly followed by another heading shares its chunk with it).
        paths = set(sections.paths)
        assert len(paths & {c.section for c in chunks}) >= len(paths) // 2, name


@pytest.mark.parametrize("size, overlap", SETTINGS)
def test_no_text_is_lost(docs, size, overlap):
    """Every non-space character lies in some chunk: a repeated piece must not be placed on an
    earlier copy of itself (PDF tables repeat empty rows ' |  |  | ')."""
    for name, doc, _, _, chunks in _chunks(docs, size, overlap):
        covered = bytearray(len(doc.text))
        for c in chunks:
            covered[c.start:c.end] = b"\1" * (c.end - c.start)
        lost = [i for i, ch in enumerate(doc.text) if not ch.isspace() and not covered[i]]
        assert not lost, (name, size, doc.text[lost[0] - 20: lost[0] + 20])


@pytest.mark.parametrize("size, overlap", SETTINGS)
def test_figures_are_never_cut_from_their_unit(docs, size, overlap):
    checked = 0
    for name, doc, _, figures, chunks in _chunks(docs, size, overlap):
        assert figures, name
        for f in figures:
            assert doc.text[f.start:f.end] == f.value_text
            holders = [c for c in chunks if c.start <= f.start and f.end <= c.end]
            assert holders and all(f.value_text in c.text for c in holders), (name, f.value_text)
            for c in chunks:  # no chunk boundary inside "298000元"
                assert not (f.start < c.start < f.end) and not (f.start < c.end < f.end), \
                    (name, f.value_text, c.text[:30])
            checked += 1
        # Beyond extracted figures: no boundary splits any number or a number from its unit.
        spans = [(m.start(), m.end()) for m in NUMBER_UNIT.finditer(doc.text)]
        for c in chunks:
            for a, b in spans:
                assert not (a < c.start < b) and not (a < c.end < b), (name, doc.text[a:b])
    assert checked > 100


def test_zhuhui_figure_chunk_and_section(docs):
    name, doc, sections, figures, chunks = next(x for x in _chunks(docs, 300, 60) if x[0].startswith("珠晖"))
    fig = next(f for f in figures if f.value_text == "298000元")
    holder = next(c for c in chunks if c.start <= fig.start and fig.end <= c.end)
    assert "困难职工帮扶支出298000元" in holder.text
    assert holder.section.endswith("五、部门整体支出绩效情况 / （二）困难职工帮扶方面")


def test_long_run_without_punctuation_is_kept_whole():
    """No character-level fallback: a clause longer than the size stays one chunk rather than being cut
    between digits or before the unit."""
    text = "一、概况\n" + "困难职工帮扶支出" * 10 + "1234567.89万元和298000元" + "\n二、其他\n正文。"
    chunks = chunk_text(text, Sections(text), 50, 10)
    holder = [c for c in chunks if "1234567.89万元" in c.text]
    assert len(holder) == 1 and "298000元" in holder[0].text and len(holder[0].text) > 50
    assert all(text[c.start:c.end] == c.text for c in chunks)


def test_repeated_rows_keep_their_own_offsets():
    text = "一、收支总表\n" + "收入 | 1,000 | 支出 | 1,000\n" + " |  |  | \n" * 12 + "合计 | 2,000 | 合计 | 2,000\n"
    chunks = chunk_text(text, Sections(text), 50, 10)
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert chunks[-1].text.endswith("合计 | 2,000 | 合计 | 2,000")
    assert chunks[-1].end == len(text.rstrip())
