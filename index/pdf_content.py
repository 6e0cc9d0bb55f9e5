"""A faster pdfminer page interpreter that draws exactly what pdfminer's own draws.

Most of a PDF's reading CPU is pdfminer interpreting page content streams: a byte-by-byte tokenizer
state machine, then a stack parser and an operator lookup per token, with a logging call at each
step. FastInterpreter tokenizes each content stream with one regular expression, builds the same
operands (numbers, names, strings, arrays, dicts, keywords) and calls the same operator methods
with the same arguments, in the same order; the device (the chars, lines and rects pdfplumber
reads) is untouched. Anything the fast path does not reproduce exactly - inline images, procedure
braces, unterminated strings, a token cut by the end of a stream, pdfminer's strict mode, another
pdfminer version - runs pdfminer's own execute instead, so the result never differs.
"""
from __future__ import annotations

import functools
import logging
import re

import pdfminer
from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import END_LITERAL, ESC_STRING, HEX, HEX_PAIR, KWD, LIT, SPC, PSKeyword, literal_name
from pdfminer.utils import choplist
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException

PDFMINER_VERSION = "20260107"  # the version whose tokenizer this reproduces (pdfplumber 0.11.10 pins it)
log = logging.getLogger("pdfminer.pdfinterp")

# One token after optional whitespace. Possessive quantifiers keep a hex string that runs to the
# end of the stream from matching a shorter, "terminated" prefix.
_TOKEN = re.compile(rb"""\s*+(?:
    (?P<num>[-+0-9][0-9]*+(?:\.[0-9]*+)?|\.[0-9]*+)
  | (?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*+)
  | /(?P<name>[^#/%\[\]()<>{}\s]*+)(?!\#)
  | \((?P<str>[^()\\]*+)\)
  | (?P<aopen>\[) | (?P<aclose>\]) | (?P<dopen><<) | (?P<dclose>>>)
  | <(?P<hex>[\s0-9a-fA-F]*+)(?!\Z)
  | (?P<other>\S)
)""", re.X)
_EOL = re.compile(rb"[\r\n]")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = b"01234567"
_BUFSIZ = 4096  # pdfminer reads streams in 4096-byte buffers; one string escape depends on it

# _TOKEN's groups, by number (Match.lastindex)
NUMBER, KEYWORD, NAME, STRING, ARRAY_BEGIN, ARRAY_END, DICT_BEGIN, DICT_END, HEX_STRING, OTHER = range(1, 11)
_INLINE_IMAGE = (b"BI", b"ID")


class Fallback(Exception):
    """The fast path cannot promise pdfminer's exact result for this content."""


def objects(streams: list[bytes]) -> list:
    """The objects pdfminer's PDFContentParser.nextobject yields for a page's content streams: its
    PSBaseParser's tokens, with arrays and dicts assembled as its PSStackParser assembles them."""
    out: list = []
    current = out
    numbers: dict[bytes, int | float] = {}
    context: list[tuple[int, list]] = []  # the arrays and dicts open, each with the list it goes into
    for n, data in enumerate(streams):
        last = n == len(streams) - 1
        append = current.append
        i = 0
        while i is not None:  # None: the stream is done; else where to go on after a rare token
            start, i = i, None
            for m in _TOKEN.finditer(data, start):
                kind = m.lastindex
                if kind == NUMBER:
                    text = m[NUMBER]
                    value = numbers.get(text)
                    if value is None:
                        try:
                            value = numbers[text] = float(text) if b"." in text else int(text)
                        except ValueError:  # "-" or "." alone: pdfminer drops it
                            continue
                    append(value)
                elif kind == KEYWORD:
                    token = _KEYWORDS.get(m[KEYWORD])
                    append(token if token is not None else _keyword(m[KEYWORD]))
                elif kind == STRING:
                    append(m[STRING])
                elif kind == NAME:
                    if not m[NAME] and m.end() == len(data) and not last:
                        raise Fallback  # a lone "/" ending a stream continues into the next one
                    append(LIT(_utf8_or_bytes(m[NAME])))
                elif kind == ARRAY_BEGIN or kind == DICT_BEGIN:
                    context.append((kind, current))
                    current = []
                    append = current.append
                elif kind == ARRAY_END or kind == DICT_END:
                    opener = ARRAY_BEGIN if kind == ARRAY_END else DICT_BEGIN
                    if not context or context[-1][0] != opener:
                        continue  # pdfminer ignores a closing bracket that closes nothing open
                    value = current
                    current = context.pop()[1]
                    append = current.append
                    if kind == DICT_END:
                        if len(value) % 2:
                            raise Fallback  # pdfminer raises PSSyntaxError: let it
                        value = {literal_name(k): v for (k, v) in choplist(2, value) if v is not None}
                    append(value)
                elif kind == HEX_STRING:
                    append(HEX_PAIR.sub(_hex_byte, SPC.sub(b"", m[HEX_STRING])))
                else:
                    i = _other(data, m.start(OTHER), current, last)
                    break
    return out  # anything still open at the end is dropped, as pdfminer drops it


_KEYWORDS: dict[bytes, object] = {}  # keyword text -> its token, as met


def _keyword(text: bytes):
    if text in _INLINE_IMAGE:
        raise Fallback  # pdfminer re-reads the raw stream for an inline image's data
    token = True if text == b"true" else False if text == b"false" else KWD(text)
    if len(_KEYWORDS) < 10_000:  # a garbled stream's "keywords" must not grow it without end
        _KEYWORDS[text] = token
    return token


def _hex_byte(pair: re.Match) -> bytes:
    return bytes((int(pair.group(0), 16),))


def _other(data: bytes, j: int, out: list, last: bool) -> int:
    """The rarer tokens, from data[j]; returns where the next token starts."""
    c = data[j:j + 1]
    if c == b"/":
        name, i = _escaped_name(data, j + 1)
        out.append(LIT(_utf8_or_bytes(name)))
        return i
    if c == b"(":
        string, i = _string(data, j + 1)
        out.append(string)
        return i
    if c == b">":  # one ">" (after a hex string) is no token; pdfminer looks at the next stream for another
        if j + 1 == len(data) and not last:
            raise Fallback
        return j + 1
    if c == b"%":  # a comment, to the end of the line
        eol = _EOL.search(data, j)
        return eol.start() if eol else len(data)
    if c == b"\x00":
        return j + 1
    if c in (b"<", b"{", b"}"):  # an unterminated hex string, or a PostScript procedure
        raise Fallback
    out.append(KWD(c))  # any other byte is a one-character keyword (' " * ...)
    return j + 1


def _utf8_or_bytes(name: bytes) -> str | bytes:
    try:
        return str(name, "utf-8")
    except UnicodeDecodeError:
        return name


def _escaped_name(data: bytes, i: int) -> tuple[bytes, int]:
    """A name holding #xx escapes, decoded as pdfminer's _parse_literal and _parse_literal_hex do."""
    name = b""
    while True:
        m = END_LITERAL.search(data, i)
        if m is None:
            raise Fallback
        j = m.start()
        name += data[i:j]
        if data[j:j + 1] != b"#":
            return name, j
        i = j + 1
        digits = b""
        while len(digits) < 2 and i < len(data) and HEX.match(data, i):
            digits += data[i:i + 1]
            i += 1
        if i == len(data):
            raise Fallback
        if digits:
            name += bytes((int(digits, 16),))


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A literal string with nested parentheses or escapes, as pdfminer's _parse_string reads it."""
    out = bytearray()
    depth = 1
    size = len(data)
    while True:
        m = _STRING_STOP.search(data, i)
        if m is None:
            raise Fallback
        j = m.start()
        out += data[i:j]
        c = data[j]
        if c == 0x28:  # (
            depth += 1
            out.append(c)
            i = j + 1
        elif c == 0x29:  # )
            depth -= 1
            if not depth:
                return bytes(out), j + 1
            out.append(c)
            i = j + 1
        else:  # backslash
            k = j + 1
            digits = b""
            while k < size and len(digits) < 3 and data[k] in _OCTAL:
                digits += data[k:k + 1]
                k += 1
            if k >= size:
                raise Fallback
            if digits:
                code = int(digits, 8)
                if code >= 256:
                    raise Fallback  # pdfminer fails an assertion: let it
                out.append(code)
                i = k
                continue
            escaped = data[k:k + 1]
            if escaped in ESC_STRING:
                out.append(ESC_STRING[escaped])
            elif escaped == b"\r" and k % _BUFSIZ != _BUFSIZ - 1 and data[k + 1:k + 2] == b"\n":
                k += 1  # "\" CR LF continues the line, unless the CR ends pdfminer's read buffer
            i = k + 1  # any other escaped byte is dropped, as pdfminer drops it


@functools.cache
def _note_slow_path() -> None:
    """Once per process: reading still works, at about half the speed (an operator should know why)."""
    logging.getLogger(__name__).warning(
        "pdfminer %s (the fast reader is written for %s, and not for strict mode): PDFs are read with "
        "pdfminer's own, slower interpreter", pdfminer.__version__, PDFMINER_VERSION)


class FastInterpreter(PDFPageInterpreter):
    """PDFPageInterpreter whose execute runs the same operators faster (see the module docstring)."""

    def execute(self, streams) -> None:
        if settings.STRICT or pdfminer.__version__ != PDFMINER_VERSION:
            _note_slow_path()
            return super().execute(streams)
        valid, warnings = [], []
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None:
                warnings.append(("Execute called on non-indirect object (inline image?) %r", stream))
            elif stream.objid in self.parent_stream_ids:
                warnings.append(("Refusing to execute circular reference to content stream %d", stream.objid))
            else:
                valid.append(stream)
        try:
            page_objects = objects([stream.get_data() for stream in valid])
        except Fallback:
            return super().execute(streams)
        except Exception:  # a stream that does not decode: pdfminer's execute meets it where it does
            return super().execute(streams)
        self.stream_ids.clear()
        self.stream_ids.update(stream.objid for stream in valid)
        for message, arg in warnings:
            log.warning(message, arg)
        operators: dict[PSKeyword, tuple | None] = {}
        for obj in page_objects:
            if obj.__class__ is not PSKeyword:
                self.argstack.append(obj)
                continue
            operator = operators.get(obj, ())
            if operator == ():
                operator = operators[obj] = self._operator(obj)
            if operator is None:
                continue
            func, nargs = operator
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()

    def _operator(self, keyword: PSKeyword) -> tuple | None:
        """(bound method, argument count) for an operator, as pdfminer's execute looks it up."""
        name = str(keyword.name, "utf-8", "ignore")
        method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
        if not hasattr(self, method):
            return None
        func = getattr(self, method)
        return func, func.__code__.co_argcount - 1


def lay_out(page) -> None:
    """Parse a pdfplumber page with FastInterpreter: what pdfplumber's Page.layout does with pdfminer's
    interpreter (the same device and parameters), cached where Page.layout caches it."""
    if hasattr(page, "_layout"):
        return
    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number,
                                                laparams=page.pdf.laparams)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    page._layout = device.get_result()
