"""index/pipeline.py: one report file → what the store needs (metadata, chunks, figures tied to the
chunk and section that hold them, the texts that are searched) and its vectors; the content hash and
the size+mtime stamp that decide whether a file is read again. Real corpus files and a .docx built
here; the model the session's corpus index was built with embeds."""
from __future__ import annotations

import hashlib
import os
import shutil

import docx
import numpy as np
import pytest

from helpers import CORPUS, ZHUHUI, make_config
from index.embedder import get_embedder
from index.errors import UnreadableFile
from index.pipeline import SUPPORTED, embed_report, file_hash, read_report, stamp_of


@pytest.fixture
def config(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return make_config(tmp_path, corpus)


@pytest.fixture(scope="module")
def zhuhui(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pipeline")
    return read_report(CORPUS / ZHUHUI, ZHUHUI, make_config(tmp, CORPUS))


def test_a_report_is_read_into_metadata_chunks_and_figures(zhuhui):
    path = CORPUS / ZHUHUI
    assert (zhuhui.source, zhuhui.path, zhuhui.size) == (ZHUHUI, path, path.stat().st_size)
    assert zhuhui.hash == file_hash(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert zhuhui.stamp == stamp_of(path) and zhuhui.vectors is None  # reading does not embed
    assert (zhuhui.meta.title, zhuhui.meta.region, zhuhui.meta.year) == (
        "珠晖区总工会2022年度部门整体支出绩效报告", "珠晖区", 2022)
    assert [c.seq for c in zhuhui.chunks] == list(range(len(zhuhui.chunks))) and len(zhuhui.chunks) > 5
    row = zhuhui.doc_row()
    assert (row["chunks"], row["figures"], row["hash"]) == (len(zhuhui.chunks), len(zhuhui.figures), zhuhui.hash)
    assert [r["text"] for r in zhuhui.chunk_rows()] == [c.text for c in zhuhui.chunks]


def test_each_figure_points_at_the_chunk_that_holds_its_sentence(zhuhui):
    by_seq = {c.seq: c for c in zhuhui.chunks}
    whole = 0
    for f in zhuhui.figures:
        chunk = by_seq[f["chunk_seq"]]
        assert chunk.start <= f["start"] and f["end"] <= chunk.end  # the number itself, always
        whole += chunk.start <= f["sent_start"] and f["sent_end"] <= chunk.end
        assert f["section"], f
    assert whole >= 0.9 * len(zhuhui.figures)  # and its whole sentence wherever one chunk holds it
    fig = next(f for f in zhuhui.figures if f["value_text"] == "298000元")
    assert fig["section"].endswith("困难职工帮扶方面") and "298000元" in by_seq[fig["chunk_seq"]].text


def test_search_texts_lead_with_title_and_section(zhuhui):
    texts = zhuhui.search_texts()
    assert len(texts) == len(zhuhui.chunks)
    for text, chunk in zip(texts, zhuhui.chunks):
        assert text == f"{zhuhui.meta.title} {chunk.section}\n{chunk.text}"


def test_a_table_figure_takes_its_tables_title_as_section(config):
    path = config.corpus_dir / "衡山县总工会2023年部门预算.docx"
    d = docx.Document()
    for line in ("衡山县总工会2023年部门预算", "一、部门概况", "本部门2023年预算安排如下。",
                 "二、预算表", "2023年困难职工帮扶资金预算表", "单位：元"):
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=2)
    for r, cells in zip(table.rows, [("项目", "预算数"), ("医疗互助帮扶", "93000"), ("子女助学帮扶", "77000")]):
        for cell, text in zip(r.cells, cells):
            cell.text = text
    d.save(path)
    prepared = read_report(path, path.name, config)
    cell = next(f for f in prepared.figures if f["value"] == 93000)
    assert cell["unit"] == "元" and cell["section"] == "2023年困难职工帮扶资金预算表"
    assert prepared.meta.year == 2023 and prepared.meta.region == "衡山县"


def test_a_target_tables_figures_name_the_project_its_title_leaves_out(config):
    """A 绩效目标表 titled only by its kind names its project in a "项目名称" row: its indicators'
    section says which project ("审计业务经费"), as one whose title names the project already does."""
    path = config.corpus_dir / "烟台市审计局2026年部门预算.docx"
    d = docx.Document()
    for line in ("烟台市审计局2026年部门预算", "政策和项目预算绩效目标表"):
        d.add_paragraph(line)
    rows = [("项目名称", "项目名称", "审计业务经费", "审计业务经费"),
            ("一级指标", "二级指标", "三级指标", "指标值"),
            ("绩效指标", "效益指标", "审计促进增收节支金额", "≥1.07亿元")]
    table = d.add_table(rows=len(rows), cols=4)
    for r, cells in zip(table.rows, rows):
        for cell, text in zip(r.cells, cells):
            cell.text = text
    d.save(path)
    target = next(f for f in read_report(path, path.name, config).figures if f["value"] == 107000000)
    assert target["label"].startswith("审计促进增收节支金额")
    assert target["section"] == "政策和项目预算绩效目标表 / 审计业务经费"


def test_the_hash_and_the_stamp_cover_the_sidecar(config):
    path = config.corpus_dir / ZHUHUI
    shutil.copy(CORPUS / ZHUHUI, path)
    digest, stamp = file_hash(path), stamp_of(path)
    assert stamp.endswith(":-")  # no sidecar yet
    side = path.with_name(path.name + ".toml")
    side.write_text('region = "测试区"\n', encoding="utf-8")
    assert file_hash(path) != digest and stamp_of(path) != stamp
    assert read_report(path, path.name, config).meta.region == "测试区"
    side.unlink()
    assert file_hash(path) == digest

    st = path.stat()  # touched, same content: a new stamp, the same hash
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert stamp_of(path) != stamp and file_hash(path) == digest
    given = read_report(path, path.name, config, digest="precomputed")
    assert given.hash == "precomputed"  # a build that hashed the file already passes its digest


def test_unreadable_files_raise_with_their_name(config):
    assert SUPPORTED == {".pdf", ".docx", ".txt", ".md"}
    empty = config.corpus_dir / "空白.txt"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"^空白.txt: "):
        read_report(empty, empty.name, config)


def test_embedding_gives_one_unit_vector_per_chunk(zhuhui, corpus_index):
    # the embedder builds call embed_report with (the corpus index embedded these texts already, so the
    # vectors are the run's own; the ONNX query encoder's are checked against them in test_embedder)
    embedder = get_embedder(corpus_index.model, corpus_index.batch_size, corpus_index.max_seq_length)
    embed_report(zhuhui, embedder)
    assert zhuhui.vectors.shape == (len(zhuhui.chunks), embedder.dim) and zhuhui.vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(zhuhui.vectors, axis=1), 1.0, atol=1e-5)
    # the search text, not the bare chunk, is what was embedded
    again = embedder.embed(zhuhui.search_texts()[:1])
    assert float(again[0] @ zhuhui.vectors[0]) > 0.9999
