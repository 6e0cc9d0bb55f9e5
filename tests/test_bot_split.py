"""A reply longer than Telegram's 4096 characters, end to end. With 2000-character chunks and a
report whose one long section is a run of activities, the text answer (the passage plus the cited
passages) runs to several messages."""
from __future__ import annotations

import html
import re
import time

import pytest

from bot.app import build_application
from bot.format import answer_html
from engine.answer import Engine
from helpers import bot_config, replies
from index.build import build_index
from fake_telegram import TOKEN, BotRunner, FakeTelegram, _check_html

ACTIVITIES = ["职工技能培训", "劳动竞赛", "困难职工走访慰问", "法律法规宣讲", "女职工关爱活动",
              "职工文体活动", "安全生产检查", "新就业形态劳动者服务"]
QUESTION = "雁峰区总工会2022年工作开展情况怎么样"


def long_report() -> str:
    body = "".join(f"{1 + i % 12}月，区总工会组织开展了第{i}次{ACTIVITIES[i % len(ACTIVITIES)]}，"
                   f"覆盖基层工会{10 + i}个，参与职工{100 + 7 * i}人次，活动得到了广大职工的好评。"
                   for i in range(120))
    return f"雁峰区总工会2022年度工作总结\n一、工作开展情况\n{body}\n二、存在的问题\n经费使用进度偏慢。\n"


@pytest.fixture(scope="module")
def long_bot(corpus_index, tmp_path_factory):
    server = FakeTelegram().start()
    config = bot_config(corpus_index, tmp_path_factory.mktemp("split"), server)
    (config.corpus_dir / "雁峰区总工会2022年度工作总结.txt").write_text(long_report(), encoding="utf-8")
    config.chunk_size, config.chunk_overlap = 2000, 100
    assert build_index(config).rebuilt  # another chunk size: this index is its own, not a copy
    engine = Engine(config)
    runner = BotRunner(build_application(config, TOKEN, engine), server).start()
    yield server, engine
    runner.stop()
    server.stop()


def visible(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]*>", "", text)))


def test_long_answer_split_at_boundaries_with_balanced_tags(long_bot):
    server, engine = long_bot
    expected = engine.ask(QUESTION)
    assert len(answer_html(expected)) > 4096  # the premise: one message cannot hold it
    t0 = time.monotonic()
    server.send_text(130, QUESTION)
    parts = replies(server, 130, t0, count=2)
    time.sleep(0.5)  # let every part arrive
    parts = [c for c in server.calls_of("sendMessage", chat_id=130) if c.at >= t0]
    assert len(parts) >= 2
    for p in parts:
        assert len(p.text.encode("utf-16-le")) // 2 <= 4096
        _check_html(p.text)  # balanced tags, escaped text: Telegram would accept each part
    assert parts[0].text.startswith("<b>") and visible(expected.direct) in visible(parts[0].text)
    # nothing lost or repeated: the parts read as the whole answer
    whole = "".join(visible(p.text) for p in parts)
    for c in expected.citations:
        assert whole.count(visible(c.text)) >= 1
    assert whole.count(visible(expected.direct)) == 1
    # each cut is at a paragraph (between citations) or a sentence end, never mid-sentence
    for p in parts[:-1]:
        assert p.text.endswith("</blockquote>") or visible(p.text)[-1] in "。！？；", p.text[-80:]
    # the source buttons come with the last part only
    assert all(p.params.get("reply_markup") is None for p in parts[:-1])
    assert parts[-1].params["reply_markup"]["inline_keyboard"]
