"""Admin flows through the real bot: uploads, re-index while questions flow, delete, stats."""
from __future__ import annotations

import time

import pytest

from bot import texts
from bot.app import build_application
from engine.answer import Engine
from helpers import ADMIN, QUESTION, WELFARE_PDF as PDF, bot_config, quiet, replies
from fake_telegram import TOKEN, BotRunner, FakeTelegram, _check_html

PDF_QUESTION = "社会福利院2024年事业收入预算多少"


@pytest.fixture(scope="module")
def admin_bot(corpus_index, tmp_path_factory):
    server = FakeTelegram().start()
    config = bot_config(corpus_index, tmp_path_factory.mktemp("admin"), server, rate_limit_per_minute=100,
                        max_upload_mb=1)
    app = build_application(config, TOKEN, Engine(config))
    runner = BotRunner(app, server).start()
    yield server, config
    runner.stop()
    server.stop()


def corpus_names(config) -> list[str]:
    return sorted(p.name for p in config.corpus_dir.iterdir())


def test_admin_uploads_a_pdf_then_it_answers_from_it(admin_bot):
    server, config = admin_bot
    t0 = time.monotonic()
    doc = server.send_document(ADMIN, PDF.read_bytes(), PDF.name, mime_type="application/pdf")
    received, done = replies(server, ADMIN, t0, count=2, timeout=60)
    assert PDF.name in received.text
    assert server.calls_of("getFile", file_id=doc["document"]["file_id"])
    assert server.calls_of("download")
    assert "已添加" in done.text and "社会福利院" in done.text
    assert "2024" in done.text and "普陀区" in done.text
    assert "提取到" in done.text and "提取到 0 个" not in done.text
    assert (config.corpus_dir / PDF.name).read_bytes() == PDF.read_bytes()

    t1 = time.monotonic()
    server.send_text(ADMIN, PDF_QUESTION)
    answer = replies(server, ADMIN, t1)[0]
    # the report states 事业收入 in prose (262.00万元) and in a table in 元 (2,620,000): either is right
    assert "262.00万元" in answer.text or ("2,620,000" in answer.text and "262万元" in answer.text)
    assert "社会福利院" in answer.text

    # its many figures come as a CSV document
    t_fig = time.monotonic()
    server.send_text(ADMIN, "/figures 社会福利院")
    csv_doc = server.wait_for("sendDocument", chat_id=ADMIN, where=lambda c: c.at >= t_fig)
    name, data = csv_doc.files["document"]
    rows = data.decode("utf-8-sig").splitlines()
    assert name.endswith("-figures.csv") and rows[0].startswith("doc,source,section,label")
    assert len(rows) > 61 and any("2,620,000" in r or "2620000" in r for r in rows)
    assert "社会福利院" in csv_doc.params["caption"]

    # the same file again is recognised by its content
    t2 = time.monotonic()
    server.send_document(ADMIN, PDF.read_bytes(), "copy.pdf")
    assert "已经在语料库里" in replies(server, ADMIN, t2, count=2)[1].text
    assert not (config.corpus_dir / "copy.pdf").exists()


def test_corrupt_upload_gets_a_reason_and_the_index_is_intact(admin_bot):
    server, config = admin_bot
    before = corpus_names(config)
    t0 = time.monotonic()
    server.send_document(ADMIN, b"%PDF-1.4\n" + bytes(range(256)) * 20, "损坏的报告.pdf")
    _, failed = replies(server, ADMIN, t0, count=2)
    assert failed.text.startswith("无法读取这个文件") and "损坏的报告.pdf" in failed.text
    assert "没有改动" in failed.text
    assert corpus_names(config) == before

    t1 = time.monotonic()
    server.send_text(ADMIN, QUESTION)
    assert "298000元" in replies(server, ADMIN, t1)[0].text


def test_uploads_refused_before_download(admin_bot):
    server, config = admin_bot
    before = corpus_names(config)
    for name, data, reason in [("big.txt", b"x" * (1024 * 1024 + 10), "超过上传上限 1 MB"),
                               ("tool.exe", b"MZ", "不支持 .exe 文件"),
                               ("../../../etc/cron.d/x", b"text", "没有可用的文件名或类型")]:
        t0 = time.monotonic()
        doc = server.send_document(ADMIN, data, name)
        (reply,) = replies(server, ADMIN, t0)
        assert reason in reply.text, reply.text
        assert not server.calls_of("getFile", file_id=doc["document"]["file_id"])
    assert corpus_names(config) == before


def test_non_admin_upload_refused(admin_bot):
    server, config = admin_bot
    before = corpus_names(config)
    t0 = time.monotonic()
    doc = server.send_document(120, PDF.read_bytes(), "other.pdf")
    (reply,) = replies(server, 120, t0)
    assert reply.text == texts.UPLOAD_ADMINS_ONLY
    quiet(server, 120, reply.at + 0.001, seconds=0.5)
    assert not server.calls_of("getFile", file_id=doc["document"]["file_id"])
    assert corpus_names(config) == before


def test_reindex_in_background_while_questions_keep_flowing(admin_bot):
    server, config = admin_bot
    t0 = time.monotonic()
    server.send_text(ADMIN, "/reindex full")
    started = replies(server, ADMIN, t0)[0]
    assert started.text.startswith("开始重建索引")
    users = list(range(121, 127))
    for u in users:
        server.send_text(u, QUESTION)
    answers = [replies(server, u, t0, timeout=60)[0] for u in users]
    assert all("298000元" in a.text for a in answers)

    t1 = time.monotonic()
    server.send_text(ADMIN, "/reindex")  # a second one while the first runs is refused politely
    done = server.wait_for("sendMessage", chat_id=ADMIN, timeout=120,
                           where=lambda c: c.text.startswith("索引已更新"))
    assert "已全量重建" in done.text
    assert any(a.at < done.at for a in answers), "questions waited for the re-index"
    second = replies(server, ADMIN, t1)[0]
    assert second.text in (texts.REINDEX_RUNNING, texts.REINDEX_STARTED.format(full=""))

    t2 = time.monotonic()
    server.send_text(127, QUESTION)  # and after the swap
    assert "298000元" in replies(server, 127, t2)[0].text


def test_stats_and_delete(admin_bot):
    server, config = admin_bot
    t0 = time.monotonic()
    server.send_text(ADMIN, "/stats")
    stats = replies(server, ADMIN, t0)[0].text
    _check_html(stats)
    assert "运行时间" in stats and "报告" in stats and "问题" in stats

    t1 = time.monotonic()
    server.send_text(ADMIN, "/delete 总工会")
    ambiguous = replies(server, ADMIN, t1)[0].text
    assert "南岳区" in ambiguous and "珠晖区" in ambiguous

    t2 = time.monotonic()
    server.send_text(ADMIN, "/delete 南岳区")
    deleted = replies(server, ADMIN, t2, timeout=60)[0].text
    assert deleted.startswith("已删除") and "南岳区" in deleted
    assert not any(n.startswith("南岳区") for n in corpus_names(config))

    t3 = time.monotonic()
    server.send_text(ADMIN, "/reports")
    listing = replies(server, ADMIN, t3)[0].text
    assert "南岳区" not in listing and "珠晖区" in listing
