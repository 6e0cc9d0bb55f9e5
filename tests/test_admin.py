"""index/admin.py: uploads and deletes against a real corpus folder and a real index."""
from __future__ import annotations

import pytest

from helpers import CORPUS, WELFARE_PDF as PDF, copy_index
from index.admin import (AmbiguousReport, ReportNotFound, UploadRejected, add_report, delete_report,
                         find_reports, safe_filename)
from index.build import build_index
from index.errors import UnreadableFile


@pytest.fixture
def config(corpus_index, tmp_path):
    """Each test changes its own copy of the session's corpus index."""
    cfg = copy_index(corpus_index, tmp_path)
    assert build_index(cfg).unchanged == 2  # the copy is a working index, not a rebuild
    return cfg


@pytest.mark.parametrize("given, stored", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\报告.PDF", "报告.pdf"),
    ("/abs/path/南岳区 预算.docx", "南岳区 预算.docx"),
    (".hidden.md", "hidden.md"),
    ("a\x00b\u202ec\n.txt", "abc.txt"),
    ('what<>:"|?*.txt', "what_______.txt"),
])
def test_safe_filename_keeps_basename_and_chinese(given, stored):
    assert safe_filename(given) == stored


@pytest.mark.parametrize("bad", ["", "..", "../", ".pdf", "report.exe", "report", "x.pdf.sh"])
def test_safe_filename_refuses_unusable_names(bad):
    with pytest.raises(UploadRejected):
        safe_filename(bad)


def test_long_names_are_cut_keeping_the_suffix():
    name = safe_filename("预" * 400 + ".pdf")
    assert name.endswith(".pdf") and len(name) <= 150


def test_add_pdf_is_stored_and_indexed(config):
    result = add_report(config, PDF.read_bytes(), "../" + PDF.name)
    assert result.filename == PDF.name and not result.duplicate_of and not result.replaced
    assert (config.corpus_dir / PDF.name).read_bytes() == PDF.read_bytes()
    assert "社会福利院" in result.info["title"] and result.info["year"] == 2024
    assert result.info["figures"] > 0
    assert result.summary.added == [PDF.name]
    assert "added" in result.to_text() and "figures" in result.to_text()
    # nothing left behind by the staging step
    assert sorted(p.name for p in config.corpus_dir.iterdir()) == sorted(
        [PDF.name] + [p.name for p in CORPUS.iterdir()])


def test_same_content_under_another_name_is_a_duplicate(config):
    existing = next(config.corpus_dir.glob("*.txt"))
    result = add_report(config, existing.read_bytes(), "copy.txt")
    assert result.duplicate_of == existing.name
    assert "already in corpus as" in result.to_text()
    assert not (config.corpus_dir / "copy.txt").exists()


def test_corrupt_file_never_enters_the_corpus(config):
    before = sorted(p.name for p in config.corpus_dir.iterdir())
    with pytest.raises(UnreadableFile) as e:
        add_report(config, b"%PDF-1.7\nthis is not really a pdf\x00\x01\x02" * 50, "坏文件.pdf")
    assert "坏文件.pdf" in str(e.value) and "\n" not in str(e.value)
    assert sorted(p.name for p in config.corpus_dir.iterdir()) == before


def test_size_limit_and_empty_files_are_refused(config):
    config.telegram.max_upload_mb = 0.001
    with pytest.raises(UploadRejected, match="limit is 0.001 MB"):
        add_report(config, b"x" * 5000, "big.txt")
    with pytest.raises(UploadRejected, match="empty"):
        add_report(config, b"", "empty.txt")


def test_same_name_new_content_replaces(config):
    existing = next(config.corpus_dir.glob("*.txt"))
    new = existing.read_bytes() + "\n补充说明：本报告于2023年修订。\n".encode("utf-8")
    result = add_report(config, new, existing.name)
    assert result.replaced and result.summary.updated == [existing.name]
    assert (config.corpus_dir / existing.name).read_bytes() == new


def test_find_reports_matches_parts_of_titles_and_file_names():
    reports = [{"title": "南岳区总工会2022年度部门整体支出绩效评价报告", "source": "a.txt"},
               {"title": "珠晖区总工会2022年度部门整体支出绩效报告", "source": "zhuhui.txt"}]
    assert [r["source"] for r in find_reports("南岳区", reports)] == ["a.txt"]
    assert [r["source"] for r in find_reports("ZHUHUI", reports)] == ["zhuhui.txt"]
    assert len(find_reports("总工会", reports)) == 2
    assert find_reports("  ", reports) == []


def test_delete_by_part_of_the_name(config):
    result = delete_report(config, "南岳区")
    assert result.filename.startswith("南岳区")
    assert not (config.corpus_dir / result.filename).exists()
    assert result.summary.removed == [result.filename]


def test_delete_ambiguous_lists_candidates_and_keeps_files(config):
    with pytest.raises(AmbiguousReport) as e:
        delete_report(config, "总工会")
    assert "南岳区" in str(e.value) and "珠晖区" in str(e.value)
    assert len(list(config.corpus_dir.glob("*.txt"))) == 2


def test_delete_unknown_report(config):
    with pytest.raises(ReportNotFound, match="no report matches"):
        delete_report(config, "不存在的报告")


def test_delete_never_leaves_the_corpus(config, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    with pytest.raises(ReportNotFound):
        delete_report(config, "outside", reports=[{"title": "outside", "source": "../outside.txt"}])
    assert outside.exists()
