"""Which reports a question names: region, organisation and year matched against report metadata.

Built once per index version. Every name and its short forms go into one dict, so matching a
question is a lookup of its substrings (about 200 for a 20-character question), not a scan of
10,000 reports.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import jieba
import jieba.posseg as posseg

jieba.setLogLevel(logging.WARNING)

_YEAR = re.compile(r"(20\d{2}|19\d{2})(?!\d)")
# A year that is a comparison base or a date inside the report, not the report's own year:
# "比2023年", "较2022年", "截至2023年底", "2022年预算执行数", "与 2023 年度相比".
_BASE_BEFORE = re.compile(r"(?:比|较|与|截至|截止|同|上年|至)\s*$")
_BASE_AFTER = re.compile(r"^\s*年度?(?:底|末|当年|预算执行数|执行数|相比|同期)")
# Words that name a place or an organisation; one we have no report for makes the answer "not found".
_PLACE_WORD = re.compile(r"^[\u4e00-\u9fa5]{2,4}[区县]$")
_ORG_WORD = re.compile(r"^[\u4e00-\u9fa5]{0,10}(?:局|委员会|委|院|中心|办事处|街道|总工会|工会|部|馆|办|联合会|协会)$")
_SUBJECT_PREFIX = re.compile(r"(?:[\u4e00-\u9fa5]{2,3}?[省市]|[，和与、跟及]|\s|(?:19|20)\d{2}年度?)*")
_KIND_HINTS = [("绩效报告", "绩效评价"), ("绩效评价", "绩效评价"), ("整体支出", "绩效评价"), ("决算", "决算"),
               ("预算", "预算")]
_NAME_FLAGS = {"ns", "nz", "nt", "n", "j", "nr", "l"}
_ORG_SUFFIXES = ("办事处", "人民政府", "委员会")


@dataclass
class Report:
    id: int
    title: str
    source: str
    region: str | None
    org: str | None
    year: int | None
    kind: str | None


@dataclass
class Match:
    """Reports a question names, and the words in the question that named them."""

    doc_ids: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    year: int | None = None
    year_missing: bool = False  # the question named a year no matching report has
    years: list[int] = field(default_factory=list)  # every year the question mentions
    unknown: list[str] = field(default_factory=list)  # places/organisations no report belongs to
    groups: list[list[int]] = field(default_factory=list)  # one group per named entity (comparisons)
    kind: str | None = None  # the report kind the question chose (绩效评价 / 决算 / 预算), if it had to


def region_aliases(region: str) -> set[str]:
    out = {region}
    if len(region) >= 3 and region[-1] in "区县旗":
        out.add(region[:-1])
    return out


# Short names staff use for departments (the official name on the left).
COMMON_SHORT_NAMES = {
    "卫生健康委员会": ["卫健委", "卫健局", "卫生健康委"], "人力资源和社会保障局": ["人社局"],
    "住房和城乡建设局": ["住建局"], "交通运输局": ["交通局"], "生态环境局": ["环保局", "生态局"],
    "市场监督管理局": ["市场监管局"], "文化和旅游局": ["文旅局"], "医疗保障局": ["医保局"],
    "发展和改革委员会": ["发改委", "发改局"], "规划和自然资源局": ["规划资源局", "规土局", "自然资源局"],
    "妇女联合会": ["妇联"], "残疾人联合会": ["残联"], "科学技术协会": ["科协"],
    "城市管理和综合执法局": ["城管执法局", "城管局"], "机关事务管理局": ["机关事务局"],
    "疾病预防控制中心": ["疾控中心"], "社会福利院": ["福利院"], "退役军人事务局": ["退役军人局"],
    "农业农村局": ["农业局", "农委"], "应急管理局": ["应急局"], "教育局": ["教育局"],
    "科学技术局": ["科技局"], "工业和信息化局": ["工信局"], "社会工作部": ["社工部"],
}


def org_aliases(org: str) -> set[str]:
    out = {org}
    for full, shorts in COMMON_SHORT_NAMES.items():
        if org.endswith(full):
            out.update(org[: -len(full)] + short for short in shorts)
    for suffix in _ORG_SUFFIXES:
        if org.endswith(suffix) and len(org) - len(suffix) >= 2:
            out.add(org[: -len(suffix)])
    if org.endswith("街道办事处"):
        out.add(org[: -len("办事处")])
        if len(org) - 5 >= 2:
            out.add(org[: -len("街道办事处")] + "街道")
    if org.endswith("总工会"):
        out.add(org[:-3] + "工会" if len(org) > 3 else "工会")
    return {a for a in out if len(a) >= 2}


class ReportCatalog:
    def __init__(self, reports: list[Report]):
        self.reports = {r.id: r for r in reports}
        self.by_region: dict[str, set[int]] = {}
        self.by_org: dict[str, set[int]] = {}
        self.by_title: dict[str, set[int]] = {}
        for r in reports:
            for alias in region_aliases(r.region) if r.region else ():
                self.by_region.setdefault(alias, set()).add(r.id)
            for alias in org_aliases(r.org) if r.org else ():
                self.by_org.setdefault(alias, set()).add(r.id)
            self.by_title.setdefault(r.title, set()).add(r.id)
        self.max_len = max((len(k) for d in (self.by_region, self.by_org, self.by_title) for k in d),
                           default=0)

    @classmethod
    def from_store(cls, store) -> "ReportCatalog":
        return cls([Report(**r) for r in store.report_metadata()])

    def _find(self, text: str, table: dict[str, set[int]]) -> list[tuple[int, str]]:
        """(position, name) of the longest names found, not overlapping."""
        found: list[tuple[int, str]] = []
        i = 0
        while i < len(text):
            best = None
            for j in range(min(len(text), i + self.max_len), i + 1, -1):
                if text[i:j] in table:
                    best = text[i:j]
                    break
            if best:
                found.append((i, best))
                i += len(best)
            else:
                i += 1
        return found

    def match(self, question: str) -> Match:
        regions = self._find(question, self.by_region)
        masked = question  # an organisation is never read across a region's name ("临澧县科协")
        for at, name in regions:
            masked = masked[:at] + "\0" * len(name) + masked[at + len(name):]
        orgs = self._find(masked, self.by_org)
        titles = self._find(question, self.by_title)
        match = Match(years=[int(y) for y in _YEAR.findall(question)])
        if titles:
            ids = set().union(*(self.by_title[t] for _, t in titles))
            match.groups = [sorted(ids)]
            match.words = [t for _, t in titles]
        else:
            match.groups, match.words = self._groups(regions, orgs)
            if regions and orgs and not match.groups:  # 珠晖区 and 财政局 both exist, 珠晖区财政局 not
                match.unknown.append("".join(w for _, w in regions + orgs))
        match.unknown += self.unknown_names(question, match.words)
        self._choose_year(question, match)
        self._choose_kind(question, match)
        match.doc_ids = sorted({i for g in match.groups for i in g})
        return match

    def _choose_year(self, question: str, match: Match) -> None:
        """The report year: a year that is not a comparison base; narrows the groups to it."""
        own = [int(m.group(1)) for m in _YEAR.finditer(question)
               if not _BASE_BEFORE.search(question[:m.start()])
               and not _BASE_AFTER.match(question[m.end():])]
        pool = match.groups or [list(self.reports)]
        for year in own:
            with_year = [[i for i in g if self.reports[i].year == year] for g in pool]
            if any(with_year):
                match.year = year
                if match.groups:
                    match.groups = [g for g in with_year if g]
                return
        if own:
            match.year = own[0]
            match.year_missing = True

    def _choose_kind(self, question: str, match: Match) -> None:
        """Several kinds of report for one department and year: the question's 绩效/决算/预算 picks."""
        hinted = next((kind for word, kind in _KIND_HINTS if word in question), None)  # first wins
        if hinted is None or not match.groups:
            return
        narrowed = [[i for i in g if self.reports[i].kind == hinted] for g in match.groups]
        if all(narrowed):
            match.groups, match.kind = narrowed, hinted

    def _known(self, word: str) -> bool:
        return any(word in table or any(word in name or name in word for name in table)
                   for table in (self.by_region, self.by_org)) if len(word) <= 12 else True

    def unknown_names(self, question: str, matched: list[str]) -> list[str]:
        """Places and organisations that no indexed report belongs to, where the question names
        whose report it means: at its start, or after other names ("南岳区和雁峰区…")."""
        rest = question
        for word in sorted(matched, key=len, reverse=True):
            rest = rest.replace(word, "，" * len(word))  # same length: positions stay aligned
        unknown = []
        pos = 0
        words = list(posseg.cut(rest))
        for n, token in enumerate(words):
            word, flag, start = token.word, token.flag, pos
            pos += len(token.word)
            if word == "街道" and n and words[n - 1].flag in {"ns", "nz", "nr"}:
                word, start = words[n - 1].word + word, start - len(words[n - 1].word)
            elif flag not in _NAME_FLAGS:
                continue
            if len(word) < 2 or not (_PLACE_WORD.match(word) or _ORG_WORD.match(word)) or self._known(word):
                continue
            if _SUBJECT_PREFIX.fullmatch(rest[:start]):
                unknown.append(word)
        return unknown

    def _groups(self, regions, orgs) -> tuple[list[list[int]], list[str]]:
        """One group of reports per named region (narrowed by any organisation named), or per
        organisation when no region is named: "南岳区和珠晖区…" gives two groups."""
        words = [w for _, w in regions] + [w for _, w in orgs]
        org_ids = set().union(*(self.by_org[o] for _, o in orgs)) if orgs else None
        groups: list[list[int]] = []
        if regions:
            for _, region in regions:
                ids = self.by_region[region]
                groups.append(sorted(ids & org_ids if org_ids is not None else ids))
        elif orgs:
            for _, org in orgs:
                groups.append(sorted(self.by_org[org]))
        groups = [g for n, g in enumerate(groups) if g and g not in groups[:n]]
        return groups, words
