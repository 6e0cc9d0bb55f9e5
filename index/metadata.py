"""Report metadata: title, region, organisation, year and kind, from the file name and the text.

The file name usually carries the most complete title (the 南岳区 report's own first line omits the
region), so it wins when it looks like a report title. A sidecar `<file>.toml` overrides any field.
How a title is read (its region, organisation, kind and year) is in titles.py, beside the reading the
answer side matches questions with.
"""
from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import UnreadableFile
from .titles import TITLE_HINT, TITLE_YEAR, kind_of, region_and_org, squeeze


@dataclass
class Metadata:
    title: str
    region: str | None
    org: str | None
    year: int | None
    kind: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def _first_title_line(text: str) -> str | None:
    for line in text.splitlines()[:15]:
        line = squeeze(line)
        if "|" in line:  # a table row ("部门（单位）名称 | … | 部门预算编码") is never the title
            continue
        if 4 <= len(line) <= 60 and TITLE_HINT.search(line):
            return line
    return None


def extract_metadata(text: str, path: Path) -> Metadata:
    """Metadata of a report from its file name and cleaned text, with the sidecar applied."""
    stem = squeeze(path.stem)
    text_title = _first_title_line(text)
    title = stem if TITLE_HINT.search(stem) else (text_title or stem)
    region, org = region_and_org(title)
    if region is None and text_title:
        region, org2 = region_and_org(text_title)
        org = org or org2
    year_m = TITLE_YEAR.search(title) or TITLE_YEAR.search(text[:800])
    meta = Metadata(
        title=title,
        region=region,
        org=org,
        year=int(year_m.group(1)) if year_m else None,
        kind=kind_of(title) or kind_of(text[:800]),
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
