"""What the bot says, in one place. Everything the bot says to a person is Chinese (the reports and
their readers are Chinese); the CLI and the logs speak English to operators. Errors carry their
English one-line message for operators and their parts in `details`; `error_text` words them here.
"""
import re

EXAMPLES = [
    "南岳区总工会2022年基本支出多少？",
    "珠晖区总工会2022年的职工活动经费有多少？",
    "社会福利院2024年事业收入预算多少？",
]

HELP = (
    "<b>预算与绩效报告问答</b>\n"
    "直接发送问题（群里用 /ask 问题，或 @我，或回复我的消息），我从已索引的报告中找答案，"
    "给出数字和出处。\n\n"
    "<b>例如</b>\n{examples}\n\n"
    "<b>命令</b>\n"
    "/ask 问题 — 提问\n"
    "/reports — 已索引的报告\n"
    "/figures 报告名 — 某份报告里的全部数字\n"
    "/source N — 上一个回答第 N 条出处的全文\n"
    "/help — 本说明"
)

ADMIN_HELP = (
    "\n\n<b>管理员</b>\n"
    "发送 PDF/DOCX/TXT/MD 文件 — 加入语料库并索引\n"
    "/reindex — 重建索引（/reindex full 全量重建）\n"
    "/delete 报告名 — 从语料库和索引中删除\n"
    "/stats — 数量与运行时间"
)

REFUSED = ("抱歉，这个机器人只对授权用户开放。如需使用，请把你的数字 ID <code>{user_id}</code> "
           "发给管理员。")
REFUSED_GROUP = "抱歉，这个群没有获得使用授权。"
ADMINS_ONLY = "只有管理员可以使用这个命令。"
UPLOAD_ADMINS_ONLY = "只有管理员可以上传报告。"
RATE_LIMITED = "提问太频繁了，请 {seconds} 秒后再问。"
EMPTY_QUESTION = "请在命令后写上问题，例如：\n/ask {example}"
NOT_A_QUESTION = "请用中文写出要查的内容（报告、年份和数字名称），例如：\n{example}"
STALE_BUTTON = "这个按钮已失效，请重新提问。"
UNKNOWN_COMMAND = "没有这个命令。发送 /help 查看可用命令。"
NOT_TEXT = "请用文字提问。发送 /help 查看说明。"
NO_ANSWER_YET = "还没有可以查看出处的回答，先提一个问题吧。"
SOURCE_USAGE = "用法：/source N，N 是上一个回答里出处的编号（1–{count}）。"
SOURCE_GONE = "这个回答太旧了，出处已不再保存。请重新提问。"
FIGURES_USAGE = "用法：/figures 报告名（标题或文件名的一部分）。发送 /reports 查看报告。"
NO_FIGURES = "《{title}》里没有提取到数字。"
DELETE_USAGE = "用法：/delete 报告名（标题或文件名的一部分）。"
REINDEX_STARTED = "开始重建索引{full}，完成后告诉你。重建期间照常回答问题。"
REINDEX_RUNNING = "已经在重建索引了，完成后会告诉你。"
REINDEX_DONE = "索引已更新：\n{summary}"
SUMMARY = ("{what}：新增 {added}，更新 {updated}，删除 {removed}，跳过 {skipped}，未变 {unchanged}；"
           "索引共 {chunks} 段、{figures} 个数字；用时 {seconds:.1f} 秒")
SUMMARY_REBUILT = "已全量重建"
SUMMARY_UPDATED = "已增量更新"
SUMMARY_SKIPPED = "跳过 {name}：{reason}"
REINDEX_FAILED = "重建索引失败：{reason}"
UPLOAD_READING = "收到 {name}，正在读取并索引…"
UPLOAD_DUPLICATE = "{name} 的内容已经在语料库里了（{existing}），没有改动。"
UPLOAD_DONE = ("{verb}《{title}》\n地区：{region}\n年度：{year}\n类型：{kind}\n提取到 {figures} 个数字。\n\n"
               "{summary}")
UPLOAD_FAILED = "无法读取这个文件：{reason}\n语料库和索引没有改动。"
DELETED = "已删除《{title}》（{name}）。\n{summary}"
ERROR = "出错了，请稍后再试。"
USER_ERROR = "⚠️ {message}"

# ---- errors, by kind (index/errors.py, index/admin.py) ----------------------------------------
NO_SUCH_REPORT = "没有找到与“{query}”对应的报告。发送 /reports 查看已索引的报告。"
AMBIGUOUS_REPORT = "“{query}”对应 {count} 份报告，请写得更具体一些：\n{reports}"
NO_INDEX = "还没有可用的索引。管理员可以发送报告文件，或发送 /reindex 建立索引。"
INDEX_DAMAGED = "索引文件已损坏，暂时无法回答。请管理员在服务器上运行 reportqa index --full 重建索引。"
MODEL_MISSING = "服务器上缺少向量模型，暂时无法回答。请联系管理员。"
BUILD_REFUSED = "有文件无法读取，索引没有更新。"
OTHER_ERROR = "操作没有完成，请检查后重试。"
UPLOAD_REJECTED = {
    "no_name": "“{name}”没有可用的文件名或类型，请发送 PDF、DOCX、TXT 或 MD 文件。",
    "unsupported": "不支持 {suffix} 文件，请发送 PDF、DOCX、TXT 或 MD 文件。",
    "too_big": "{name} 有 {size_mb} MB，超过上传上限 {limit_mb:g} MB。",
    "empty": "{name} 是空文件。",
    "cannot_store": "{name} 无法保存到语料库（服务器磁盘或权限问题），请联系管理员。",
}
# Why a file could not be read: a pattern of the reader's English reason → the Chinese; first match.
READ_REASONS = [
    (r"unzips to (\d+) MB, more than the (\d+) MB", "解压后有 {0} MB，超过 {1} MB 的上限（疑似压缩炸弹）"),
    (r"is compressed (\d+):1, more than ([\d.]+):1", "压缩比 {0}:1，超过 {1}:1 的上限（疑似压缩炸弹）"),
    (r"(\d+) pages, more than the (\d+) allowed", "共 {0} 页，超过 {1} 页的上限"),
    (r"too much text \(more than (\d+) characters", "文字超过 {0} 个字符的上限"),
    (r"took longer than ([\d.]+) s", "读取超过 {0} 秒，已停止"),
    (r"needs more than (\d+) MB of memory", "读取需要超过 {0} MB 内存，已停止"),
    (r"shutting down", "机器人正在关闭，没有读取"),
    (r"reader crashed", "读取程序在这个文件上出错退出"),
    (r"encrypted", "PDF 有密码保护"),
    (r"no text layer", "PDF 没有文字层（可能是扫描件，无法识别）"),
    (r"corrupt or truncated PDF", "PDF 已损坏或不完整"),
    (r"not a readable \.docx", "不是可以读取的 DOCX 文件"),
    (r"empty file|^no text$", "文件是空的，或没有文字"),
    (r"too large", "文件太大"),
    (r"unsupported file type", "不支持这种文件类型，请发送 PDF、DOCX、TXT 或 MD"),
    (r"not text in a known encoding", "不是可以识别编码的文本文件"),
    (r"cannot open", "无法打开文件"),
]
READ_REASON_OTHER = "文件格式有误，无法解析"


def read_reason(reason: str) -> str:
    """The Chinese for a reader's one-line English reason (without the file name)."""
    for pattern, chinese in READ_REASONS:
        match = re.search(pattern, reason)
        if match:
            return chinese.format(*match.groups())
    return READ_REASON_OTHER


def unreadable(message: str) -> tuple[str, str]:
    """(file name, Chinese reason) of an UnreadableFile's "<name>: <reason>" message."""
    name, _, reason = message.partition(": ")
    return (name, read_reason(reason)) if reason else ("", read_reason(name))

COMMANDS = [
    ("ask", "提问"),
    ("reports", "已索引的报告"),
    ("figures", "某份报告里的全部数字"),
    ("source", "查看出处全文：/source N"),
    ("help", "说明与示例问题"),
]
ADMIN_COMMANDS = [
    ("reindex", "重建索引"),
    ("delete", "删除一份报告"),
    ("stats", "数量与运行时间"),
]
