"""bot/app.py: the Application is built with every handler in its group (the gate first, the admin
check next, then one handler per command or kind of message), against the configured Bot API, with
the service the handlers use; the token comes from the environment; reaching Telegram at start-up
retries with one warning per failed attempt and ends in one line. Real python-telegram-bot objects,
the fake Bot API server for the network."""
from __future__ import annotations

import asyncio
import logging
import socket

import pytest
from telegram import Bot
from telegram.ext import AIORateLimiter, CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler

from bot import handlers as h
from bot import texts
from bot.app import (ADMIN_COMMANDS, TOKEN_ENV, build_application, quiet_logs, reach_telegram,
                     token_from_env)
from bot.service import Service
from engine.answer import Engine
from fake_telegram import TOKEN, FakeTelegram
from helpers import copy_index
from index.errors import ReportQAError


@pytest.fixture(scope="module")
def server():
    s = FakeTelegram().start()
    yield s
    s.stop()


@pytest.fixture
def app(corpus_index, tmp_path, server):
    config = copy_index(corpus_index, tmp_path)
    config.telegram.base_url, config.telegram.base_file_url = server.base_url, server.base_file_url
    engine = Engine(config)
    application = build_application(config, TOKEN, engine)
    yield application
    application.bot_data["service"].shutdown()


def test_the_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, f"  {TOKEN}\n")
    assert token_from_env() == TOKEN
    monkeypatch.delenv(TOKEN_ENV)
    with pytest.raises(ReportQAError) as e:
        token_from_env()
    assert f"{TOKEN_ENV} is not set" in str(e.value) and "\n" not in str(e.value)
    monkeypatch.setenv(TOKEN_ENV, "   ")
    with pytest.raises(ReportQAError):
        token_from_env()


def test_the_application_talks_to_the_configured_bot_api(app, server):
    assert app.bot.base_url == f"{server.base_url}{TOKEN}"
    assert app.bot.base_file_url == f"{server.base_file_url}{TOKEN}"
    assert isinstance(app.bot.rate_limiter, AIORateLimiter)
    assert app.concurrent_updates  # one slow question never holds up the other chats
    assert app.bot.defaults.link_preview_options.is_disabled
    service = app.bot_data["service"]
    assert isinstance(service, Service) and isinstance(service.engine, Engine)


def commands(handler) -> set[str]:
    return set(handler.commands) if isinstance(handler, CommandHandler) else set()


def test_the_gate_runs_first_then_the_admin_check_then_the_handlers(app):
    assert sorted(app.handlers) == [-2, -1, 0]
    (gate,) = app.handlers[-2]
    assert isinstance(gate, TypeHandler) and gate.callback is h.gate
    admin_command, admin_upload = app.handlers[-1]
    assert commands(admin_command) == set(ADMIN_COMMANDS) and admin_command.callback is h.admins_only
    assert isinstance(admin_upload, MessageHandler) and admin_upload.callback is h.admins_only

    handlers = app.handlers[0]
    by_command = {c: x.callback for x in handlers for c in commands(x)}
    assert by_command == {"start": h.start, "help": h.start, "ask": h.ask, "reports": h.reports,
                          "figures": h.figures, "source": h.source, "reindex": h.reindex,
                          "delete": h.delete, "stats": h.stats}
    # every command in the menus has a handler
    assert {c for c, _ in texts.COMMANDS + texts.ADMIN_COMMANDS} <= set(by_command)
    buttons = [x for x in handlers if isinstance(x, CallbackQueryHandler)]
    assert [b.callback for b in buttons] == [h.source_button, h.figures_button, h.stale_button]
    assert buttons[-1].pattern is None  # any other data: the stale-button answer
    messages = [x.callback for x in handlers if isinstance(x, MessageHandler)]
    assert messages == [h.upload, h.unknown_command, h.text_message, h.text_message, h.not_text]
    assert app.error_handlers and list(app.error_handlers) == [h.error_handler]


def test_reaching_telegram_initialises_the_bot(server):
    bot = Bot(TOKEN, base_url=server.base_url)
    asyncio.run(reach_telegram(bot, server.base_url, attempts=1))
    assert bot.username == "reportqa_test_bot"
    assert server.calls_of("getMe")


def test_a_refused_token_is_one_line_without_retrying(server, caplog):
    bot = Bot("999:WRONG", base_url=server.base_url)
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        with pytest.raises(ReportQAError) as e:
            asyncio.run(reach_telegram(bot, server.base_url, attempts=5, delays=(0,)))
    assert "refused the token" in str(e.value) and TOKEN_ENV in str(e.value) and "\n" not in str(e.value)
    assert not caplog.records  # no retries: a wrong token stays wrong


def test_an_unreachable_bot_api_is_retried_then_one_line(caplog):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{closed.getsockname()[1]}/bot"
    closed.close()  # nothing listens there
    bot = Bot(TOKEN, base_url=url)
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        with pytest.raises(ReportQAError) as e:
            asyncio.run(reach_telegram(bot, url, attempts=3, delays=(0,)))
    assert str(e.value).startswith(f"cannot reach the Telegram Bot API at {url}")
    assert "after 3 attempts" in str(e.value) and "\n" not in str(e.value)
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2 and "attempt 1 of 3" in warnings[0] and "attempt 2 of 3" in warnings[1]
    assert all(r.levelno == logging.WARNING and not r.exc_info for r in caplog.records)


def test_request_logs_are_kept_to_warnings():
    """httpx logs every request URL, and the URL holds the token."""
    quiet_logs()
    assert logging.getLogger("httpx").level == logging.WARNING
    assert logging.getLogger("httpcore").level == logging.WARNING
