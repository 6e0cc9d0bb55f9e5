"""index/titles.py: a report title read into places, organisation, kind and year — the engine's reading
(parse_title, every place level) and the index's stored one (region_and_org, kind_of), one module both
sides import. The stored reading is pinned as it is: a change there changes every built index."""
from __future__ import annotations

import pytest

import engine.reports
import engine.vocabulary
import index.metadata
from helpers import CORPUS, REAL_PDFS
from index.titles import ORG_END, kind_of, parse_title, region_and_org, squeeze


@pytest.mark.parametrize("title, places, org, party", [
    ("上海市普陀区万里街道办事处2023年部门预算", ["上海市", "普陀区", "万里街道"], "万里街道办事处", False),
    ("上海市普陀区规划和自然资源局 2024 年度部门决算", ["上海市", "普陀区"], "规划和自然资源局", False),
    ("中共上海市普陀区委社会工作部2024年部门预算", ["上海市", "普陀区"], "社会工作部", True),
    ("石鼓区市场监督管理局2024年部门预算", ["石鼓区"], "市场监督管理局", False),  # 市 belongs to 市场
    ("珠晖区总工会2022年度部门整体支出绩效报告", ["珠晖区"], "总工会", False),
    ("天心区城市管理和综合执法局2023年度部门决算", ["天心区"], "城市管理和综合执法局", False),  # no city 天心区城市
    ("湖南省衡阳市珠晖区总工会2022年度部门整体支出绩效报告", ["湖南省", "衡阳市", "珠晖区"], "总工会", False),
    ("北京市财政局2026年度部门预算", ["北京市"], "财政局", False),
    ("无锡市教育局（本级）2026年度单位预算", ["无锡市"], "教育局", False),  # （本级） ends the name
    ("西安市交通运输局2022年部门综合预算", ["西安市"], "交通运输局", False),
    ("长沙职业教育基地综合协调办公室2026年部门预算", [], "长沙职业教育基地综合协调办公室", False),  # 长沙 without 市
    ("澧县财政局2023年部门预算", ["澧县"], "财政局", False),  # a one-character county
    ("全市教育系统2024年工作总结", [], "全市教育系统", False),  # 全市 is no place: it stays in the name
    ("上海科技大学附属学校工作总结", [], None, False),  # no year or end word: no organisation
])
def test_parse_title(title, places, org, party):
    assert parse_title(title) == (places, org, party)


@pytest.mark.parametrize("title, region, org", [
    ("上海市普陀区财政局2024年度部门决算", "普陀区", "财政局"),
    ("上海市普陀区万里街道办事处2023年部门预算", "普陀区", "万里街道办事处"),
    ("湖南省衡阳市珠晖区总工会2022年度部门整体支出绩效报告", "珠晖区", "总工会"),
    ("中共上海市普陀区委社会工作部2024年部门预算", "普陀区", "社会工作部"),
    ("石鼓区市场监督管理局2024年部门预算", "石鼓区", "市场监督管理局"),
    ("澧县财政局2023年部门预算", "澧县", "财政局"),
    # a city with no county after it is part of the stored organisation, and so is （本级）
    ("北京市财政局2026年度部门预算", None, "北京市财政局"),
    ("无锡市教育局（本级）2026年度单位预算", None, "无锡市教育局（本级）"),
    ("西安市交通运输局2022年部门综合预算", None, "西安市交通运输局"),
    ("上海市普陀区人民政府2024年部门预算", "普陀区", None),  # 人民政府 is dropped as a prefix
    ("上海科技大学附属学校", None, None),  # no year or end word: no organisation
])
def test_region_and_org_the_stored_reading(title, region, org):
    assert region_and_org(title) == (region, org)


@pytest.mark.parametrize("text, kind", [
    ("广州市生态环境局2026年项目支出绩效目标表", "预算"),  # a 绩效目标表 is part of a budget
    ("宁德市人民政府办公室2024年度部门整体绩效自评表", "绩效评价"),
    ("南岳区总工会2022年度部门整体支出绩效评价报告", "绩效评价"),
    ("上海市普陀区财政局2024年度部门决算", "决算"),
    ("上海市普陀区社会福利院2024年单位预算", "预算"),
    ("上海科技大学附属学校工作总结", None),
])
def test_kind_of(text, kind):
    assert kind_of(text) == kind


def test_squeeze_drops_the_spaces_inside_titles():
    assert squeeze(" 上海市普陀区规划和自然资源局 2024\u3000年度\u00a0部门决算\t") == "上海市普陀区规划和自然资源局2024年度部门决算"


def test_the_readings_agree_on_the_shipped_reports():
    """Every report the repository ships: the stored region is the county-level place the engine reads,
    and the stored organisation ends with the engine's (the stored one may keep its city in front)."""
    titles = [squeeze(p.stem) for p in sorted(CORPUS.iterdir()) + REAL_PDFS]
    assert len(titles) == 6
    for title in titles:
        places, org, _ = parse_title(title)
        region, stored_org = region_and_org(title)
        assert region in places and region.endswith(("区", "县")), title
        assert stored_org.endswith(org), title


def test_one_home_for_both_sides():
    """The engine and the index read titles with this module's functions and words, not copies."""
    assert engine.reports.parse_title is parse_title
    assert engine.vocabulary.ORG_END is ORG_END
    assert index.metadata.region_and_org is region_and_org and index.metadata.kind_of is kind_of
