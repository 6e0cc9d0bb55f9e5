"""bot/service.py: what the handlers call — the real engine and index answering off the event loop,
uploads, deletes and builds on their own single worker, counters, the staging sweep at start-up, and
the "typing…" action shown while work runs (against the fake Bot API server)."""
from __future__ import annotations

import asyncio
import threading
import time

import pytest
from telegram import Bot

from bot.service import Service, chat_action
from engine.answer import Engine
from helpers import NANYUE, QUESTION, WELFARE_PDF, ZHUHUI
from index.admin import STAGING, AmbiguousReport, ReportNotFound, UploadRejected
from fake_telegram import TOKEN, FakeTelegram


@pytest.fixture
def service(corpus_copy):
    leftover = corpus_copy.corpus_dir / f"{STAGING}killed"  # what an upload killed with the bot leaves
    leftover.mkdir()
    (leftover / "half.pdf").write_bytes(b"%PDF-1.4 half")
    s = Service(corpus_copy, Engine(corpus_copy), ask_threads=2)
    yield s
    s.shutdown()


def test_start_up_sweeps_what_killed_uploads_left(service):
    assert not list(service.config.corpus_dir.glob(STAGING + "*"))
    assert service.uptime >= 0 and service.counters.questions == 0


def test_reads_answer_from_the_index_off_the_event_loop(service):
    async def main():
        loop_thread = threading.current_thread()
        answer, reports, stats = await asyncio.gather(service.ask(QUESTION), service.reports(), service.stats())
        return loop_thread, answer, reports, stats

    loop_thread, answer, reports, stats = asyncio.run(main())
    assert answer.found and answer.figures[0].value_text == "298000元"
    assert sorted(r["source"] for r in reports) == sorted([NANYUE, ZHUHUI])
    assert stats["reports"] == 2 and stats["figures"] > 50
    workers = [t for t in threading.enumerate() if t.name.startswith("reportqa-ask")]
    assert workers and loop_thread not in workers  # the answers were worked out on the ask pool


def test_reports_found_by_part_of_their_name(service):
    async def main():
        found = await service.find_report("珠晖")
        rows = await service.figure_rows(found["source"])
        return found, rows

    found, rows = asyncio.run(main())
    assert found["source"] == ZHUHUI
    assert rows and {r["source"] for r in rows} == {ZHUHUI} and any(r["value_text"] == "298000元" for r in rows)
    with pytest.raises(AmbiguousReport):
        asyncio.run(service.find_report("总工会"))
    with pytest.raises(ReportNotFound):
        asyncio.run(service.find_report("不存在的报告"))


def test_uploads_are_refused_before_download_by_name_and_size(service):
    assert service.check_upload("../../报告.PDF", 1000) == "报告.pdf"
    service.config.telegram.max_upload_mb = 1
    with pytest.raises(UploadRejected, match="limit is 1 MB"):
        service.check_upload("big.pdf", 2 * 1024 * 1024)
    with pytest.raises(UploadRejected):
        service.check_upload(None, 10)
    with pytest.raises(UploadRejected):
        service.check_upload("tool.exe", 10)


def test_add_then_delete_on_the_admin_worker_and_counted(service):
    data = WELFARE_PDF.read_bytes()

    async def main():
        added = await service.add_report(data, WELFARE_PDF.name)
        again = await service.add_report(data, "copy.pdf")  # the same content: a duplicate, not counted
        answer = await service.ask("社会福利院2024年事业收入预算多少")
        deleted = await service.delete_report("社会福利院")
        return added, again, answer, deleted

    added, again, answer, deleted = asyncio.run(main())
    assert added.summary.added == [WELFARE_PDF.name] and again.duplicate_of == WELFARE_PDF.name
    assert service.counters.uploads == 1
    assert answer.found and "社会福利院" in answer.figures[0].doc  # the live engine follows the upload
    assert deleted.filename == WELFARE_PDF.name and not (service.config.corpus_dir / WELFARE_PDF.name).exists()
    assert asyncio.run(service.build()).unchanged == 2


def test_typing_is_shown_while_work_runs_and_stops_after():
    server = FakeTelegram().start()

    async def main():
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            async with chat_action(bot, 42):
                await asyncio.sleep(0.2)
            done = time.monotonic()
            await asyncio.sleep(0.5)
            return done

    try:
        done = asyncio.run(main())
        sent = server.calls_of("sendChatAction", chat_id=42)
        assert sent and all(c.params["action"] == "typing" for c in sent)
        assert all(c.at <= done for c in sent)  # nothing more once the block is over
    finally:
        server.stop()
