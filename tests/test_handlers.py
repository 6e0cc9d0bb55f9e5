"""bot/handlers.py, the parts a handler decides by itself: which group messages are addressed to the
bot, the question text of a command or a mention, the citation and page buttons and the data they
carry, the answers kept per chat for /source, the figures CSV and the upload reply. Real
python-telegram-bot objects (Message, a real Application's CallbackContext); the end-to-end flows
through the fake Bot API server are in test_bot*.py."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest
from telegram import Chat, Message, MessageEntity, User
from telegram.ext import ApplicationBuilder, CallbackContext

from bot import handlers as h
from bot import texts
from engine.catalog import FIGURE_COLUMNS
from engine.model import Answer, Citation
from fake_telegram import BOT_ID, BOT_USERNAME, TOKEN
from index.admin import AddResult
from index.build import BuildSummary

NOW = datetime(2024, 1, 1, tzinfo=timezone.utc)
BOT = User(BOT_ID, "ReportQA", is_bot=True, username=BOT_USERNAME)
PERSON = User(7, "员工", is_bot=False)


def message(text: str, chat_type: str = Chat.SUPERGROUP, entities=(), reply_to: Message | None = None,
            caption: str | None = None) -> Message:
    chat = Chat(7 if chat_type == Chat.PRIVATE else -100, chat_type)
    return Message(1, NOW, chat, from_user=PERSON, text=None if caption else text, caption=caption,
                   entities=None if caption else entities, caption_entities=entities if caption else None,
                   reply_to_message=reply_to)


def mention(text: str, name: str = BOT_USERNAME) -> tuple[MessageEntity]:
    at = text.index("@" + name)
    return (MessageEntity(MessageEntity.MENTION, len(text[:at].encode("utf-16-le")) // 2, len(name) + 1),)


def addressed(msg: Message) -> bool:
    return h.addressed_to_bot(msg, BOT_ID, BOT_USERNAME)


def test_private_messages_are_always_addressed_to_the_bot():
    assert addressed(message("随便说点什么", Chat.PRIVATE))


def test_in_groups_commands_mentions_and_replies_only():
    assert not addressed(message("今天开会吗？"))
    assert addressed(message("/ask 编制多少人"))
    assert addressed(message(f"/ask@{BOT_USERNAME} 编制多少人"))
    assert addressed(message(f"/ASK@{BOT_USERNAME.upper()} 编制多少人"))  # usernames ignore case
    assert not addressed(message("/start@some_other_bot"))
    text = f"珠晖区 @{BOT_USERNAME} 编制多少人"
    assert addressed(message(text, entities=mention(text)))
    assert not addressed(message(text))  # the name typed without Telegram marking a mention
    other = "问问 @someone_else 吧"
    assert not addressed(message(other, entities=mention(other, "someone_else")))
    assert addressed(message("", caption=text, entities=mention(text)))  # a document's caption
    mine = Message(2, NOW, Chat(-100, Chat.SUPERGROUP), from_user=BOT, text="回答")
    theirs = Message(3, NOW, Chat(-100, Chat.SUPERGROUP), from_user=PERSON, text="别人的话")
    assert addressed(message("那南岳区呢？", reply_to=mine))
    assert not addressed(message("那南岳区呢？", reply_to=theirs))


def test_the_question_is_the_text_after_the_command_or_without_the_mention():
    assert h.args_text(message("/ask   珠晖区  困难职工 帮扶")) == "珠晖区  困难职工 帮扶"  # spacing kept
    assert h.args_text(message("/ask")) == "" and h.args_text(message("/ask   ")) == ""
    assert h.without_mention(message(f"@{BOT_USERNAME} 编制多少人"), BOT_USERNAME) == "编制多少人"
    assert h.without_mention(message(f"编制@{BOT_USERNAME}多少人"), BOT_USERNAME) == "编制 多少人"


def citations(n: int) -> list[Citation]:
    return [Citation(i, "报告", "a.txt", "一、", f"第{i}句", f"第{i}段", 1.0 / i) for i in range(1, n + 1)]


def test_source_buttons_five_a_row_with_data_the_handler_reads_back():
    assert h.source_buttons("9", []) is None
    markup = h.source_buttons("42", citations(7))
    rows = markup.inline_keyboard
    assert [len(r) for r in rows] == [5, 2]
    buttons = [b for r in rows for b in r]
    assert [b.text for b in buttons] == [f"出处 {i}" for i in range(1, 8)]
    for i, b in enumerate(buttons, start=1):
        assert h.SOURCE_DATA.fullmatch(b.callback_data).groups() == ("42", str(i))
        assert len(b.callback_data.encode()) <= 64  # Telegram's limit on callback data


def test_page_buttons_show_only_the_ways_that_lead_somewhere():
    assert h.figures_markup("5", 0, 1) is None
    labels = lambda page, pages: [b.text for b in h.figures_markup("5", page, pages).inline_keyboard[0]]  # noqa: E731
    assert labels(0, 3) == ["下一页 ▶"]
    assert labels(1, 3) == ["◀ 上一页", "下一页 ▶"]
    assert labels(2, 3) == ["◀ 上一页"]
    data = [b.callback_data for b in h.figures_markup("5", 1, 3).inline_keyboard[0]]
    assert [h.FIGURES_DATA.fullmatch(d).groups() for d in data] == [("5", "0"), ("5", "2")]


@pytest.mark.parametrize("crafted", ["src:1", "src:x:1", "src:1:1:1", "src:" + "9" * 13 + ":1", "fig:1:-1",
                                     "fig:1:123456", "", "src:1:1 "])
def test_crafted_button_data_matches_neither_pattern(crafted):
    assert not h.SOURCE_DATA.fullmatch(crafted) and not h.FIGURES_DATA.fullmatch(crafted)


def test_the_last_answers_of_a_chat_are_kept_for_source():
    app = ApplicationBuilder().token(TOKEN).build()  # real, never started: no network
    context = CallbackContext(app, chat_id=7, user_id=7)
    keys = [h.remember_answer(context, Answer(question=f"q{i}", found=True, direct="", citations=citations(2)))
            for i in range(h.KEEP_ANSWERS + 3)]
    kept = context.chat_data["answers"]
    assert list(kept) == keys[3:]  # the oldest three were dropped
    assert context.chat_data["last_answer"] == keys[-1] and len(set(keys)) == len(keys)
    assert kept[keys[-1]] == citations(2)
    other = CallbackContext(app, chat_id=8, user_id=8)
    assert "answers" not in other.chat_data  # per chat


def test_figures_csv_opens_in_excel_with_the_cli_columns():
    data = h.figures_csv([{c: f"值{i}" for i, c in enumerate(FIGURE_COLUMNS)}])
    assert data.startswith("\ufeff".encode("utf-8"))  # the BOM Excel needs for UTF-8
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert list(row) == FIGURE_COLUMNS and row["label"] == "值3"


def test_the_upload_reply_says_what_was_read_escaped():
    summary = BuildSummary(added=["<b>.txt"], chunks=12, figures=30, seconds=1.5)
    added = h.upload_html(AddResult("<b>.txt", {"title": "A&B<报告>", "region": "珠晖区", "year": 2022,
                                                  "kind": "绩效评价", "figures": 30}, summary=summary))
    assert added.startswith("已添加《A&amp;B&lt;报告&gt;》") and "地区：珠晖区" in added and "年度：2022" in added
    assert "提取到 30 个数字" in added and "新增 1" in added and "<b>" not in added
    unknown = h.upload_html(AddResult("x.txt", {}, replaced=True, summary=summary))
    assert unknown.startswith("已替换《x.txt》") and "地区：未识别" in unknown and "类型：未识别" in unknown
    duplicate = h.upload_html(AddResult("copy.txt", duplicate_of="原件.txt"))
    assert duplicate == texts.UPLOAD_DUPLICATE.format(name="copy.txt", existing="原件.txt")
