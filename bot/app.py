"""Building and running the bot's Application (python-telegram-bot v22, long polling).

    from bot.app import run
    run(load_config())          # reads TELEGRAM_BOT_TOKEN from the environment
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler,
                          CommandHandler, Defaults, MessageHandler, TypeHandler, filters)

from index import sandbox
from index.config import Config
from index.errors import ReportQAError

from . import handlers as h
from . import texts
from .request import JsonBodyRequest
from .service import Service

log = logging.getLogger(__name__)

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
RETRY_DELAYS = (1, 2, 4, 8, 15, 30)  # seconds between start-up attempts to reach the Bot API
ADMIN_COMMANDS = ["reindex", "delete", "stats"]
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
# Connections to the Bot API for everything but getUpdates. PTB's default is 256, but httpcore checks
# every idle connection of the pool on each request (and counts the idle ones once per idle one), so
# a pool that grew to one connection per chat costs CPU on every message; a few connections, kept
# alive and reused, carry Telegram's 30 messages a second. A request waits for a free connection for
# up to POOL_TIMEOUT seconds (PTB's 1 s would drop replies in a burst) instead of failing.
CONNECTION_POOL_SIZE = 8
POOL_TIMEOUT = 30.0


def token_from_env() -> str:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ReportQAError(f"{TOKEN_ENV} is not set: create a bot with @BotFather and "
                            f"export {TOKEN_ENV}=<token> (see the README)")
    return token


def build_application(config: Config, token: str, engine: Any = None,
                      rate_limiter: AIORateLimiter | None = None,
                      ask_threads: int | None = None) -> Application:
    """The Application with every handler; `engine` defaults to engine.answer.Engine(config)."""
    if engine is None:
        from engine.answer import Engine
        engine = Engine(config)
    tg = config.telegram
    app = (ApplicationBuilder()
           .token(token)
           .base_url(tg.base_url)
           .base_file_url(tg.base_file_url)
           .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
           .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
           .concurrent_updates(True)  # one slow question never holds up the other chats
           .request(bot_request())
           .post_init(post_init)
           .post_shutdown(post_shutdown)
           .build())
    app.bot_data["service"] = Service(config, engine, ask_threads=ask_threads)
    add_handlers(app)
    return app


def bot_request() -> JsonBodyRequest:
    """The HTTP client for the bot's calls: JSON bodies (bot/request.py), a small reused pool."""
    return JsonBodyRequest(connection_pool_size=CONNECTION_POOL_SIZE, pool_timeout=POOL_TIMEOUT)


def add_handlers(app: Application) -> None:
    app.add_handler(TypeHandler(Update, h.gate), group=-2)
    app.add_handlers([CommandHandler(ADMIN_COMMANDS, h.admins_only),
                      MessageHandler(filters.Document.ALL, h.admins_only)], group=-1)
    app.add_handlers([
        CommandHandler(["start", "help"], h.start),
        CommandHandler("ask", h.ask),
        CommandHandler("reports", h.reports),
        CommandHandler("figures", h.figures),
        CommandHandler("source", h.source),
        CommandHandler("reindex", h.reindex),
        CommandHandler("delete", h.delete),
        CommandHandler("stats", h.stats),
        CallbackQueryHandler(h.source_button, pattern=h.SOURCE_DATA.pattern + r"\Z"),
        CallbackQueryHandler(h.figures_button, pattern=h.FIGURES_DATA.pattern + r"\Z"),
        CallbackQueryHandler(h.stale_button),
        MessageHandler(filters.Document.ALL, h.upload),
        MessageHandler(filters.COMMAND, h.unknown_command),
        MessageHandler(filters.TEXT & filters.ChatType.PRIVATE, h.text_message),
        MessageHandler(filters.TEXT & h.AddressedInGroup(), h.text_message),
        MessageHandler(filters.ChatType.PRIVATE, h.not_text),
    ])
    app.add_error_handler(h.error_handler)


async def post_init(app: Application) -> None:
    """Register the command menus (admins get theirs), then load the model and the index."""
    public = [BotCommand(c, d) for c, d in texts.COMMANDS]
    await app.bot.set_my_commands(public)
    service: Service = app.bot_data["service"]
    for admin in sorted(service.access.admins):
        try:  # fails for an admin who has not started a chat with the bot yet
            await app.bot.set_my_commands(public + [BotCommand(c, d) for c, d in texts.ADMIN_COMMANDS],
                                          scope=BotCommandScopeChat(admin))
        except TelegramError as e:
            log.warning("admin command menu for %s not set: %s", admin, e)
    try:
        await service.load()
    except ReportQAError as e:  # e.g. no index yet: the bot still runs, admins can upload
        log.warning("engine not loaded: %s", e)
    me = app.bot.username
    log.info("bot @%s ready: %d allowed users, %d allowed chats, %d admins", me,
             len(service.access.allowed_users), len(service.access.allowed_chats),
             len(service.access.admins))


async def post_shutdown(app: Application) -> None:
    app.bot_data["service"].shutdown()


def quiet_logs() -> None:
    """httpx logs every request at INFO (with the token in the URL): keep it to warnings."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def reach_telegram(bot: Bot, base_url: str, attempts: int, delays=RETRY_DELAYS) -> None:
    """Initialise the bot (getMe), retrying while the Bot API cannot be reached; one WARNING line per
    failed attempt, and a ReportQAError (one line for the operator) when every attempt failed."""
    for attempt in range(1, attempts + 1):
        try:
            await bot.initialize()
            return
        except InvalidToken as e:
            raise ReportQAError(f"the Telegram Bot API at {base_url} refused the token in {TOKEN_ENV} "
                                f"({e}): check it with @BotFather") from None
        except NetworkError as e:
            reason = " ".join(str(e).split())[:160] or type(e).__name__
            if attempt == attempts:
                raise ReportQAError(f"cannot reach the Telegram Bot API at {base_url} ({reason}) after "
                                    f"{attempts} attempts: check [telegram] base_url and the network") from None
            delay = delays[min(attempt, len(delays)) - 1]
            log.warning("Telegram Bot API at %s not reachable (%s); attempt %d of %d, next in %d s",
                        base_url, reason, attempt, attempts, delay)
            await asyncio.sleep(delay)


def run(config: Config, token: str | None = None) -> None:
    """Run the bot with long polling until interrupted (Ctrl-C, SIGTERM)."""
    token = token or token_from_env()
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("bot").setLevel(logging.INFO)  # startup and refusals (with ids) in the service log
    quiet_logs()
    tg = config.telegram
    if not (tg.allowed_users or tg.allowed_chats or tg.admins):
        log.warning("[telegram] allowed_users, allowed_chats and admins are all empty: "
                    "the bot will refuse everyone")
    app = build_application(config, token)
    # One event loop for the start-up check and the bot (run_polling takes the current loop).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(reach_telegram(app.bot, tg.base_url, tg.connect_retries))

    def stop() -> None:
        # An upload being read in a child process would hold up the Application's graceful stop
        # (it waits for running handlers): kill the child first, then stop as PTB does.
        sandbox.kill_running()
        raise SystemExit

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop)
    app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False, stop_signals=None,
                    bootstrap_retries=3)
