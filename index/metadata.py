"""Report metadata: title, region, organisation, year and kind, from the file name and the text.

The file name usually carries the most complete title (the 南岳区 report's own first line omits the
region), so it wins when it looks like a report title. A sidecar `<file>.toml` overrides any field.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import UnreadableFile

# 绩效目标表 are part of a budget; 自评 and 评价 judge what was done.
KIND_WORDS = (("绩效目标", "预算"), ("绩效", "绩效评价"), ("决算", "决算"), ("预算", "预算"))
_TITLE_HINT = re.compile(r"报告|预算|决算|自评表|目标表|评价表")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
# 上海市普陀区…, 中共上海市普陀区委…, 湖南省衡阳市珠晖区…, 珠晖区…
# A city counts only when a district or county follows it: in "石鼓区市场监督管理局" the 市 belongs to
# 市场. Counties may have one-character names (澧县).
_PLACE = re.compile(
    r"^(?:中共)?(?:[\u4e00-\u9fa5]{2,3}?省)?(?:(?P<city>[\u4e00-\u9fa5]{2,3}?市)(?=[\u4e00-\u9fa5]{1,3}?[区县旗]))?"
    r"(?P<region>[\u4e00-\u9fa5]{1,3}?(?:区|县|旗))?"
)
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_ORG_END = re.compile(r"\s*(?:20\d{2}|19\d{2})\s*年|部门整体|部门预算|部门决算|单位预算|单位决算|整体支出")


@dataclass
class Metadata:
    title: str
    region: str | None
    org: str | None
    year: int | None
    kind: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def squeeze(text: str) -> str:
    """Drop the spaces PDFs and file names put inside Chinese titles ("… 2024 年度部门决算")."""
    return _SPACES.sub("", text).strip()


def _first_title_line(text: str) -> str | None:
    for line in text.splitlines()[:15]:
        line = squeeze(line)
        if "|" in line:  # a table row ("部门（单位）名称 | … | 部门预算编码") is never the title
            continue
        if 4 <= len(line) <= 60 and _TITLE_HINT.search(line):
            return line
    return None


def _kind(text: str) -> str | None:
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return None


def _region_org(title: str) -> tuple[str | None, str | None]:
    m = _PLACE.match(title)
    region = m.group("region") if m else None
    rest = title[m.end():] if m else title
    rest = re.sub(r"^(?:委|人民政府)", "", rest)
    end = _ORG_END.search(rest)
    org = rest[: end.start()] if end else None
    if region and org:
        org = org.lstrip("委")
    return region, (org or None)


def extract_metadata(text: str, path: Path) -> Metadata:
    """Metadata of a report from its file name and cleaned text, with the sidecar applied."""
    stem = squeeze(path.stem)
    text_title = _first_title_line(text)
    title = stem if _TITLE_HINT.search(stem) else (text_title or stem)
    region, org = _region_org(title)
    if region is None and text_title:
        region, org2 = _region_org(text_title)
        org = org or org2
    year_m = _YEAR.search(title) or _YEAR.search(text[:800])
    meta = Metadata(
        title=title,
        region=region,
        org=org,
        year=int(year_m.group(1)) if year_m else None,
        kind=_kind(title) or _kind(text[:800]),
    )
    return apply_sidecar(meta, path)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".toml")


def apply_sidecar(meta: Metadata, path: Path) -> Metadata:
    side = sidecar_path(path)
    if not side.exists():
        return meta
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UnreadableFile(f"{side.name}: sidecar is not valid TOML ({e})") from None
    fields = meta.as_dict()
    for key, value in data.items():
        if key not in fields:
            raise UnreadableFile(f"{side.name}: unknown field {key!r} (use {', '.join(fields)})")
        fields[key] = int(value) if key == "year" and value is not None else value
    return Metadata(**fields)
