"""Telegram HTML for answers, reports and figures, and splitting long messages.

Everything that comes from a user, a report or the engine goes through `esc`. Telegram's HTML
parse mode allows a few tags only; we use <b>, <i>, <code> and <blockquote expandable>.
"""
from __future__ import annotations

import html
import logging
import re
from typing import Any, Iterable

from index.admin import AmbiguousReport, ReportNotFound, UploadRejected
from index.errors import IndexCorrupt, ModelNotFound, NoIndex, ReportQAError, UnreadableFile

from . import texts

LIMIT = 4096  # Telegram's maximum message length, in UTF-16 code units after entity parsing


def esc(text: Any) -> str:
    """Escape text for Telegram HTML (<, >, & and quotes)."""
    return html.escape(str(text), quote=True)


def answer_html(answer: Any) -> str:
    """An engine Answer: the direct answer in bold, breakdown lines, then numbered citations, each
    quote in an expandable blockquote. (When nothing was found, the engine's direct answer echoes
    the question: escaped like everything else.)"""
    parts = [f"<b>{esc(answer.direct)}</b>"]
    details = [d for d in (getattr(answer, "details", None) or []) if str(d).strip()]
    if details:
        parts.append("\n".join(f"• {esc(d)}" for d in details))
    citations = list(getattr(answer, "citations", None) or [])
    if citations:
        cited = []
        for c in citations:  # a blank line between citations: long replies split there first
            where = " · ".join(esc(x) for x in (c.doc, c.section) if x)
            cited.append(f"{c.n}. {where}\n<blockquote expandable>{esc(c.text)}</blockquote>")
        parts.append("<b>出处</b>\n" + "\n\n".join(cited))
        parts.append("<i>点按钮或发送 /source N 查看第 N 条出处的全文。</i>")
    return "\n\n".join(parts)


CAPTION_LIMIT = 1024  # Telegram's limit for a photo caption


def chart_png(answer: Any) -> bytes | None:
    """The chart of a trend, ranking, total or comparison as PNG, or None (nothing to draw, or no
    CJK font: the text answer is sent all the same)."""
    from engine.chart import ChartError, png

    try:
        return png(answer)
    except ChartError:
        logging.getLogger(__name__).warning("no chart: the CJK font is not installed (make install)")
        return None


def chart_caption(answer: Any) -> str:
    """The photo's caption: the direct answer; the cited text follows in its own message."""
    text = f"<b>{esc(answer.direct)}</b>"
    return text if _units(text) <= CAPTION_LIMIT else f"<b>{esc(answer.direct[:300])}…</b>"


def source_html(citation: Any) -> str:
    """The whole passage behind one citation."""
    head = f"<b>出处 {citation.n}</b>：{esc(citation.doc)}"
    if citation.section:
        head += f"\n<i>{esc(citation.section)}</i>"
    if getattr(citation, "source", ""):
        head += f"\n文件：<code>{esc(citation.source)}</code>"
    passage = getattr(citation, "passage", "") or citation.text
    return f"{head}\n\n<blockquote>{esc(passage)}</blockquote>"


def reports_html(reports: list[dict]) -> str:
    """/reports: one numbered entry per indexed report."""
    if not reports:
        return "索引里还没有报告。管理员可以直接发送 PDF/DOCX/TXT/MD 文件添加。"
    lines = [f"<b>已索引 {len(reports)} 份报告</b>"]
    for i, r in enumerate(reports, 1):
        meta = " · ".join(esc(x) for x in (r.get("region"), r.get("year"), r.get("kind")) if x)
        counts = f"{r.get('chunks', 0)} 段，{r.get('figures', 0)} 个数字"
        lines.append(f"{i}. <b>{esc(r.get('title') or r.get('source'))}</b>\n"
                     f"   {meta + '，' if meta else ''}{counts}\n"
                     f"   <code>{esc(r.get('source', ''))}</code>")
    return "\n".join(lines)


def figure_line(row: dict) -> str:
    """One figure row: label, value and the year or qualifier, all escaped."""
    label = row.get("label") or row.get("section") or ""
    value = row.get("value_text") or row.get("value")
    extra = " ".join(str(x) for x in (row.get("qualifier"), row.get("year")) if x)
    return f"• {esc(label)}：<b>{esc(value)}</b>" + (f" <i>{esc(extra)}</i>" if extra else "")


def figures_page_html(title: str, rows: list[dict], page: int, per_page: int) -> str:
    """One page of a report's figures."""
    pages = max(1, -(-len(rows) // per_page))
    chunk = rows[page * per_page:(page + 1) * per_page]
    head = f"<b>{esc(title)}</b>\n共 {len(rows)} 个数字，第 {page + 1}/{pages} 页"
    return head + "\n\n" + "\n".join(figure_line(r) for r in chunk)


def stats_html(stats: dict, uptime_s: float, extra: dict[str, Any]) -> str:
    """/stats."""
    up = int(uptime_s)
    d, h, m, s = up // 86400, up // 3600 % 24, up // 60 % 60, up % 60
    uptime = (f"{d} 天 " if d else "") + f"{h:02d}:{m:02d}:{s:02d}"
    lines = [f"<b>运行时间</b> {uptime}"]
    names = {"reports": "报告", "chunks": "段落", "figures": "数字", "model": "模型", "generation": "索引版本"}
    lines += [f"{esc(names.get(k, k))}：{esc(v)}" for k, v in stats.items()]
    lines += [f"{esc(k)}：{esc(v)}" for k, v in extra.items()]
    return "\n".join(lines)


# ---- build summaries and errors, in Chinese -----------------------------------------------------

def summary_text(summary: Any) -> str:
    """A BuildSummary for a person (plain text: escape before sending as HTML)."""
    lines = [texts.SUMMARY.format(
        what=texts.SUMMARY_REBUILT if summary.rebuilt else texts.SUMMARY_UPDATED,
        added=len(summary.added), updated=len(summary.updated), removed=len(summary.removed),
        skipped=len(summary.skipped), unchanged=summary.unchanged, chunks=summary.chunks,
        figures=summary.figures, seconds=summary.seconds)]
    lines += [texts.SUMMARY_SKIPPED.format(name=name, reason=texts.read_reason(reason))
              for name, reason in summary.skipped]
    return "\n".join(lines)


def error_html(error: ReportQAError) -> str:
    """What the bot says about an error a person can act on, in Chinese (error.details holds the
    parts; str(error) is the English line for the log)."""
    d = {k: esc(v) if isinstance(v, str) else v for k, v in getattr(error, "details", {}).items()}
    if isinstance(error, UnreadableFile):
        name, reason = texts.unreadable(str(error))
        return texts.UPLOAD_FAILED.format(reason=esc(f"{name}：{reason}" if name else reason))
    if isinstance(error, UploadRejected) and d.get("kind") in texts.UPLOAD_REJECTED:
        return texts.USER_ERROR.format(message=texts.UPLOAD_REJECTED[d["kind"]].format(**d))
    if isinstance(error, AmbiguousReport):
        listed = "\n".join(f"• {esc(c)}" for c in error.candidates[:10])
        return texts.USER_ERROR.format(message=texts.AMBIGUOUS_REPORT.format(
            query=d.get("query", ""), count=len(error.candidates), reports=listed))
    if isinstance(error, ReportNotFound):
        return texts.USER_ERROR.format(message=texts.NO_SUCH_REPORT.format(query=d.get("query", "")))
    for kind, text in ((IndexCorrupt, texts.INDEX_DAMAGED), (NoIndex, texts.NO_INDEX),
                       (ModelNotFound, texts.MODEL_MISSING)):
        if isinstance(error, kind):
            return texts.USER_ERROR.format(message=text)
    if type(error).__name__ == "BuildError":
        return texts.USER_ERROR.format(message=texts.BUILD_REFUSED)
    return texts.USER_ERROR.format(message=texts.OTHER_ERROR)


# ---- splitting -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"<[^>]*>|&[#a-zA-Z0-9]+;|[^<&]|[<&]", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_SENTENCE_END = set("。！？；!?;")
# break priorities: paragraph > line > sentence > space
_PARAGRAPH, _LINE, _SENTENCE, _SPACE = 4, 3, 2, 1


def _units(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    """Split Telegram HTML into messages of at most `limit` UTF-16 units (counting the markup, so
    the visible text is always within Telegram's limit). Cuts at a paragraph break if one is in
    the latter part of the message, else a line break, a sentence end, a space, or anywhere but
    inside a tag or an entity. Tags open at a cut are closed and reopened in the next message."""
    if _units(text) <= limit:
        return [text] if text.strip() else []
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    i = 0
    stack: list[tuple[str, str]] = []  # open tags (name, full opening tag) at tokens[i]
    while i < len(tokens):
        prefix = "".join(tag for _, tag in stack)
        cur_stack = list(stack)
        size = _units(prefix)
        best: dict[int, tuple[int, list[tuple[str, str]]]] = {}  # priority → (cut index, stack)
        j = i
        prev = ""
        while j < len(tokens):
            tok = tokens[j]
            closing = _units("".join(f"</{n}>" for n, _ in reversed(cur_stack)))
            new_stack = _apply(cur_stack, tok)
            new_closing = _units("".join(f"</{n}>" for n, _ in reversed(new_stack)))
            if size + _units(tok) + max(closing, new_closing) > limit and j > i:
                break
            size += _units(tok)
            cur_stack = new_stack
            j += 1
            if not tok.startswith("<"):
                prio = (_PARAGRAPH if tok == "\n" and prev == "\n" else _LINE if tok == "\n"
                        else _SENTENCE if tok in _SENTENCE_END else _SPACE if tok == " " else 0)
                if prio and size >= limit * 0.3:
                    best[prio] = (j, list(cur_stack))
                prev = tok
        if j >= len(tokens):
            cut, cut_stack = j, cur_stack
        elif best:
            cut, cut_stack = best[max(best)]
        else:
            cut, cut_stack = j, cur_stack
        body = prefix + "".join(tokens[i:cut]) + "".join(f"</{n}>" for n, _ in reversed(cut_stack))
        if _visible(body).strip():
            out.append(_trim(body))
        i = cut
        stack = cut_stack
        while i < len(tokens) and tokens[i] in ("\n", " "):  # no leading blank lines
            i += 1
    return out


def _apply(stack: list[tuple[str, str]], tok: str) -> list[tuple[str, str]]:
    m = _TAG.match(tok)
    if not m or not tok.endswith(">"):
        return stack
    closing, name = m.group(1), m.group(2).lower()
    if closing:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == name:
                return stack[:k]
        return stack
    if tok.endswith("/>"):
        return stack
    return stack + [(name, tok)]


def _visible(s: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", s))


def _trim(s: str) -> str:
    """Drop trailing blank lines before the closing tags."""
    s = re.sub(r"<([a-zA-Z][a-zA-Z-]*)(?:\s[^>]*)?></\1>", "", s)  # empty pairs from a hard cut
    m = re.search(r"((?:</[a-zA-Z-]+>)*)$", s)
    tail = m.group(1) if m else ""
    head = s[: len(s) - len(tail)].rstrip("\n ")
    return head + tail


def chunks_text(lines: Iterable[str], limit: int = LIMIT) -> list[str]:
    """Pack ready HTML lines into as few messages as possible, never splitting a line (unless a
    single line is over the limit, then split_html does it)."""
    out: list[str] = []
    cur = ""
    for line in lines:
        candidate = f"{cur}\n{line}" if cur else line
        if _units(candidate) <= limit:
            cur = candidate
            continue
        if cur:
            out.append(cur)
        if _units(line) <= limit:
            cur = line
        else:
            out.extend(split_html(line, limit))
            cur = ""
    if cur:
        out.append(cur)
    return out
