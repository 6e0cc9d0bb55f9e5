"""What tests share besides fixtures: where the test files are, configs over a corpus folder, copies
of a built index, the bot tests' users and reply waiting, and the hardening tests' index damage.

Fixtures live in conftest.py; everything a test imports lives here (never in conftest or in another
test file)."""
from __future__ import annotations

import hashlib
import io
import shutil
import time
import zipfile
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config.toml"
CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data"

ZHUHUI = "珠晖区总工会2022年度部门整体支出绩效报告.txt"
NANYUE = "南岳区总工会2022年度部门整体支出绩效评价报告.txt"

# The four real published PDFs (copies of ../shared/real-reports, so a clone anywhere runs every test).
WELFARE_PDF = DATA / "上海市普陀区社会福利院2024年单位预算.pdf"
REAL_PDFS = [DATA / "上海市普陀区万里街道办事处2023年部门预算.pdf", WELFARE_PDF,
             DATA / "上海市普陀区规划和自然资源局 2024 年度部门决算.pdf", DATA / "上海市普陀区财政局2024年度部门决算.pdf"]
DEV_QA = DATA / "dev_qa.jsonl"  # a copy of ../shared/eval/dev_qa.jsonl
QA = DATA / "qa.jsonl"


def require(*paths: Path) -> None:
    """A file a test needs and the repository ships: missing is a failure, never a skip."""
    missing = [str(p.relative_to(ROOT)) for p in paths if not p.exists()]
    if missing:
        pytest.fail(f"missing test data (it is part of the repository): {', '.join(missing)}", pytrace=False)


def make_config(tmp: Path, corpus: Path, config_file: Path = CONFIG):
    """A Config for a corpus folder and an index folder tmp/index, with the repository's settings."""
    from index.config import load_config

    return load_config(config_file, corpus=corpus, index=tmp / "index")


def copy_index(built, dest: Path):
    """A private copy of a built index and its corpus under dest, for a test that changes them."""
    shutil.copytree(built.corpus_dir, dest / "corpus")
    shutil.copytree(built.index_dir, dest / "index")
    return make_config(dest, dest / "corpus")


# -- PDFs built byte by byte: the shapes of unreadable files a scanner or a locked export makes --

def build_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A well-formed PDF from numbered object bodies (object 1 is the catalog), xref offsets exact."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref,
    )
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), extra, content)


PAGES = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def scanned_pdf() -> bytes:
    """One page showing only an image: what a scanner produces, no text layer."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>"
    draw = stream(b"q 100 0 0 100 50 50 cm /Im0 Do Q")
    image = stream(b"\x80" * 4, b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8")
    return build_pdf(PAGES + [page, draw, image])


def encrypted_pdf() -> bytes:
    """Standard security handler whose user password is not empty: it cannot be opened."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
    trailer = b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16)
    return build_pdf(PAGES + [page, encrypt], trailer)


# -- the bot tests: users, chats, and waiting for replies from the fake Bot API server ----------------

ADMIN = 900
GROUP = -1001  # an allowed group
STRANGERS_GROUP = -2002
ALLOWED = list(range(101, 140))
QUESTION = "珠晖区总工会2022年困难职工帮扶支出多少？"


def bot_config(built, tmp: Path, server, **telegram):
    """A copy of a built index whose [telegram] settings point at the fake server, with the test users."""
    cfg = copy_index(built, tmp)
    tg = cfg.telegram
    tg.allowed_users, tg.admins, tg.allowed_chats = list(ALLOWED), [ADMIN], [GROUP]
    tg.base_url, tg.base_file_url = server.base_url, server.base_file_url
    for k, v in telegram.items():
        setattr(tg, k, v)
    return cfg


def replies(server, chat, since, count=1, timeout=30):
    """The first `count` messages the bot sent to `chat` after `since` (a time.monotonic())."""
    return server.wait_for_all("sendMessage", chat_id=chat, count=count, timeout=timeout,
                               where=lambda c: c.at >= since)


def quiet(server, chat, since, seconds=1.0, methods=("sendMessage", "sendDocument")):
    """Assert the bot sends nothing to `chat` for `seconds`."""
    time.sleep(seconds)
    sent = [c for m in methods for c in server.calls_of(m, chat_id=chat) if c.at >= since]
    assert sent == [], [c.params for c in sent]


# -- the hardening tests: a zip bomb, what must not change, a damaged index --------------------------

# A fixed set of answers: they must read exactly the same after every destructive test.
FIXED_QUESTIONS = ["珠晖区总工会2022年困难职工帮扶支出多少？", "南岳区总工会2022年基本支出多少？",
                   "南岳区总工会编制多少人"]


def zip_bomb_docx(path: Path, unzipped_mb: int, paragraph_chars: int = 2) -> Path:
    """A real .docx whose word/document.xml inflates to `unzipped_mb` MB of repeated paragraphs:
    400 MB make a file of about 1.3 MB, the one the issue describes. Short paragraphs (the default)
    are the costliest to parse; long ones make a bomb that reads in a second once it is allowed."""
    import docx

    document = docx.Document()
    document.add_paragraph("南岳区总工会2022年度部门整体支出绩效评价报告")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    head, tail = source.read("word/document.xml").decode().split("<w:body>", 1)
    paragraph = f"<w:p><w:r><w:t>{'填充' * (paragraph_chars // 2)}</w:t></w:r></w:p>".encode()
    block = paragraph * (1024 * 1024 // len(paragraph) + 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, source.read(item.filename))
        with out.open("word/document.xml", "w", force_zip64=True) as xml:
            xml._compressor = _SameBlockOnce(xml._compressor, block)  # seconds of deflate → milliseconds
            xml.write((head + "<w:body>").encode())
            for _ in range(unzipped_mb):
                xml.write(block)
            xml.write(tail.encode())
    return path


class _SameBlockOnce:
    """zipfile's deflate compressor, except that the repeated block is compressed a few times only.

    After a full flush deflate starts afresh (no match reaches back before it), so every further copy
    of the block compresses to the same bytes: those are written again instead of computed. The third
    copy is computed and checked against the second. zipfile still counts and checksums every byte."""

    def __init__(self, compressor, block: bytes):
        self.compressor, self.block = compressor, block
        self.copies: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        if data is not self.block:
            return self.compressor.compress(data)
        if len(self.copies) == 3:
            return self.copies[2]
        self.copies.append(self.compressor.compress(data) + self.compressor.flush(zlib.Z_FULL_FLUSH))
        if len(self.copies) == 3:
            assert self.copies[2] == self.copies[1], "deflate of the same block differs after a full flush"
        return self.copies[-1]

    def flush(self, *mode) -> bytes:
        return self.compressor.flush(*mode)


def snapshot(config) -> dict:
    """What must not change: every entry of corpus/ (hidden ones too) with its content hash, the
    reports list, and the fixed answers."""
    from engine.answer import Engine
    from engine.catalog import list_reports

    corpus = config.corpus_dir
    files = {str(p.relative_to(corpus)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
             for p in sorted(corpus.rglob("*"))}
    engine = Engine(config)
    return {"files": files, "reports": list_reports(config),
            "answers": [engine.ask(q).text for q in FIXED_QUESTIONS]}


def generation_dir(config) -> Path:
    return config.index_dir / (config.index_dir / "CURRENT").read_text().strip()


def vector_file(config) -> Path:
    (path,) = generation_dir(config).glob("vectors-*.faiss")
    return path


def garble_middle(path: Path) -> None:
    """Random bytes over a stretch in the middle, the size unchanged."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle + 100: middle + 3000] = bytes((i * 7919 + 13) % 251 for i in range(2900))
    path.write_bytes(bytes(data))
