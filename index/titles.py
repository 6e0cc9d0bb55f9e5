"""What a report's title says: its places, its organisation, whether it is a party committee's
department, its kind and its year. One home for the title vocabulary both sides read: the index
(metadata.py, what it stores about a report) and the answer side (engine/reports.py, which matches
the places and organisations a question names). Pure functions and regexes: nothing here reads a
file or imports more than `re`.

A title is read two ways, each for its own job:
- `parse_title`: every level of place (province, city, county, town) and the organisation after them,
  for matching questions ("中共上海市普陀区委社会工作部…" → ["上海市", "普陀区"], "社会工作部", party).
- `region_and_org`: what the index stores as a report's region and org — the county-level place and
  what follows it. Narrower (a province or city counts only before a county) and stored in every built
  index: changing a result here changes stored metadata, which needs a PIPELINE_VERSION bump and a
  full rebuild, so it stays as it was written.
"""
from __future__ import annotations

import re

# -- places and organisations, every level (parse_title) -------------------------------------------
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
PROVINCE = r"[\u4e00-\u9fa5]{2,7}?(?:省|自治区|特别行政区)"
CITY = r"[\u4e00-\u9fa5]{2,4}?(?:市|州|盟|地区)"
COUNTY = r"[\u4e00-\u9fa5]{1,4}?(?:区|县|旗)"
TOWN = r"[\u4e00-\u9fa5]{2,4}?(?:街道|镇|乡)"
LEVELS = [re.compile(p) for p in (PROVINCE, CITY, COUNTY, TOWN)]  # widest first
# After "X市" these make 市 part of the next word: 石鼓区市场监督管理局 is not the city 石鼓区市.
CITY_FALSE_NEXT = re.compile(r"^(?:场|政(?!府)|容|民(?!政)|级|属|直|辖|本级)")
# Words shaped like places that are not ones: 社区, 园区, 全市, 本县…
NOT_PLACE = re.compile(r".*(?:乡镇|镇街|乡村)|^(?:[全本各该我其某城市]|社|园|景|辖|地|片|小|校|库|山|灾|战|街|专|军|矿|老|郊|营|新城|开发|"
                       r"城|主城|中心城)[区县市镇乡州]$|^(?:全|本|各|该|我)")
# Words in a title after the organisation: where its name ends.
ORG_END = re.compile(r"\s*(?:20\d{2}|19\d{2})\s*年|部门整体|部门预算|部门决算|单位预算|单位决算|部门综合|整体支出"
                     r"|项目支出|（本级）|\(本级\)|本级")


def parse_title(title: str) -> tuple[list[str], str | None, bool]:
    """(places from the widest to the narrowest, organisation, a party committee's department) of a
    report title: "中共上海市普陀区委社会工作部2024年…" → (["上海市", "普陀区"], "社会工作部", True)."""
    text = re.sub(r"\s+", "", title)
    party = text.startswith("中共")
    text = text[2:] if party else text
    places: list[str] = []
    for level in LEVELS:
        m = level.match(text)
        name = m.group() if m else None
        if level.pattern == CITY:
            name = next((c for c in MUNICIPALITIES if text.startswith(c)), name)
        if not name or NOT_PLACE.match(name):
            continue
        if name.endswith("市") and CITY_FALSE_NEXT.match(text[len(name):]):
            continue  # 石鼓区市场监督管理局: 市 belongs to 市场
        if level.pattern == CITY and re.search(r"[区县旗]", name[:-1]):
            continue  # 天心区城市管理和综合执法局: a district, then 城市管理
        places.append(name)
        text = text[len(name):]
    if text.startswith("委") and (party or places):
        party, text = True, text[1:]
    end = ORG_END.search(text)
    org = text[: end.start()] if end else None
    if org and places and re.search(r"(?:街道|镇|乡)$", places[-1]) and re.match(r"办事处|人民政府", org):
        org = places[-1] + org  # 万里街道办事处: the town's own office
    return places, (org or None), party


# -- what the index stores (region_and_org, kind_of, TITLE_YEAR) ------------------------------------
# 上海市普陀区…, 中共上海市普陀区委…, 湖南省衡阳市珠晖区…, 珠晖区…
# A city counts only when a district or county follows it: in "石鼓区市场监督管理局" the 市 belongs to
# 市场. Counties may have one-character names (澧县).
_STORED_PLACE = re.compile(
    r"^(?:中共)?(?:[\u4e00-\u9fa5]{2,3}?省)?(?:(?P<city>[\u4e00-\u9fa5]{2,3}?市)(?=[\u4e00-\u9fa5]{1,3}?[区县旗]))?"
    r"(?P<region>[\u4e00-\u9fa5]{1,3}?(?:区|县|旗))?"
)
# Fewer end words than ORG_END (no 部门综合, 项目支出, 本级): what indexes were built with.
_STORED_ORG_END = re.compile(r"\s*(?:20\d{2}|19\d{2})\s*年|部门整体|部门预算|部门决算|单位预算|单位决算|整体支出")
# 绩效目标表 are part of a budget; 自评 and 评价 judge what was done.
KIND_WORDS = (("绩效目标", "预算"), ("绩效", "绩效评价"), ("决算", "决算"), ("预算", "预算"))
# A line or file name that looks like a report's title.
TITLE_HINT = re.compile(r"报告|预算|决算|自评表|目标表|评价表")
TITLE_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def squeeze(text: str) -> str:
    """Drop the spaces PDFs and file names put inside Chinese titles ("… 2024 年度部门决算")."""
    return _SPACES.sub("", text).strip()


def region_and_org(title: str) -> tuple[str | None, str | None]:
    """The stored region (the county-level place) and organisation of a title:
    "上海市普陀区财政局2024年度部门决算" → ("普陀区", "财政局"); "北京市财政局2026年…" → (None, "北京市财政局")."""
    m = _STORED_PLACE.match(title)
    region = m.group("region") if m else None
    rest = title[m.end():] if m else title
    rest = re.sub(r"^(?:委|人民政府)", "", rest)
    end = _STORED_ORG_END.search(rest)
    org = rest[: end.start()] if end else None
    if region and org:
        org = org.lstrip("委")
    return region, (org or None)


def kind_of(text: str) -> str | None:
    """The kind of report a title (or a report's opening) names: 预算, 决算 or 绩效评价."""
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return None
