"""Reports written in the test, in the wording real budget reports use, for trends, rankings and
totals (issue 12): one department over three years, three 公安局 of one year (one without the
metric) and a 财政局 that a 公安局 ranking must leave out. Plain text: they index in seconds."""
from __future__ import annotations

from pathlib import Path

REPORTS = {
    "上海市普陀区万里街道办事处2024年部门预算.txt":
        "上海市普陀区万里街道办事处2024年部门预算\n一、预算总体情况\n"
        "2024年财政拨款支出预算15621.11万元。\n"
        "二、“三公”经费预算情况\n2024年“三公”经费预算20.50万元，比2023年预算减少2.41万元，主要是压减公务接待。\n",
    "上海市普陀区万里街道办事处2025年部门预算.txt":
        "上海市普陀区万里街道办事处2025年部门预算\n一、预算总体情况\n"
        "2025年财政拨款支出预算16002.30万元。\n"
        "二、“三公”经费预算情况\n2025年“三公”经费预算19.80万元，比上年减少0.70万元。\n",
    "宁波市公安局2026年部门预算.txt":
        "宁波市公安局2026年部门预算\n一、“三公”经费预算情况说明\n"
        "2026年“三公”经费预算数为1,230.50万元，与2025年预算持平。\n"
        "二、国有资产占用情况\n截至2025年底，共有车辆120辆。\n",
    "温州市公安局2026年部门预算.txt":
        "温州市公安局2026年部门预算\n一、“三公”经费预算情况说明\n"
        "2026年“三公”经费预算数为980.00万元，比2025年年初预算数1,010.00万元减少30.00万元。\n"
        "二、国有资产占用情况\n截至2025年底，共有车辆86辆。\n",
    "绍兴市公安局2026年部门预算.txt":
        "绍兴市公安局2026年部门预算\n一、机关运行经费\n2026年机关运行经费预算500.00万元。\n",
    "杭州市民政局2021年部门综合预算.txt":
        "杭州市民政局2021年部门综合预算\n一、会议费、培训费预算情况说明\n"
        "2021 年本部门一般公共预算会议费预算支出 29.92 万元，较上年的 7.80 万元增加 22.12 万元。\n",
    "宁波市财政局2026年部门预算.txt":
        "宁波市财政局2026年部门预算\n一、“三公”经费预算情况说明\n2026年“三公”经费预算数为45.60万元。\n",
}


def write_reports(corpus: Path) -> Path:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in REPORTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus
