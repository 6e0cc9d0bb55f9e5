"""Issue 12 through the real bot Application and the fake Bot API server: a trend question gets its
chart as a photo, then the cited text; a single figure gets no photo."""
from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from bot.app import build_application
from engine.answer import Engine
from helpers import copy_index
from fake_telegram import TOKEN, BotRunner, FakeTelegram

USER = 4242


@pytest.fixture(scope="module")
def bot(series_index, tmp_path_factory):
    server = FakeTelegram().start()
    cfg = copy_index(series_index, tmp_path_factory.mktemp("bot_series"))
    tg = cfg.telegram
    tg.allowed_users, tg.admins, tg.allowed_chats = [USER], [], []
    tg.base_url, tg.base_file_url = server.base_url, server.base_file_url
    runner = BotRunner(build_application(cfg, TOKEN, Engine(cfg)), server).start()
    yield server
    runner.stop()
    server.stop()


def test_trend_question_gets_a_photo_then_the_cited_text(bot):
    t0 = time.monotonic()
    bot.send_text(USER, "万里街道2023到2025年三公经费预算怎么变")
    photo = bot.wait_for("sendPhoto", chat_id=USER, where=lambda c: c.at >= t0, timeout=60)
    text = bot.wait_for("sendMessage", chat_id=USER, where=lambda c: c.at >= t0, timeout=60)
    assert photo.at <= text.at  # the chart first, the answer right after it
    image = Image.open(io.BytesIO(photo.files["photo"][1]))
    image.load()
    assert image.format == "PNG" and image.size[0] >= 800
    assert "三公经费" in photo.params["caption"]
    body = text.params["text"]
    assert "2023年" in body and "2024年" in body and "2025年" in body and "计算值" in body
    assert "出处" in body and "比2023年预算减少2.41万元" in body  # the cited sentence


def test_single_figure_gets_no_photo(bot):
    t0 = time.monotonic()
    bot.send_text(USER, "温州市公安局2026年共有车辆多少辆")
    text = bot.wait_for("sendMessage", chat_id=USER, where=lambda c: c.at >= t0, timeout=60)
    assert "86辆" in text.params["text"]
    assert not [c for c in bot.calls_of("sendPhoto", chat_id=USER) if c.at >= t0]
