"""The fast content-stream interpreter against pdfminer's own, on real and hand-made PDFs: the same
objects from every content stream, the same chars, lines and rects on every page, and pdfminer's own
path wherever the fast one cannot promise that."""
import io

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from helpers import PAGES, WELFARE_PDF, build_pdf, require, stream
from index.pdf_content import Fallback, lay_out, objects


def pdfminer_objects(datas: list[bytes]) -> list:
    """What pdfminer's own content parser yields for these streams."""
    found = []
    try:
        parser = PDFContentParser([PDFStream({}, data) for data in datas])
        while True:
            found.append(parser.nextobject()[1])
    except PSEOF:
        return found


PAD = b" " * 4092  # puts the CR of the escape below on the last byte of pdfminer's 4096-byte buffer

STREAMS = [
    [b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET"],
    [rb"(a\(b\)c\\d\ne\101\7\0123\q\t) Tj (tail\\) Tj"],  # escapes: known, octal, unknown (dropped)
    [b"(a(b)c) Tj (()) Tj (x(y(z))) Tj"],  # balanced parentheses need no escape
    [b"(ab\\\r\ncd\\\ref\\\ngh) Tj"],  # backslash line continuations
    [PAD + b"(a\\\r\nb) Tj"],  # ...where pdfminer keeps the LF
    [b"<48 65 6c6C6f> Tj <4> Tj <> Tj <ab>> Tj <12/x"],  # hex strings: odd digit, empty, odd ends
    [b"/A#42C /#2 /Name#zz /\xc3\xa9 /\xff / /a#4/b#/c "],  # names: escapes, UTF-8, not UTF-8, empty
    [b"/P <</MCID 0 /Alt (x) /Sub <</K [1 2]>> >> BDC EMC"],
    [b"[(a) -120 (b) [1 [2]]] TJ"],
    [b"1.2.3 -.5 +3 - . 5. --4 007 1e5 +-2 Td"],
    [b"true false null ' \" * T* f* % a comment\n q Q \x00 re ET\x00x #"],
    [b"] >> [1 2 >> 3] Tf ) )"],  # closing brackets that close nothing are dropped
    [b"1 0 0 1 0 0 cm [1 2"],  # an array still open at the end is dropped
    [b"q 1 0 0 1 0 0 cm", b"Q BT", b"/F1 1 Tf ET"],  # a page's several streams
    [b"1 2", b"3 re /Na", b"me 12.", b"5 Tz"],  # tokens cut by a stream's end end there
    [b"", b"  ", b"q Q"],
]


@pytest.mark.parametrize("datas", STREAMS, ids=range(len(STREAMS)))
def test_objects_are_pdfminers(datas):
    assert objects(datas) == pdfminer_objects(datas)


FALLBACKS = [
    [b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q"],  # inline image
    [b"{ 1 2 } 3"],  # a PostScript procedure
    [b"(unterminated"],
    [b"<414"],
    [b"q /", b"Name cm"],  # a lone "/" ending a stream continues into the next
    [b"(\\777) Tj"],  # pdfminer fails an assertion
    [b"<</A>> BDC"],  # a dict with an odd count: pdfminer raises
    [b"/A /a#4"],  # an escape ending the page: pdfminer drops the name
]


@pytest.mark.parametrize("datas", FALLBACKS, ids=range(len(FALLBACKS)))
def test_what_the_fast_path_cannot_promise_goes_to_pdfminer(datas):
    with pytest.raises(Fallback):
        objects(datas)


def page_objects(page, fast: bool) -> dict:
    if fast:
        lay_out(page)
    return {kind: page.objects.get(kind, []) for kind in ("char", "line", "rect", "curve")}


def assert_pages_identical(path_or_file) -> None:
    with pdfplumber.open(path_or_file) as fast, pdfplumber.open(path_or_file) as own:
        for fast_page, own_page in zip(fast.pages, own.pages, strict=True):
            assert page_objects(fast_page, True) == page_objects(own_page, False)


def test_real_pdf_pages_are_identical():
    require(WELFARE_PDF)
    with pdfplumber.open(WELFARE_PDF) as pdf:
        lay_out(pdf.pages[0])
        assert pdf.pages[0].chars  # the fast path did draw the text
    assert_pages_identical(WELFARE_PDF)


def test_several_streams_a_form_and_an_inline_image_draw_identically():
    """Page streams, a form XObject (run by a nested interpreter) and a page with an inline image
    (run by pdfminer's own execute: see FALLBACKS) give pdfplumber the same objects."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    form = stream(b"BT /F1 10 Tf 10 10 Td (form) Tj ET 0 0 5 5 re f",
                  b"/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /Font << /F1 6 0 R >> >>")
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents [4 0 R 5 0 R %s] "
            b"/Resources << /Font << /F1 6 0 R >> /XObject << /Fm1 7 0 R >> >> >>")
    first = stream(b"BT /F1 12 Tf 20 150 Td (Hel\\(lo\\)) Tj ET q 0 0 1 RG 10 10 m 100 10 l S Q")
    second = stream(b"/Fm1 Do BT /F1 9 Tf 20 100 Td 12 TL [(A) -50 (B)] TJ (C) ' ET 0 0 50 50 re f")
    image = stream(b"q 10 0 0 10 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q BT /F1 8 Tf 5 5 Td (after) Tj ET")
    for contents, text in [(b"", "Hel(lo)formABC"), (b"8 0 R", "Hel(lo)formABCafter")]:
        data = build_pdf(PAGES + [page % contents, first, second, font, form, image])
        assert_pages_identical(io.BytesIO(data))
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lay_out(pdf.pages[0])
            assert "".join(c["text"] for c in pdf.pages[0].chars) == text
