"""Who may use the bot, and how often.

Rules (fail closed: empty lists mean nobody but the admins):
- a private chat is allowed when the user is in allowed_users or admins, or the chat in allowed_chats;
- a group is allowed when the group's id is in allowed_chats (an allowed user in a group that is
  not allowed is refused: everyone in that group would see the answers);
- admin commands and uploads need the user in admins, in an allowed chat.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from index.config import TelegramConfig


@dataclass
class Access:
    """The allow-lists, plus the set of users and chats already refused (refused once only)."""

    allowed_users: frozenset[int]
    allowed_chats: frozenset[int]
    admins: frozenset[int]
    refused: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_config(cls, tg: TelegramConfig) -> "Access":
        return cls(frozenset(tg.allowed_users), frozenset(tg.allowed_chats), frozenset(tg.admins))

    def chat_allowed(self, user_id: int | None, chat_id: int | None, private: bool) -> bool:
        if chat_id is not None and chat_id in self.allowed_chats:
            return True
        if private and user_id is not None:
            return user_id in self.allowed_users or user_id in self.admins
        return False

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def first_refusal(self, key: int) -> bool:
        """True the first time `key` (a user, or a group) is refused; False ever after."""
        with self._lock:
            if key in self.refused:
                return False
            self.refused.add(key)
            return True


class RateLimiter:
    """A sliding one-minute window of questions per user."""

    def __init__(self, per_minute: int, window: float = 60.0):
        self.per_minute = per_minute
        self.window = window
        self._hits: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, user_id: int, now: float | None = None) -> float:
        """Record a question; 0 if allowed, else the seconds to wait (the question is not counted)."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(user_id, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(0.1, self.window - (now - hits[0]))
            hits.append(now)
            return 0.0
