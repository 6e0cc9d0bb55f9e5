"""The real bot Application, the real engine and index, against the fake Bot API server.

Read-only flows share one running bot: questions, citations, splitting, groups, access, commands.
Uploads, re-indexing and deletes are in test_bot_admin.py.
"""
from __future__ import annotations

import re
import time

import pytest

from bot import texts
from bot.app import build_application
from bot.format import figure_line
from bot.handlers import FIGURES_AS_CSV, FIGURES_PER_PAGE
from engine.answer import Engine
from engine.catalog import figure_rows
from helpers import ADMIN, GROUP, QUESTION, STRANGERS_GROUP, ZHUHUI, bot_config, quiet, replies
from fake_telegram import TOKEN, BotRunner, FakeTelegram, _check_html


@pytest.fixture(scope="module")
def bot(corpus_index, tmp_path_factory):
    server = FakeTelegram().start()
    cfg = bot_config(corpus_index, tmp_path_factory.mktemp("bot"), server, rate_limit_per_minute=5)
    app = build_application(cfg, TOKEN, Engine(cfg))
    runner = BotRunner(app, server).start()
    yield server
    runner.stop()
    server.stop()


def test_command_menus_registered_at_startup(bot):
    public, admin = bot.wait_for_all("setMyCommands", count=2)
    assert {"ask", "reports", "figures", "source", "help"} <= {c["command"] for c in public.params["commands"]}
    assert "scope" not in public.params
    assert admin.params["scope"] == {"type": "chat", "chat_id": ADMIN}
    assert {"reindex", "delete", "stats"} <= {c["command"] for c in admin.params["commands"]}


def test_question_answered_with_figure_and_citation(bot):
    t0 = time.monotonic()
    bot.send_text(101, QUESTION)
    (reply,) = replies(bot, 101, t0)
    html = reply.text
    assert reply.params["parse_mode"] == "HTML"
    assert "298000元" in html
    assert html.startswith("<b>") and "298000" in html.split("</b>", 1)[0]  # direct answer first, bold
    assert re.search(r"\n1\. .*珠晖区", html)  # numbered citation with the report
    assert "<blockquote expandable>" in html
    # whether "typing…" was shown depends on how long the answer took: test_bot_typing.py
    buttons = [b for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons[0]["text"] == "出处 1" and buttons[0]["callback_data"].startswith("src:")

    # the button shows the whole passage of citation 1
    sent = bot.message(101, reply_message_id(bot, reply))
    t1 = time.monotonic()
    query_id = bot.press_button(101, sent, buttons[0]["callback_data"])
    bot.wait_for("answerCallbackQuery", callback_query_id=query_id)
    (passage,) = replies(bot, 101, t1)
    assert passage.text.startswith("<b>出处 1</b>") and "298000元" in passage.text
    assert "<blockquote>" in passage.text

    # so does /source 1; /source 99 explains the range
    t2 = time.monotonic()
    bot.send_text(101, "/source 1")
    assert replies(bot, 101, t2)[0].text == passage.text
    t3 = time.monotonic()
    bot.send_text(101, "/source 99")
    assert "/source N" in replies(bot, 101, t3)[0].text


def reply_message_id(server, call):
    """The message_id the fake server gave to a sendMessage call."""
    return call.result["message_id"]


def test_html_and_script_in_question_echoed_safely(bot):
    t0 = time.monotonic()
    bot.send_text(103, '<script>alert("x")</script> 明天 & <b>天气</b> <a href="javascript:1">?')
    (reply,) = replies(bot, 103, t0)
    _check_html(reply.text)  # the fake server refuses bad HTML too, as Telegram would
    assert "<script>" not in reply.text and '<a href="javascript' not in reply.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in reply.text  # echoed, escaped
    assert "&lt;b&gt;天气&lt;/b&gt;" in reply.text

    t1 = time.monotonic()  # markup around a question that is answered
    bot.send_text(103, "/ask <i>珠晖区总工会</i>2022年困难职工帮扶支出 & </b>多少")
    answer = replies(bot, 103, t1)[0].text
    _check_html(answer)
    assert "298000元" in answer


def test_user_not_allowed_is_refused_once_and_gets_nothing(bot):
    stranger = 555
    t0 = time.monotonic()
    bot.send_text(stranger, QUESTION)
    (refusal,) = replies(bot, stranger, t0)
    assert "555" in refusal.text and "298000" not in refusal.text
    bot.send_text(stranger, "/reports")
    bot.send_text(stranger, "/figures 珠晖区")
    bot.send_text(stranger, "/source 1")
    bot.send_text(stranger, "/reindex")
    doc = bot.send_document(stranger, b"some text report", "report.txt")["document"]
    fake = {"message_id": 1, "date": 0, "chat": {"id": stranger, "type": "private"}, "text": "x"}
    query_id = bot.press_button(stranger, fake, "src:1:1")
    bot.wait_for("answerCallbackQuery", callback_query_id=query_id)
    quiet(bot, stranger, refusal.at + 0.001, seconds=1.5)
    assert not bot.calls_of("getFile", file_id=doc["file_id"])  # the upload was never fetched
    (answered,) = bot.calls_of("answerCallbackQuery", callback_query_id=query_id)
    assert "text" not in answered.params  # the button press just stops spinning
    assert not bot.calls_of("sendChatAction", chat_id=stranger)


def test_group_answers_commands_mentions_and_replies_only(bot):
    t0 = time.monotonic()
    bot.send_text(104, "今天开会吗？", chat=GROUP, chat_type="supergroup")
    bot.send_text(104, QUESTION, chat=GROUP, chat_type="supergroup")
    quiet(bot, GROUP, t0, seconds=1.0)

    bot.send_text(104, f"/ask {QUESTION}", chat=GROUP, chat_type="supergroup")
    (answer,) = replies(bot, GROUP, t0)
    assert "298000元" in answer.text
    assert answer.params["reply_parameters"]["message_id"]  # quoted in a group

    t1 = time.monotonic()
    bot.send_text(104, f"@reportqa_test_bot {QUESTION}", chat=GROUP, chat_type="supergroup")
    assert "298000元" in replies(bot, GROUP, t1)[0].text

    t2 = time.monotonic()
    mine = bot.message(GROUP, reply_message_id(bot, answer))
    bot.send_text(104, QUESTION, chat=GROUP, chat_type="supergroup", reply_to=mine)
    assert "298000元" in replies(bot, GROUP, t2)[0].text

    t3 = time.monotonic()
    bot.send_text(104, "/start@some_other_bot", chat=GROUP, chat_type="supergroup")
    quiet(bot, GROUP, t3, seconds=0.8)


def test_group_not_allowed_is_refused_once(bot):
    t0 = time.monotonic()
    bot.send_text(101, f"/ask {QUESTION}", chat=STRANGERS_GROUP, chat_type="group")
    (refusal,) = replies(bot, STRANGERS_GROUP, t0)
    assert refusal.text == texts.REFUSED_GROUP
    bot.send_text(102, f"/ask {QUESTION}", chat=STRANGERS_GROUP, chat_type="group")
    bot.send_text(102, f"@reportqa_test_bot {QUESTION}", chat=STRANGERS_GROUP, chat_type="group")
    quiet(bot, STRANGERS_GROUP, refusal.at + 0.001, seconds=1.0)


def test_help_reports_and_unknown_commands(bot):
    t0 = time.monotonic()
    bot.send_text(105, "/start")
    (help_,) = replies(bot, 105, t0)
    assert "/ask" in help_.text and texts.EXAMPLES[0] in help_.text and "/reindex" not in help_.text

    t1 = time.monotonic()
    bot.send_text(105, "/reports")
    listing = replies(bot, 105, t1)[0].text
    assert "南岳区总工会" in listing and "珠晖区总工会" in listing and "已索引 2 份报告" in listing

    t2 = time.monotonic()
    bot.send_text(105, "/nonsense <b>")
    assert replies(bot, 105, t2)[0].text == texts.UNKNOWN_COMMAND

    t3 = time.monotonic()
    bot.push_update({"message": {"message_id": 77, "date": int(time.time()),
                                 "chat": {"id": 105, "type": "private"},
                                 "from": {"id": 105, "is_bot": False, "first_name": "u"},
                                 "sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular",
                                             "width": 1, "height": 1, "is_animated": False,
                                             "is_video": False}}})
    assert replies(bot, 105, t3)[0].text == texts.NOT_TEXT

    t4 = time.monotonic()
    bot.send_text(105, "/ask")
    assert "/ask" in replies(bot, 105, t4)[0].text


def test_figures_paged_with_buttons(bot, corpus_index):
    rows = figure_rows(corpus_index, ZHUHUI)
    pages = -(-len(rows) // FIGURES_PER_PAGE)
    assert FIGURES_PER_PAGE * 2 < len(rows) <= FIGURES_AS_CSV  # the premise: three pages or more, no CSV
    t0 = time.monotonic()
    bot.send_text(106, "/figures 珠晖区")
    first = replies(bot, 106, t0)[0]
    assert not [c for c in bot.calls_of("sendDocument", chat_id=106) if c.at >= t0]
    _check_html(first.text)
    assert "珠晖区总工会" in first.text and f"共 {len(rows)} 个数字，第 1/{pages} 页" in first.text
    assert [figure_line(r) for r in rows[:FIGURES_PER_PAGE]] == first.text.split("\n\n", 1)[1].splitlines()
    (only,) = first.params["reply_markup"]["inline_keyboard"]  # page 1: only ▶
    assert [b["text"] for b in only] == ["下一页 ▶"]

    # ▶ edits the same message to page 2, which has both ◀ and ▶
    sent = bot.message(106, reply_message_id(bot, first))
    query_id = bot.press_button(106, sent, only[0]["callback_data"])
    bot.wait_for("answerCallbackQuery", callback_query_id=query_id)
    edit = bot.wait_for("editMessageText", chat_id=106, where=lambda c: c.at >= t0)
    _check_html(edit.text)
    assert edit.params["message_id"] == sent["message_id"]
    assert f"第 2/{pages} 页" in edit.text
    assert [figure_line(r) for r in rows[FIGURES_PER_PAGE:2 * FIGURES_PER_PAGE]] == \
        edit.text.split("\n\n", 1)[1].splitlines()
    assert [b["text"] for b in edit.params["reply_markup"]["inline_keyboard"][0]] == ["◀ 上一页", "下一页 ▶"]


def test_figures_ambiguous_and_unknown_reports(bot):
    t0 = time.monotonic()
    bot.send_text(107, "/figures 总工会")
    text = replies(bot, 107, t0)[0].text
    assert "南岳区" in text and "珠晖区" in text  # both candidates listed
    t1 = time.monotonic()
    bot.send_text(107, "/figures 不存在")
    assert "不存在" in replies(bot, 107, t1)[0].text


def test_non_admins_cannot_run_admin_commands(bot):
    for i, command in enumerate(["/reindex", "/delete 珠晖区", "/stats"]):
        t0 = time.monotonic()
        bot.send_text(108, command)
        assert replies(bot, 108, t0)[0].text == texts.ADMINS_ONLY
    t1 = time.monotonic()
    bot.send_document(108, b"a report", "report.txt")
    assert replies(bot, 108, t1)[0].text == texts.UPLOAD_ADMINS_ONLY
    time.sleep(0.3)
    assert not bot.calls_of("getFile")


def test_question_rate_limit_per_user(bot):
    t0 = time.monotonic()
    for _ in range(6):  # the module allows 5 a minute
        bot.send_text(109, QUESTION)
    sent = replies(bot, 109, t0, count=6)
    limited = [c for c in sent if c.text.startswith("提问太频繁")]
    assert len(limited) == 1
    assert sum("298000元" in c.text for c in sent) == 5
    t1 = time.monotonic()
    bot.send_text(110, QUESTION)  # another user is not affected
    assert "298000元" in replies(bot, 110, t1)[0].text


def test_flood_control_retry_after_is_respected(bot):
    bot.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    t0 = time.monotonic()
    bot.send_text(111, QUESTION)
    sent = replies(bot, 111, t0, count=2)  # the refused attempt, then the retry
    assert "298000元" in sent[1].text and sent[0].text == sent[1].text
    assert sent[1].at - sent[0].at >= 1.0
