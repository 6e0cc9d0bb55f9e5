"""Hardening (issue 11), where an operator meets it: the readers' limits, the upload sandbox, long
names and staging leftovers, through index/admin.py and the `reportqa` CLI. The bot's side is in
test_bot_hardening.py. After every destructive test the corpus and the index answer as before.

The zip bomb and the corrupt indexes are built here, in the test.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.catalog import list_reports
from helpers import (CONFIG, FIXED_QUESTIONS, WELFARE_PDF as PDF, copy_index, garble_middle, generation_dir,
                     snapshot, vector_file, zip_bomb_docx)
from index.admin import STAGING, UploadRejected, add_report, safe_filename
from index.build import build_index
from index.errors import UnreadableFile
from index.readers import read_blocks
from reportqa.cli import cli


@pytest.fixture(scope="module")
def before(corpus_index):
    """The session's corpus index as every test must leave its own copy."""
    return snapshot(corpus_index)


@pytest.fixture
def config(corpus_index, before, tmp_path):
    """A copy of the session's corpus index, and the snapshot it must keep."""
    cfg = copy_index(corpus_index, tmp_path)
    cfg.before = before  # the answers every test must leave as they were
    return cfg


def assert_unchanged(config) -> None:
    assert snapshot(config) == config.before


def one_line(text: str) -> None:
    assert text and "\n" not in text.strip() and "Traceback" not in text, text


def invoke(config, *args):
    return CliRunner().invoke(cli, ["--config", str(CONFIG), "--corpus", str(config.corpus_dir),
                                    "--index", str(config.index_dir), *args])


# ---- 1. reader limits and the upload sandbox ------------------------------------------------------

def test_zip_bomb_is_refused_from_the_zip_directory(bomb, config):
    with pytest.raises(UnreadableFile) as e:
        read_blocks(bomb, config.read_limits)
    one_line(str(e.value))
    assert str(e.value).startswith(bomb.name) and "unzips to 401 MB" in str(e.value)
    assert "max_unzipped_mb" in str(e.value)


def test_compression_ratio_is_limited_below_the_size_limit(tmp_path, config):
    # 5 MB unzipped, under the size limit, in long paragraphs (134,000 short ones take 20 s to read)
    small_bomb = zip_bomb_docx(tmp_path / "small.docx", 5, paragraph_chars=4000)
    with pytest.raises(UnreadableFile, match=r"word/document.xml is compressed \d+:1, more than 100:1"):
        read_blocks(small_bomb, config.read_limits)
    config.max_zip_ratio = 1000  # the ratio alone refused it: allowed, it reads
    assert read_blocks(small_bomb, config.read_limits)[-1].text == "南岳区总工会2022年度部门整体支出绩效评价报告"


def test_pdf_pages_and_characters_are_limited(config):
    config.max_pdf_pages = 2
    with pytest.raises(UnreadableFile, match=r"\d+ pages, more than the 2 allowed"):
        read_blocks(PDF, config.read_limits)
    config.max_pdf_pages, config.max_chars = 2000, 5000
    with pytest.raises(UnreadableFile, match="too much text .more than 5000 characters"):
        read_blocks(PDF, config.read_limits)


def test_text_characters_are_limited(config):
    text = next(config.corpus_dir.glob("*.txt"))
    config.max_chars = 1000
    with pytest.raises(UnreadableFile, match="too much text"):
        read_blocks(text, config.read_limits)


def test_upload_of_a_zip_bomb_is_refused_and_nothing_changes(bomb, config):
    with pytest.raises(UnreadableFile) as e:
        add_report(config, bomb.read_bytes(), bomb.name)
    one_line(str(e.value))
    assert "unzips to" in str(e.value)
    assert_unchanged(config)


def test_sandbox_memory_cap_stops_what_the_limits_let_through(bomb, config):
    # the reader limits off: only the child process's memory cap stands between the bomb and the bot
    config.max_unzipped_mb, config.max_zip_ratio, config.upload_memory_mb = 10_000, 1e6, 700
    with pytest.raises(UnreadableFile) as e:
        add_report(config, bomb.read_bytes(), bomb.name)
    one_line(str(e.value))
    assert "needs more than 700 MB of memory" in str(e.value)
    assert_unchanged(config)


def test_sandbox_timeout_kills_a_slow_read(config):
    config.upload_timeout_s = 0.5  # reading the budget PDF takes seconds
    with pytest.raises(UnreadableFile) as e:
        add_report(config, PDF.read_bytes(), PDF.name)
    one_line(str(e.value))
    assert "took longer than 0.5 s" in str(e.value)
    assert_unchanged(config)


def test_cli_index_skips_a_zip_bomb_dropped_into_the_corpus(bomb, config):
    before = config.before
    shutil.copy(bomb, config.corpus_dir / bomb.name)
    result = invoke(config, "index", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["skipped"] == [{"file": bomb.name, "reason": summary["skipped"][0]["reason"]}]
    assert "unzips to 401 MB" in summary["skipped"][0]["reason"]
    (config.corpus_dir / bomb.name).unlink()
    assert_unchanged(config)
    assert before["reports"] == list_reports(config)


# ---- 3. long names, 4. staging leftovers ---------------------------------------------------------

def test_names_are_cut_by_utf8_bytes_keeping_the_suffix():
    name = safe_filename("珠" * 100 + "报告.PDF")  # 306 bytes in UTF-8
    assert name.endswith(".pdf") and len((name + ".toml").encode()) <= 255
    assert name.startswith("珠" * 80) and "\ufffd" not in name
    assert safe_filename("a" * 300 + ".txt") == "a" * 246 + ".txt"
    with pytest.raises(UploadRejected):
        safe_filename("珠" * 100 + ".exe")


def test_upload_with_a_100_character_chinese_name(config):
    long_name = "珠晖区总工会" + "关于困难职工帮扶支出情况的补充说明" * 6 + ".txt"
    assert len(long_name) > 100 and len(long_name.encode()) > 255
    data = "珠晖区总工会2022年困难职工帮扶补充说明\n2022年新增帮扶对象12人。\n".encode()
    result = add_report(config, data, long_name)
    stored = config.corpus_dir / result.filename
    assert stored.read_bytes() == data and len(result.filename.encode()) <= 250
    assert result.summary.added == [result.filename]
    assert not list(config.corpus_dir.glob(STAGING + "*"))
    stored.unlink()
    build_index(config)
    assert_unchanged(config)


def test_staging_leftovers_are_swept_after_an_upload(config):
    leftover = config.corpus_dir / f"{STAGING}0123abcd"
    leftover.mkdir()
    (leftover / "half.pdf").write_bytes(b"%PDF-1.4 half")
    with pytest.raises(UnreadableFile):
        add_report(config, b"%PDF-1.4\nnot really" * 20, "坏.pdf")
    assert not leftover.exists()
    assert_unchanged(config)


# ---- 2. a damaged index ---------------------------------------------------------------------------

def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _db(config) -> Path:
    for leftover in generation_dir(config).glob("reportqa.db-*"):  # the WAL would mask a damaged file
        leftover.unlink()
    return generation_dir(config) / "reportqa.db"


DAMAGE = {
    "database truncated": lambda c: _truncate(_db(c)),
    "database overwritten": lambda c: _db(c).write_bytes(b"\x00garbage" * 4096),
    "database garbled inside": lambda c: garble_middle(_db(c)),
    "vectors truncated": lambda c: _truncate(vector_file(c)),
    "vectors missing": lambda c: vector_file(c).unlink(),
    "vectors garbled inside": lambda c: garble_middle(vector_file(c)),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_is_one_line_and_reportqa_index_rebuilds_it(config, damage):
    DAMAGE[damage](config)
    commands = [["ask", FIXED_QUESTIONS[0]], ["search", "困难职工帮扶"]]
    if damage.startswith("database"):  # listings read only the database: they fail with it
        commands += [["reports"], ["figures", "--report", "珠晖"]]
    for command in commands:
        result = invoke(config, *command)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        one_line(result.output)
        assert "damaged" in result.output or "incomplete" in result.output, result.output
        assert "reportqa index --full" in result.output, result.output

    result = invoke(config, "index", "--json")  # rebuilds from the corpus, the corpus untouched
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rebuilt"] is True
    assert_unchanged(config)


def test_checksums_cover_every_generation_file_but_the_database(config):
    manifest = json.loads((generation_dir(config) / "CHECKSUMS").read_text())
    assert list(manifest) == [vector_file(config).name]
    # a new report in corpus/, indexed (an upload, covered above, would first read it in a sandbox child)
    (config.corpus_dir / "补充.txt").write_text("珠晖区总工会2022年补充说明\n新增帮扶对象12人。\n", encoding="utf-8")
    summary = build_index(config)
    assert summary.added == ["补充.txt"] and not summary.rebuilt
    manifest = json.loads((generation_dir(config) / "CHECKSUMS").read_text())
    assert vector_file(config).name in manifest  # the incremental update sealed its new file


# ---- 7. nonsense input, through the CLI ------------------------------------------------------------

@pytest.mark.parametrize("nonsense", ["😀😀😀", "钱", "\u200b\u200b\u200d", "？！"])
def test_cli_ask_nonsense_gets_the_usage_hint(config, nonsense):
    result = invoke(config, "ask", "--json", nonsense)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert not answer["found"] and answer["closest"] == [] and answer["citations"] == []
    assert answer["direct"].startswith("请输入问题")
