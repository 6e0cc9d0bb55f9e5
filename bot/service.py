"""What the handlers call: the engine, the index and corpus/, off the event loop.

Questions and reads run on a thread pool of their own; builds, uploads and deletes on a
single-thread pool (builds are serialised anyway), so a re-index never takes the threads that
answer questions. The engine keeps answering from the current index until a build swaps in the
new one.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, TypeVar

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import TelegramError

from index import admin, sandbox
from index.config import Config
from index.embedder import all_cores

from .access import Access, RateLimiter

log = logging.getLogger(__name__)
T = TypeVar("T")

TYPING_EVERY = 4.5  # seconds; Telegram shows a chat action for about 5


@dataclass
class Counters:
    questions: int = 0
    answered: int = 0
    not_found: int = 0
    rate_limited: int = 0
    uploads: int = 0
    errors: int = 0
    users: set[int] = field(default_factory=set)


class Service:
    """The bot's state and its blocking work, shared by all handlers via bot_data["service"]."""

    def __init__(self, config: Config, engine: Any, ask_threads: int | None = None):
        self.config = config
        self.engine = engine
        self.access = Access.from_config(config.telegram)
        self.limiter = RateLimiter(config.telegram.rate_limit_per_minute)
        # One answer worker per core: each encodes with one thread ([embedding] query_threads), so
        # more workers than cores only queue inside the CPU instead of here.
        self.ask_pool = ThreadPoolExecutor(ask_threads or all_cores(), thread_name_prefix="reportqa-ask")
        self.admin_pool = ThreadPoolExecutor(1, thread_name_prefix="reportqa-admin")
        self.started = time.monotonic()
        self.counters = Counters()
        self.reindexing: asyncio.Task | None = None
        admin.sweep_staging(config.corpus_dir)  # what uploads killed with the last run left

    @property
    def uptime(self) -> float:
        return time.monotonic() - self.started

    async def _run(self, pool: ThreadPoolExecutor, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, functools.partial(fn, *args, **kw))

    # ---- reads ---------------------------------------------------------------------------------

    async def load(self) -> None:
        """Load the model and the index now rather than on the first question."""
        await self._run(self.ask_pool, self.engine.load)

    async def ask(self, question: str) -> Any:
        return await self._run(self.ask_pool, self.engine.ask, question)

    async def reports(self) -> list[dict]:
        return await self._run(self.ask_pool, self.engine.reports)

    async def find_report(self, query: str) -> dict:
        """Exactly one indexed report by any part of its title or file name (or a ReportQAError)."""
        return admin.resolve_report(query, await self.reports())

    async def figure_rows(self, source: str) -> list[dict]:
        return await self._run(self.ask_pool, self.engine.figure_rows, source)

    async def stats(self) -> dict:
        return await self._run(self.ask_pool, self.engine.stats)

    # ---- writes --------------------------------------------------------------------------------

    def check_upload(self, file_name: str | None, size: int | None) -> str:
        """Refuse a document before downloading it: its safe name, or UploadRejected."""
        name = admin.safe_filename(file_name or "")
        admin.check_size(name, size, self.config.telegram.max_upload_mb)
        return name

    async def add_report(self, data: bytes, file_name: str) -> admin.AddResult:
        result = await self._run(self.admin_pool, admin.add_report, self.config, data, file_name)
        self.counters.uploads += 0 if result.duplicate_of else 1
        return result

    async def delete_report(self, query: str) -> admin.DeleteResult:
        reports = await self.reports()
        return await self._run(self.admin_pool, admin.delete_report, self.config, query, reports)

    async def build(self, full: bool = False) -> Any:
        from index.build import build_index
        return await self._run(self.admin_pool, build_index, self.config, full=full)

    def shutdown(self) -> None:
        sandbox.kill_running()  # an upload being read must not hold up the exit
        self.ask_pool.shutdown(wait=False, cancel_futures=True)
        self.admin_pool.shutdown(wait=False, cancel_futures=True)


@contextlib.asynccontextmanager
async def chat_action(bot: Bot, chat_id: int, action: str = ChatAction.TYPING,
                      after: float = 0.0) -> AsyncIterator[None]:
    """Show 'typing…' (or another action) in the chat while the block runs, starting once it has run
    `after` seconds: a reply sent sooner needs no indicator (Telegram shows one only while a reply is
    pending), and saves a request to the Bot API."""

    idle = asyncio.Event()  # clear while an action is on its way to Telegram
    idle.set()

    async def keep_showing() -> None:
        await asyncio.sleep(after)
        while True:
            idle.clear()
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, action)
            idle.set()
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        # An action on its way must reach Telegram before the reply, or the chat would show
        # 'typing…' for 5 s after the answer: let it finish (at most 2 s), then stop repeating.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(idle.wait(), 2)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
