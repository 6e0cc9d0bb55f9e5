"""Thin async handlers: one per command or kind of message, plus the access gate and the error
handler. The work happens in service.py (off the event loop) and format.py (HTML)."""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from engine import catalog
from engine.question import is_question
from index.errors import ReportQAError

from . import format as fmt
from . import texts
from .service import Service, chat_action

log = logging.getLogger(__name__)

KEEP_ANSWERS = 20  # answers per chat whose citations /source and the buttons can still show
FIGURES_PER_PAGE = 15
FIGURES_AS_CSV = 60  # more rows than this: a CSV document instead of pages
_ids = itertools.count(1)
# Button data the bot writes: anything else (crafted, or from an old version) is a stale button.
SOURCE_DATA = re.compile(r"src:(\d{1,12}):(\d{1,3})")
FIGURES_DATA = re.compile(r"fig:(\d{1,12}):(\d{1,5})")


def service(context: ContextTypes.DEFAULT_TYPE) -> Service:
    return context.bot_data["service"]


# ---- helpers -------------------------------------------------------------------------------------

async def send_html(message: Message, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply with HTML, split into messages Telegram accepts; buttons go under the last one."""
    parts = fmt.split_html(html)
    for i, part in enumerate(parts):
        await message.reply_html(part, reply_markup=markup if i == len(parts) - 1 else None)


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return service(context).access.is_admin(user.id if user else None)


def args_text(message: Message) -> str:
    """The text after the command (keeps spacing, unlike context.args)."""
    text = message.text or ""
    return text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""


def without_mention(message: Message, username: str) -> str:
    return (message.text or "").replace(f"@{username}", " ").strip()


def addressed_to_bot(message: Message, bot_id: int, username: str) -> bool:
    """In groups the bot listens to commands, @mentions and replies to its own messages only."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or message.caption or ""
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        return "@" not in command or command.split("@", 1)[1].lower() == username.lower()
    mentions = [*message.parse_entities([MessageEntityType.MENTION]).values(),
                *message.parse_caption_entities([MessageEntityType.MENTION]).values()]
    if any(m.lower() == f"@{username.lower()}" for m in mentions):
        return True
    reply = message.reply_to_message
    return bool(reply and reply.from_user and reply.from_user.id == bot_id)


class AddressedInGroup(filters.MessageFilter):
    """A group message that @mentions the bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return False
        bot = message.get_bot()
        return addressed_to_bot(message, bot.id, bot.username)


def remember_answer(context: ContextTypes.DEFAULT_TYPE, answer) -> str:
    """Keep the citations of this answer for /source and the buttons; returns its key."""
    kept: OrderedDict = context.chat_data.setdefault("answers", OrderedDict())
    key = str(next(_ids))
    kept[key] = list(answer.citations)
    while len(kept) > KEEP_ANSWERS:
        kept.popitem(last=False)
    context.chat_data["last_answer"] = key
    return key


def source_buttons(key: str, citations: list) -> InlineKeyboardMarkup | None:
    if not citations:
        return None
    buttons = [InlineKeyboardButton(f"出处 {c.n}", callback_data=f"src:{key}:{c.n}")
               for c in citations]
    return InlineKeyboardMarkup([buttons[i:i + 5] for i in range(0, len(buttons), 5)])


def figures_markup(key: str, page: int, pages: int) -> InlineKeyboardMarkup | None:
    if pages <= 1:
        return None
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◀ 上一页", callback_data=f"fig:{key}:{page - 1}"))
    if page < pages - 1:
        row.append(InlineKeyboardButton("下一页 ▶", callback_data=f"fig:{key}:{page + 1}"))
    return InlineKeyboardMarkup([row])


def figures_csv(rows: list[dict]) -> bytes:
    """All figure rows as CSV, the columns of `reportqa figures --csv` (UTF-8 with BOM, so Excel opens
    the Chinese right)."""
    return catalog.figures_csv(rows).encode("utf-8-sig")


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """The shared path of private messages, /ask, mentions and replies."""
    svc, message, user = service(context), update.effective_message, update.effective_user
    if not question:
        await message.reply_html(texts.EMPTY_QUESTION.format(example=fmt.esc(texts.EXAMPLES[0])))
        return
    if not is_question(question):  # emoji, a single character, invisible characters
        await message.reply_html(texts.NOT_A_QUESTION.format(example=fmt.esc(texts.EXAMPLES[0])))
        return
    wait = svc.limiter.check(user.id)
    if wait:
        svc.counters.rate_limited += 1
        await message.reply_text(texts.RATE_LIMITED.format(seconds=int(wait) + 1))
        return
    svc.counters.questions += 1
    svc.counters.users.add(user.id)
    async with chat_action(context.bot, message.chat_id, after=svc.config.telegram.typing_after_s):
        answer = await svc.ask(question)
    svc.counters.answered += 1 if answer.found else 0
    svc.counters.not_found += 0 if answer.found else 1
    key = remember_answer(context, answer)
    await send_chart(message, answer)
    await send_html(message, fmt.answer_html(answer), source_buttons(key, answer.citations))


async def send_chart(message: Message, answer) -> None:
    """A trend, ranking, total or comparison: its chart as a photo, before the cited text. Drawn off
    the event loop; a chart that cannot be drawn or sent never stops the text answer."""
    if not answer.found or not getattr(answer, "series", None) and answer.kind != "compare":
        return
    photo = await asyncio.to_thread(fmt.chart_png, answer)
    if photo is None:
        return
    try:
        await message.reply_photo(photo, caption=fmt.chart_caption(answer), parse_mode=ParseMode.HTML)
    except TelegramError as e:
        log.warning("chart not sent: %s", e)


async def show_figures_page(context: ContextTypes.DEFAULT_TYPE, key: str, page: int) -> tuple[str, InlineKeyboardMarkup | None] | None:
    saved = context.chat_data.get("figures", {}).get(key)
    if saved is None:
        return None
    title, source = saved
    rows = await service(context).figure_rows(source)
    pages = max(1, -(-len(rows) // FIGURES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    return fmt.figures_page_html(title, rows, page, FIGURES_PER_PAGE), figures_markup(key, page, pages)


async def run_reindex(context: ContextTypes.DEFAULT_TYPE, chat_id: int, full: bool) -> None:
    """The background part of /reindex: build, then report to the chat that asked."""
    try:
        summary = await service(context).build(full=full)
        text = texts.REINDEX_DONE.format(summary=fmt.esc(fmt.summary_text(summary)))
    except ReportQAError as e:
        log.info("re-index refused: %s", e)
        text = fmt.error_html(e)
    except Exception:
        log.exception("re-index failed")
        text = texts.REINDEX_FAILED.format(reason=texts.ERROR)
    for part in fmt.split_html(text):
        await context.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)


# ---- the gate (handler group -1) -----------------------------------------------------------------

async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let allowed users and chats through; refuse the others once, then ignore them."""
    chat, user, bot, message = update.effective_chat, update.effective_user, context.bot, update.message
    if user is None or chat is None or (update.callback_query is None and message is None):
        raise ApplicationHandlerStop  # edits, channel posts, membership changes: not for us
    if message is not None and not addressed_to_bot(message, bot.id, bot.username):
        raise ApplicationHandlerStop
    access = service(context).access
    if access.chat_allowed(user.id, chat.id, chat.type == ChatType.PRIVATE):
        return
    private = chat.type == ChatType.PRIVATE
    first = access.first_refusal(user.id if private else chat.id)
    log.info("refused user %s in chat %s%s", user.id, chat.id, "" if first else " (again, silently)")
    text = texts.REFUSED.format(user_id=user.id) if private else texts.REFUSED_GROUP
    if update.callback_query:
        await update.callback_query.answer()
    if first and update.effective_message:
        await bot.send_message(chat.id, text, parse_mode=ParseMode.HTML)
    raise ApplicationHandlerStop


# ---- staff ---------------------------------------------------------------------------------------

async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain the bot, with example questions (and the admin commands to admins)."""
    examples = "\n".join(f"• {fmt.esc(q)}" for q in texts.EXAMPLES)
    text = texts.HELP.format(examples=examples)
    if is_admin(update, context):
        text += texts.ADMIN_HELP
    await update.effective_message.reply_html(text)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question>."""
    await answer_question(update, context, args_text(update.effective_message))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message, a mention or a reply to the bot: a question."""
    await answer_question(update, context, without_mention(update.effective_message, context.bot.username))


async def reports(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reports: the indexed reports."""
    found = await service(context).reports()
    await send_html(update.effective_message, fmt.reports_html(found))


async def figures(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/figures <report>: its figures, paged, or as CSV when there are many."""
    query, message = args_text(update.effective_message), update.effective_message
    if not query:
        await message.reply_text(texts.FIGURES_USAGE)
        return
    report = await service(context).find_report(query)
    title, source = report.get("title") or report["source"], report["source"]
    rows = await service(context).figure_rows(source)
    if not rows:
        await message.reply_text(texts.NO_FIGURES.format(title=title))
    elif len(rows) > FIGURES_AS_CSV:
        caption = f"<b>{fmt.esc(title)}</b>\n共 {len(rows)} 个数字"
        await message.reply_document(figures_csv(rows), filename=f"{source.rsplit('.', 1)[0]}-figures.csv",
                                     caption=caption, parse_mode=ParseMode.HTML)
    else:
        key = str(next(_ids))
        context.chat_data.setdefault("figures", {})[key] = (title, source)
        html, markup = await show_figures_page(context, key, 0)
        await message.reply_html(html, reply_markup=markup)


async def figures_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """◀ / ▶ under a figures page: edit the message to show that page."""
    query = update.callback_query
    match = FIGURES_DATA.fullmatch(query.data or "")
    if match is None:  # PTB lets empty data past the handler's pattern
        return await stale_button(update, context)
    await query.answer()
    key, page = match.groups()
    shown = await show_figures_page(context, key, int(page))
    if shown is not None:
        await query.edit_message_text(shown[0], parse_mode=ParseMode.HTML, reply_markup=shown[1])


async def source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/source N: the whole passage of citation N of the last answer."""
    key = context.chat_data.get("last_answer")
    citations = context.chat_data.get("answers", {}).get(key) if key else None
    arg = args_text(update.effective_message)
    if not citations:
        await update.effective_message.reply_text(texts.NO_ANSWER_YET)
    elif not arg.isdigit() or not 1 <= int(arg) <= len(citations):
        await update.effective_message.reply_text(texts.SOURCE_USAGE.format(count=len(citations)))
    else:
        await send_html(update.effective_message, fmt.source_html(citations[int(arg) - 1]))


async def source_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A citation button: show that passage."""
    query = update.callback_query
    match = SOURCE_DATA.fullmatch(query.data or "")
    if match is None:  # PTB lets empty data past the handler's pattern
        return await stale_button(update, context)
    await query.answer()
    key, n = match.groups()
    citations = context.chat_data.get("answers", {}).get(key)
    if not citations or not 1 <= int(n) <= len(citations):
        await query.message.reply_text(texts.SOURCE_GONE)
    else:
        await send_html(query.message, fmt.source_html(citations[int(n) - 1]))


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other button data: answered (so the button stops spinning) with a short note."""
    log.info("unknown button data %r from user %s", (update.callback_query.data or "")[:64],
             update.effective_user.id)
    await update.callback_query.answer(texts.STALE_BUTTON)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have."""
    await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice and the like in a private chat."""
    await update.effective_message.reply_text(texts.NOT_TEXT)


# ---- admins --------------------------------------------------------------------------------------

async def admins_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs after the gate for admin commands and documents: non-admins get a refusal for admin commands and uploads."""
    if not is_admin(update, context):
        text = texts.UPLOAD_ADMINS_ONLY if update.effective_message.document else texts.ADMINS_ONLY
        await update.effective_message.reply_text(text)
        raise ApplicationHandlerStop


async def reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reindex [full]: re-index corpus/ in the background, report the summary when done."""
    svc, full = service(context), args_text(update.effective_message).lower() == "full"
    if svc.reindexing is not None and not svc.reindexing.done():
        await update.effective_message.reply_text(texts.REINDEX_RUNNING)
        return
    await update.effective_message.reply_text(texts.REINDEX_STARTED.format(full="（全量）" if full else ""))
    svc.reindexing = context.application.create_task(
        run_reindex(context, update.effective_chat.id, full), update=update)


async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document from an admin: store it in corpus/, index it, say what was extracted."""
    message, doc, svc = update.effective_message, update.effective_message.document, service(context)
    name = svc.check_upload(doc.file_name, doc.file_size)
    await message.reply_text(texts.UPLOAD_READING.format(name=name))
    async with chat_action(context.bot, message.chat_id, ChatAction.UPLOAD_DOCUMENT):
        data = await (await doc.get_file()).download_as_bytearray()
        result = await svc.add_report(bytes(data), doc.file_name)
    await send_html(message, upload_html(result))


def upload_html(result) -> str:
    if result.duplicate_of:
        return texts.UPLOAD_DUPLICATE.format(name=fmt.esc(result.filename), existing=fmt.esc(result.duplicate_of))
    i = result.info
    return texts.UPLOAD_DONE.format(
        verb="已替换" if result.replaced else "已添加", title=fmt.esc(i.get("title") or result.filename),
        region=fmt.esc(i.get("region") or "未识别"), year=fmt.esc(i.get("year") or "未识别"),
        kind=fmt.esc(i.get("kind") or "未识别"), figures=i.get("figures", 0),
        summary=fmt.esc(fmt.summary_text(result.summary) if result.summary else ""))


async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete <report>: remove it from corpus/ and the index."""
    query = args_text(update.effective_message)
    if not query:
        await update.effective_message.reply_text(texts.DELETE_USAGE)
        return
    result = await service(context).delete_report(query)
    await send_html(update.effective_message, texts.DELETED.format(
        title=fmt.esc(result.title), name=fmt.esc(result.filename),
        summary=fmt.esc(fmt.summary_text(result.summary))))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: index counts, uptime and usage."""
    svc = service(context)
    c = svc.counters
    extra = {"问题": c.questions, "有答案": c.answered, "无答案": c.not_found, "限流": c.rate_limited,
             "上传": c.uploads, "用户": len(c.users), "错误": c.errors}
    await update.effective_message.reply_html(fmt.stats_html(await svc.stats(), svc.uptime, extra))


# ---- errors --------------------------------------------------------------------------------------

async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the user something short, in Chinese (the reason, for mistakes they can
    fix). A network outage is one WARNING line and nothing is sent: the network is what failed."""
    error = context.error
    if isinstance(error, (NetworkError, Forbidden)):
        log.warning("Telegram %s: %s", "unreachable" if isinstance(error, NetworkError) else "refused",
                    " ".join(str(error).split())[:200])
        return
    if isinstance(error, ReportQAError):
        log.info("user error: %s", error)
        text = fmt.error_html(error)
    else:
        log.error("error handling update %s", update, exc_info=error)
        context.bot_data["service"].counters.errors += 1
        text = texts.ERROR
    if isinstance(update, Update) and update.effective_chat:
        if update.callback_query:  # a button must always be answered, or it keeps spinning
            with contextlib.suppress(TelegramError):  # already answered
                await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, text, parse_mode=ParseMode.HTML)
