"""bot/access.py: who may use the bot (fail closed) and the per-user rate limit, with an explicit clock."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.access import Access, RateLimiter
from index.config import TelegramConfig

USER, ADMIN, STRANGER, GROUP, OTHER_GROUP = 1, 2, 3, -100, -200


def access(users=(USER,), admins=(ADMIN,), chats=(GROUP,)) -> Access:
    tg = TelegramConfig()
    tg.allowed_users, tg.admins, tg.allowed_chats = list(users), list(admins), list(chats)
    return Access.from_config(tg)


def test_private_chats_are_for_allowed_users_and_admins():
    a = access()
    assert a.chat_allowed(USER, USER, private=True) and a.chat_allowed(ADMIN, ADMIN, private=True)
    assert not a.chat_allowed(STRANGER, STRANGER, private=True)
    assert not a.chat_allowed(None, None, private=True)


def test_groups_are_allowed_by_the_group_not_by_who_writes():
    a = access()
    assert a.chat_allowed(STRANGER, GROUP, private=False)
    assert not a.chat_allowed(USER, OTHER_GROUP, private=False)  # everyone there would see the answers
    assert not a.chat_allowed(ADMIN, OTHER_GROUP, private=False)


def test_empty_lists_allow_nobody():
    a = access(users=(), admins=(), chats=())
    assert not any(a.chat_allowed(u, c, p) for u, c, p in [(USER, USER, True), (USER, GROUP, False)])
    assert not a.is_admin(USER) and not a.is_admin(None)


def test_admins_only_by_id():
    a = access()
    assert a.is_admin(ADMIN) and not a.is_admin(USER) and not a.is_admin(None)


def test_refused_once_each_even_when_asked_at_the_same_time():
    a = access()
    with ThreadPoolExecutor(8) as pool:
        firsts = list(pool.map(lambda _: a.first_refusal(STRANGER), range(50)))
    assert firsts.count(True) == 1
    assert a.first_refusal(OTHER_GROUP) and not a.first_refusal(OTHER_GROUP)


def test_rate_limit_is_a_sliding_minute_per_user():
    limit = RateLimiter(3)
    assert [limit.check(USER, now=t) for t in (0, 1, 2)] == [0.0, 0.0, 0.0]
    assert limit.check(USER, now=10) == 50  # wait until the first question is a minute old
    assert limit.check(ADMIN, now=10) == 0.0  # another user is not affected
    assert limit.check(USER, now=60) == 0.0  # the first left the window; the refused one never counted
    assert limit.check(USER, now=60.5) == 0.5
    assert RateLimiter(3).check(USER, now=0) == 0.0


def test_the_wait_is_never_zero_and_no_limit_means_none():
    limit = RateLimiter(1)
    limit.check(USER, now=0)
    assert limit.check(USER, now=59.99) == 0.1  # a refusal always says to wait a little
    unlimited = RateLimiter(0)
    assert all(unlimited.check(USER, now=0) == 0.0 for _ in range(100))
