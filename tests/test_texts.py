"""bot/texts.py: everything the bot says to a person, in Chinese, in one place — templates that fill
from the fields the handlers pass, the command menus Telegram accepts, and the readers' real English
reasons (made here from real bad files) worded in Chinese."""
from __future__ import annotations

import re
import string

import docx
import pytest

from bot import texts
from bot.app import ADMIN_COMMANDS
from helpers import WELFARE_PDF, encrypted_pdf, scanned_pdf, zip_bomb_docx
from index.config import ReadLimits
from index.errors import UnreadableFile
from index.readers import load_document

CJK = re.compile(r"[\u4e00-\u9fff]")


def said(value) -> list[str]:
    """Every string a texts constant holds (dicts and lists included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in said(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in said(v)]
    return []


CONSTANTS = {name: value for name, value in vars(texts).items() if name.isupper()}


@pytest.mark.parametrize("name", [n for n in CONSTANTS if n not in ("READ_REASONS", "COMMANDS", "ADMIN_COMMANDS")])
def test_every_text_is_chinese(name):
    for text in said(CONSTANTS[name]):
        assert CJK.search(text) or fields(text) == {"message"}, f"{name}: {text!r}"  # USER_ERROR wraps one
        # no English sentence slipped in: Latin words are commands, file types or placeholders
        for word in re.findall(r"[A-Za-z]{4,}", re.sub(r"\{[^}]*\}|/\w+( full)?|<[^>]*>|reportqa index --full", "", text)):
            assert word in ("DOCX",), f"{name}: English {word!r} in {text!r}"


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("name, expected", [
    ("REFUSED", {"user_id"}), ("RATE_LIMITED", {"seconds"}), ("EMPTY_QUESTION", {"example"}),
    ("NOT_A_QUESTION", {"example"}), ("SOURCE_USAGE", {"count"}), ("NO_FIGURES", {"title"}),
    ("REINDEX_STARTED", {"full"}), ("REINDEX_DONE", {"summary"}), ("UPLOAD_READING", {"name"}),
    ("UPLOAD_DUPLICATE", {"name", "existing"}), ("UPLOAD_FAILED", {"reason"}),
    ("UPLOAD_DONE", {"verb", "title", "region", "year", "kind", "figures", "summary"}),
    ("DELETED", {"title", "name", "summary"}), ("HELP", {"examples"}), ("NO_SUCH_REPORT", {"query"}),
    ("AMBIGUOUS_REPORT", {"query", "count", "reports"}), ("REINDEX_FAILED", {"reason"}),
    ("SUMMARY", {"what", "added", "updated", "removed", "skipped", "unchanged", "chunks", "figures", "seconds"}),
])
def test_templates_take_the_fields_the_bot_passes(name, expected):
    template = CONSTANTS[name]
    assert fields(template) == expected
    filled = template.format(**{f: 1 for f in expected})
    assert "{" not in filled


def test_upload_refusals_name_their_fields():
    assert {k: fields(v) for k, v in texts.UPLOAD_REJECTED.items()} == {
        "no_name": {"name"}, "unsupported": {"suffix"}, "too_big": {"name", "size_mb", "limit_mb"},
        "empty": {"name"}, "cannot_store": {"name"}}


def test_command_menus_are_what_telegram_accepts_and_match_the_handlers():
    for command, description in texts.COMMANDS + texts.ADMIN_COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command) and 1 <= len(description) <= 256
    assert [c for c, _ in texts.ADMIN_COMMANDS] == ADMIN_COMMANDS
    assert not {c for c, _ in texts.COMMANDS} & set(ADMIN_COMMANDS)
    for command, _ in texts.COMMANDS:
        assert f"/{command}" in texts.HELP
    for command in ADMIN_COMMANDS:
        assert f"/{command}" in texts.ADMIN_HELP


def reason_of(path, limits=ReadLimits()) -> str:
    with pytest.raises(UnreadableFile) as e:
        load_document(path, limits)
    name, reason = texts.unreadable(str(e.value))
    assert name == path.name
    return reason


def test_the_readers_real_reasons_are_worded_in_chinese(tmp_path):
    def file(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    small_bomb = zip_bomb_docx(tmp_path / "ratio.docx", 2, paragraph_chars=4000)
    big_bomb = zip_bomb_docx(tmp_path / "size.docx", 2, paragraph_chars=4000)
    d = docx.Document()
    d.add_paragraph("预算" * 800)
    d.save(tmp_path / "long.docx")
    cases = [
        (reason_of(big_bomb, ReadLimits(max_unzipped_bytes=1024 * 1024)), "MB，超过 1 MB 的上限（疑似压缩炸弹）"),
        (reason_of(small_bomb), "压缩比"),
        (reason_of(WELFARE_PDF, ReadLimits(max_pdf_pages=1)), "页，超过 1 页的上限"),
        (reason_of(tmp_path / "long.docx", ReadLimits(max_chars=1000)), "文字超过 1000 个字符的上限"),
        (reason_of(file("locked.pdf", encrypted_pdf())), "PDF 有密码保护"),
        (reason_of(file("scan.pdf", scanned_pdf())), "PDF 没有文字层（可能是扫描件，无法识别）"),
        (reason_of(file("坏.pdf", b"%PDF-1.4\n not a pdf \x00\xff" * 20)), "PDF 已损坏或不完整"),
        (reason_of(file("坏.docx", b"PK\x03\x04 not a zip")), "不是可以读取的 DOCX 文件"),
        (reason_of(file("empty.txt", b"")), "文件是空的，或没有文字"),
        (reason_of(file("blank.txt", b" \n\n ")), "文件是空的，或没有文字"),
        (reason_of(file("budget.xls", b"\xd0\xcf\x11\xe0")), "不支持这种文件类型"),
        (reason_of(WELFARE_PDF, ReadLimits(max_bytes=1000)), "文件太大"),
    ]
    for got, expected in cases:
        assert expected in got, (got, expected)
        assert got != texts.READ_REASON_OTHER


def test_the_sandboxs_reasons_are_worded_in_chinese():
    """The child process's messages (index/sandbox.py), as it words them."""
    assert texts.read_reason("reading took longer than 0.5 s ([ingest] upload_timeout_s); refused") == \
        "读取超过 0.5 秒，已停止"
    assert texts.read_reason("needs more than 700 MB of memory to read ([ingest] upload_memory_mb); refused") == \
        "读取需要超过 700 MB 内存，已停止"
    assert texts.read_reason("reading was stopped, the bot is shutting down") == "机器人正在关闭，没有读取"
    assert texts.read_reason("the reader crashed on this file (exit status -11)") == "读取程序在这个文件上出错退出"


def test_an_unknown_reason_is_a_general_sentence_and_a_message_without_a_name_keeps_its_reason():
    assert texts.read_reason("something nobody foresaw") == texts.READ_REASON_OTHER
    assert texts.unreadable("报告.pdf: PDF is encrypted") == ("报告.pdf", "PDF 有密码保护")
    assert texts.unreadable("empty file") == ("", "文件是空的，或没有文字")
    # a file name holding ": " is cut at the first one, as the readers write "<name>: <reason>"
    assert texts.unreadable("a.txt: unsupported file type .xls") == ("a.txt", "不支持这种文件类型，请发送 PDF、DOCX、TXT 或 MD")
