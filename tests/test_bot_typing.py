"""The "typing…" indicator only for answers that keep a user waiting ([telegram] typing_after_s), and
the bot's connections to the Bot API (a small pool, reused). Against the fake Bot API server: the
chat_action block on its own, then the real Application, engine and index."""
from __future__ import annotations

import asyncio
import time

import pytest
from telegram import Bot

from bot.app import CONNECTION_POOL_SIZE, build_application
from bot.service import chat_action
from engine.answer import Engine
from helpers import ALLOWED, QUESTION, bot_config, replies
from fake_telegram import TOKEN, BotRunner, FakeTelegram
from index.config import load_config
from index.errors import ConfigError


@pytest.fixture
def server():
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


def run_block(server: FakeTelegram, seconds: float, after: float) -> tuple[float, float]:
    """Run a chat_action block that lasts `seconds`; returns when it started and ended."""

    async def main():
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            start = time.monotonic()
            async with chat_action(bot, 42, after=after):
                await asyncio.sleep(seconds)
            done = time.monotonic()
            await asyncio.sleep(0.3)  # anything still coming would arrive now
            return start, done

    return asyncio.run(main())


def test_work_done_sooner_than_the_delay_shows_no_typing(server):
    run_block(server, 0.05, after=1.0)
    assert server.calls_of("sendChatAction", chat_id=42) == []


def test_work_that_outlasts_the_delay_shows_typing_until_it_is_done(server):
    start, done = run_block(server, 0.8, after=0.3)
    sent = server.calls_of("sendChatAction", chat_id=42)
    assert len(sent) == 1 and sent[0].params["action"] == "typing"
    assert start + 0.3 <= sent[0].at <= done  # after the delay, and never after the block


def test_no_delay_shows_typing_at_once(server):
    start, done = run_block(server, 0.3, after=0)
    (sent,) = server.calls_of("sendChatAction", chat_id=42)
    assert sent.at - start < 0.25 and sent.at <= done


@pytest.fixture(scope="module")
def bot(corpus_index, tmp_path_factory):
    fake = FakeTelegram().start()
    cfg = bot_config(corpus_index, tmp_path_factory.mktemp("typing"), fake)
    app = build_application(cfg, TOKEN, Engine(cfg))
    runner = BotRunner(app, fake).start()
    yield fake, cfg.telegram
    runner.stop()
    fake.stop()


def test_a_fast_answer_is_one_message_and_no_typing(bot):
    server, telegram = bot
    telegram.typing_after_s = 30  # the handler reads the setting per question
    t0 = time.monotonic()
    server.send_text(ALLOWED[0], QUESTION)
    (reply,) = replies(server, ALLOWED[0], t0)
    assert "298000元" in reply.text
    time.sleep(0.3)
    assert server.calls_of("sendChatAction", chat_id=ALLOWED[0]) == []


def test_an_answer_still_pending_after_the_delay_shows_typing_before_it(bot):
    server, telegram = bot
    telegram.typing_after_s = 0  # every answer is "slow": typing is shown while it is worked out
    t0 = time.monotonic()
    server.send_text(ALLOWED[1], QUESTION)
    (reply,) = replies(server, ALLOWED[1], t0)
    (typing,) = server.calls_of("sendChatAction", chat_id=ALLOWED[1])
    assert typing.params["action"] == "typing" and t0 <= typing.at <= reply.at
    time.sleep(0.3)
    assert len(server.calls_of("sendChatAction", chat_id=ALLOWED[1])) == 1  # stopped with the reply


def test_more_replies_at_once_than_connections_all_arrive(bot):
    server, telegram = bot
    telegram.typing_after_s = 0  # a typing action and a reply each: twice the requests
    users = ALLOWED[2:2 + 3 * CONNECTION_POOL_SIZE]
    t0 = time.monotonic()
    for user in users:
        server.send_text(user, QUESTION)
    for user in users:
        (reply,) = replies(server, user, t0, timeout=60)
        assert "298000元" in reply.text
    refused = [c for c in server.calls if c.at >= t0 and c.error]
    assert refused == []


def test_typing_after_s_is_checked_in_config_toml(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[telegram]\ntyping_after_s = 0.5\n", encoding="utf-8")
    assert load_config(path).telegram.typing_after_s == 0.5
    path.write_text("[telegram]\ntyping_after_s = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[telegram\] typing_after_s = -1: expected a number of seconds"):
        load_config(path)
    path.write_text("[telegram]\n", encoding="utf-8")
    assert load_config(path).telegram.typing_after_s == 1.0  # the default
