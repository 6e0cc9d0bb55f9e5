"""What the bot says, in one place (Chinese: the reports and their readers are Chinese)."""

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
REINDEX_FAILED = "重建索引失败：{reason}"
UPLOAD_READING = "收到 {name}，正在读取并索引…"
UPLOAD_DUPLICATE = "{name} 的内容已经在语料库里了（{existing}），没有改动。"
UPLOAD_DONE = ("{verb}《{title}》\n地区：{region}\n年度：{year}\n类型：{kind}\n提取到 {figures} 个数字。\n\n"
               "{summary}")
UPLOAD_FAILED = "无法读取这个文件：{reason}\n语料库和索引没有改动。"
DELETED = "已删除《{title}》（{name}）。\n{summary}"
ERROR = "出错了，请稍后再试。"
USER_ERROR = "⚠️ {message}"

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
