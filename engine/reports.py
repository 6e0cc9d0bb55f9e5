"""Which reports a question names: region, organisation and year matched against report metadata.

Built once per index version. Every name and its short forms go into one dict, so matching a
question is a lookup of its substrings (about 200 for a 20-character question), not a scan of
10,000 reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba

from index.titles import LEVELS as _LEVELS, MUNICIPALITIES, NOT_PLACE as _NOT_PLACE, parse_title

from .places import PLACE_NAMES
from .vocabulary import BASE_AFTER, BASE_BEFORE, KIND_HINTS, SHORT_NAMES, YEAR

_LIST_SEPARATORS = set("和与、及跟,，")
_SEPARATORS = "，,、和与跟及或以及还有对比比较 \u3000的"
# Endings only organisations have: a metric ("…服务站点补助", "…工作会经费") is never taken for one.
_GENERIC_ORGS = {"工会", "总工会", "办事处", "街道", "办公室", "委员会", "中心", "人民政府"}
# Two characters across a candidate's end that show it is no place: 乡村, 镇街, 市场…
_RUNS_ON = {"乡村", "镇街", "区域", "县域", "市场", "市政", "区间", "县城"}
# Words no place or organisation name holds: a candidate holding one is the metric, not a name.
_NOT_A_NAME = re.compile(r"多少|几|发放|参加|开展|举办|组织|完成|支出|经费|资金|预算|决算|比赛|活动|队伍|收入|人员|是|有|在|为")
_STRONG_ORG = re.compile(r"(?:(?!的)[\u4e00-\u9fa5]){1,12}(?:委员会|办公室|办事处|支队|大队|总工会|联合会|人民政府|部(?!门)|[厅局委])")
_ORG_SUFFIXES = ("办事处", "人民政府", "委员会")
# The question names a kind of report, not only a stage ("三公经费决算" is a stage of any report).
# (绩效自评 is not one: a 决算 report carries its department's self-evaluation results.)
_NAMES_A_KIND = re.compile(r"(?:部门|单位)(?:决算|预算)|(?:决算|预算)报告|绩效评价报告")
# After a short organisation name ("北京财政"), words that show it is the start of a metric instead.
# 拨款/收入/专户 make a metric only of the fiscal stem (财政拨款, 财政收入): "长沙公安收入", "深圳公安预算
# 准备金" ask the 公安局's.
_METRIC_AFTER = re.compile(r"支出|资金|补助|经费|供养|事务|服务|保障|管理")
_FISCAL_AFTER = re.compile(r"拨款|收入|专户|(?:预算|决算)(?:拨款|收入|支出|资金|内|外)")
_FISCAL_STEMS = {"财政"}
# "2022年决算报告里", "决算中", "绩效评价报告中": the kind of report the question reads in.
_IN_A_REPORT = re.compile(r"((?:部门|单位)?(?:整体支出)?(?:绩效自评|绩效评价|绩效|决算|预算)(?:报告|表)?)(?:里|中|内)")
# An organisation's stem without its 委员会/局 ("卫生健康", "教育") right before 支出/收入/经费 is the
# budget's function class ("卫生健康支出"), not a name.
_METRIC_NEXT = re.compile(r"支出|经费|资金|拨款|费用|补助")  # not 收入 or 预算: no function class has them
_ORG_ENDINGS = set("厅局委办院所站会部队馆处室校心")


def _org_ending(question: str, at: int) -> str:
    """The ending of a name written short ("湖北教育厅": 教育 is what we hold, 厅 ends the name)."""
    return question[at] if at < len(question) and question[at] in _ORG_ENDINGS else ""
# An abbreviation of a name's head must be this long and end in the head's last word ("长沙职教基地").
_HEAD_ABBREVIATED = 5
_ABBREVIATED_ENDS = (("委员会", "委"), ("办公室", "办"), ("办事处", "办"), ("委员会", "会"))


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
    own_years: list[int] = field(default_factory=list)  # years the question asks about (not comparison bases)
    unnarrowed: list[list[int]] = field(default_factory=list)  # the groups before a year narrowed them
    kind_missing: str | None = None  # the question names a kind of report ("部门决算") none of them is


def without_own_level(name: str) -> str:
    """The name without a trailing （本级）: "无锡市教育局（本级）" is 无锡市教育局's own budget."""
    return _OWN_LEVEL.sub("", name)


_OWN_LEVEL = re.compile(r"[（(]本级[)）]$")


def place_aliases(place: str) -> set[str]:
    out = {place}
    for suffix in ("特别行政区", "自治区", "新区", "省", "市", "州", "盟", "区", "县", "旗"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            out.add(place[: -len(suffix)])
            break
    return out


def org_aliases(org: str) -> set[str]:
    org = without_own_level(org)
    out = {org}
    for full, shorts in SHORT_NAMES.items():
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
    """Every place (province, city, county, town) and organisation of the indexed reports, with
    their short forms, in dicts: a question is matched by looking up its substrings."""

    def __init__(self, reports: list[Report]):
        self.reports = {r.id: r for r in reports}
        self.by_region: dict[str, set[int]] = {}  # places at every level
        self.by_org: dict[str, set[int]] = {}
        self.by_title: dict[str, set[int]] = {}
        self._place_bound: set[str] = set()
        # Abbreviations staff write ("福彩中心", "上科大附校", "职教基地办公室"): keyed by the first
        # character and the character an abbreviation ends in, so a question checks a handful of names.
        self._by_ends: dict[tuple[str, str], dict[str, set[int]]] = {}
        self._by_head: dict[tuple[str, str], dict[str, set[int]]] = {}  # keyed by first and last two
        self.department: dict[int, str] = {}  # report id → the department it belongs to
        parsed = {r.id: parse_title(r.title) for r in reports}
        above = _places_above(parsed.values())
        for r in reports:
            places, org, party = parsed[r.id]
            # "宝山区文化和旅游局…" beside "上海市宝山区…" reports: the district's one city is its city too
            places = [p for p in above.get(places[0], []) if p not in places] + places if places else places
            # its department: every place and the organisation ("上海市奉贤区民政局…" and "奉贤区民政局…绩效
            # 评价报告" are one; 福州 and 南京's 鼓楼区民政局 are two), else the title up to its year
            self.department[r.id] = "".join(places) + without_own_level(org) if org \
                else without_own_level(re.split(r"(?:19|20)\d{2}", r.title)[0].strip() or r.title)
            orgs = {o for o in (r.org, org) if o}
            for name in orgs | ({"".join(places) + org} if org and places else set()):
                name = without_own_level(name)
                for end in {name[-1]} | {short for full, short in _ABBREVIATED_ENDS if name.endswith(full)}:
                    self._by_ends.setdefault((name[0], end), {}).setdefault(name, set()).add(r.id)
                for head in _heads(name):  # "长沙职教基地": the name up to a word, without 综合协调办公室
                    self._by_head.setdefault((head[0], head[-2:]), {}).setdefault(head, set()).add(r.id)
            if r.region and r.region not in places:
                places.append(r.region)
            for place in places:
                for alias in place_aliases(place):
                    self.by_region.setdefault(alias, set()).add(r.id)
            for name in orgs:
                aliases = org_aliases(name)
                if party and places:  # 中共…区委社会工作部 is asked as 区委社会工作部
                    level = places[-1][-1]
                    aliases |= {level + "委" + a for a in aliases} | {places[-1] + "委" + a for a in aliases}
                for alias in aliases:
                    self.by_org.setdefault(alias, set()).add(r.id)
                    # "深圳公安", "烟台审计": the organisation without its 局/委/厅, only right after a place
                    if len(alias) >= 3 and alias[-1] in "局委厅" and alias[:-1] not in aliases:
                        self.by_org.setdefault(alias[:-1], set()).add(r.id)
                        self._place_bound.add(alias[:-1])
            self.by_title.setdefault(r.title, set()).add(r.id)
        self.max_len = max((len(k) for d in (self.by_region, self.by_org, self.by_title) for k in d),
                           default=0)
        self._names = {**self.by_org, **self.by_region}  # for the joint longest match
        # every piece of every name: "is this word part of something we hold?" in one lookup
        self.name_parts: set[str] = set()
        for table in (self.by_region, self.by_org):
            for name in table:
                self.name_parts.update(name[i:j] for i in range(len(name))
                                       for j in range(i + 2, min(len(name), i + 8) + 1))

    def _org_len(self, text: str, at: int) -> int:
        """Length of the longest organisation name starting at `at` (0 if none)."""
        for j in range(min(len(text), at + self.max_len), at + 1, -1):
            if text[at:j] in self.by_org:
                return j - at + 1  # a place wins only when strictly longer
        return 0

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
                if text[i:j] in table and not (text[i:j] in self.by_org and _METRIC_NEXT.match(text, j)
                                               and text[j - 1] not in _ORG_ENDINGS):
                    best = text[i:j]
                    break
            if best:
                found.append((i, best))
                i += len(best)
            else:
                i += 1
        return found

    def match(self, question: str) -> Match:
        # Left to right, the longest place or organisation name at each position: "上海科技大学附属
        # 学校" is one organisation, not the place 上海; an organisation is never read across a
        # place's name ("临澧县科协").
        regions, orgs = [], []
        for at, name in self._find(question, self._names):
            (regions if name in self.by_region and len(name) >= self._org_len(question, at) else orgs).append((at, name))
        # A bare generic name ("工会", "办事处") names a report only beside a place or at the start:
        # in "规划和自然资源局2024年工会经费决算" 工会 is part of the metric.
        region_ends = {at + len(w) for at, w in regions}
        orgs = [(at, w) for at, w in orgs if (w not in _GENERIC_ORGS or at == 0 or at in region_ends)
                and (w not in self._place_bound or at in region_ends
                     and not _METRIC_AFTER.match(question, at + len(w))
                     and not (w in _FISCAL_STEMS and _FISCAL_AFTER.match(question, at + len(w))))]
        abbreviated: dict[str, set[int]] = {}
        if not orgs:
            at, word, ids = self._abbreviation(question, [(0, None)] + [(a + len(w), w) for a, w in regions])
            if word:  # it may hold the place written in full ("长沙职教基地办公室")
                regions = [(a, w) for a, w in regions if a + len(w) <= at or a >= at + len(word)]
                orgs.append((at, word))
                abbreviated[word] = ids
        # "福彩中心和上科大附校…", "长沙公安和长沙职教基地…": another organisation written short, after a
        # list word or after its place
        named = {a for a, _ in orgs + regions}
        starts = [(a + len(w) + 1, None) for a, w in orgs
                  if question[a + len(w):a + len(w) + 1] in _LIST_SEPARATORS and a + len(w) + 1 not in named]
        starts += [(a, None) for a, w in regions if orgs and a + len(w) not in named]  # the place may be in it
        for start in starts:
            at, word, ids = self._abbreviation(question, [start])
            if word and not any(a <= at < a + len(w) for a, w in orgs):
                regions = [(a, w) for a, w in regions if a + len(w) <= at or a >= at + len(word)]
                orgs.append((at, word))
                abbreviated[word] = ids
        orgs.sort()
        titles = self._find(question, self.by_title)
        match = Match(years=[int(y) for y in YEAR.findall(question)])
        if titles:
            ids = set().union(*(self.by_title[t] for _, t in titles))
            match.groups = [sorted(ids)]
            match.words = [t for _, t in titles]
        else:
            match.groups, match.words, missing = self._groups(regions, orgs, abbreviated)
            # "杭州公安交警支队": an organisation written right after one that names a report of the place
            # is a unit of that department (its rows are in the department's tables), not another report
            units = [(at, w) for at, w in orgs if any(a + len(o) == at for a, o in orgs if o != w)]
            if missing and units:
                kept = [o for o in orgs if o not in units]
                groups, words, still = self._groups(regions, kept, abbreviated)
                if groups and all(groups) and not still:
                    match.groups, match.words, missing = groups, words, still
            match.unknown += missing  # 珠晖区 and 财政局 both exist, 珠晖区财政局 not
        match.unknown += self.unknown_names(question, regions, orgs + titles)
        # "武汉公安局": an organisation right after an unknown place is that place's, not ours
        after_unknown = {question.find(u) + len(u): u for u in match.unknown if u in question}
        if not titles and any(at in after_unknown for at, _ in orgs):
            # ... and named with it: "南京市生态环境局" is the unknown, its 生态环境局 no word of the metric
            whole = {after_unknown[at]: after_unknown[at] + w + _org_ending(question, at + len(w))
                     for at, w in orgs if at in after_unknown}
            match.unknown = [whole.get(u, u) for u in match.unknown]
            # "普陀区和静安区财政局": listed after a place of ours, the organisation is both places' (普陀区财政局)
            region_ends = {a + len(w) for a, w in regions}
            listed = {at for at, u in after_unknown.items()  # the character before the unknown place
                      if at - len(u) - 1 in region_ends and question[at - len(u) - 1] in _LIST_SEPARATORS}
            shared = {at for at, _ in orgs if at in listed}
            orgs = [(at, w) for at, w in orgs if at not in after_unknown or at in shared]
            match.groups, match.words, missing = self._groups(regions, orgs, abbreviated)
            match.unknown += [m for m in missing if m not in match.unknown]
        self._choose_year(question, match)
        self._choose_kind(question, match)
        match.doc_ids = sorted({i for g in match.groups for i in g})
        return match

    def names_of(self, doc_id: int) -> list[str]:
        """The names (places, organisations and their short forms) a report goes by."""
        r = self.reports[doc_id]
        places, org, _ = parse_title(r.title)
        names = [a for p in places for a in place_aliases(p)]
        return names + [a for o in {org, r.org} if o for a in org_aliases(o)]

    def with_year(self, doc_ids: list[int], year: int) -> list[int]:
        return [i for i in doc_ids if self.reports[i].year == year]

    def _choose_year(self, question: str, match: Match) -> None:
        """The report year: a year that is not a comparison base; narrows the groups to it."""
        own = [int(m.group(1)) for m in YEAR.finditer(question)
               if not BASE_BEFORE.search(question[:m.start()])
               and not BASE_AFTER.match(question[m.end():])]
        match.own_years = list(dict.fromkeys(own))
        match.unnarrowed = [list(g) for g in match.groups]
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
        # the report a question says it reads ("决算报告里…", "决算中…") before what its metric hints
        # ("编报绩效目标的项目" sits in 决算 reports too)
        container = _IN_A_REPORT.search(question)
        hinted = next((kind for word, kind in KIND_HINTS if word in (container.group(1) if container else question)),
                      None)  # first wins
        if hinted is None or not match.groups:
            return
        narrowed = [[i for i in g if self.reports[i].kind == hinted] for g in match.groups]
        if all(narrowed):
            match.groups, match.kind = narrowed, hinted
        elif _NAMES_A_KIND.search(question) and not any(narrowed):
            match.kind_missing = hinted  # "西安交通局2022年部门决算支出": only its budget is indexed

    def _known(self, word: str) -> bool:
        """A word that is part of a name we hold, or holds one ("区委" of 区委社会工作部)."""
        if word in self.name_parts:
            return True
        return any(word[i:j] in self.by_region or word[i:j] in self.by_org
                   for i in range(len(word)) for j in range(i + 2, len(word) + 1))

    def unknown_names(self, question: str, places: list[tuple[int, str]],
                      orgs: list[tuple[int, str]]) -> list[str]:
        """Places and organisations that no indexed report belongs to, where the question names
        whose report it means: at its start, or after the places it named ("南岳区和雁峰区…",
        "普陀区教育局…"). After a place only a narrower place can follow (a county is not followed by
        a city: in "珠晖区参加市…" 参加市 is no place), and an organisation must end in a word that
        only organisations end in (局, 厅, 委员会…), so the metric that follows is never taken for one."""
        spans = sorted([(at, at + len(w), "place") for at, w in places] + [(at, at + len(w), "org") for at, w in orgs])
        starts = [(0, -1)]  # (position, level of the place just before: -1 none)
        for at, end, what in spans:
            if what == "place":  # "珠晖区和蒸湘区…": a list of places of one level
                listed = question[end:end + 1] in _LIST_SEPARATORS
                starts.append((end, self._level(question[at:end]) - listed))
            elif question[end:end + 1] in _LIST_SEPARATORS:  # "长沙公安局和武汉公安局…": a list of names
                starts.append((end, -1))
        unknown: list[str] = []
        covered = {i for at, end, _ in spans for i in range(at, end)}
        for pos, level in starts:
            while True:
                while pos < len(question) and question[pos] in _SEPARATORS and pos not in covered:
                    pos += 1
                if pos >= len(question) or pos in covered:
                    break
                m = next((m for n, lv in enumerate(_LEVELS) if n > level
                          for m in [lv.match(question, pos)]
                          if m and not _NOT_PLACE.match(m.group()) and not _NOT_A_NAME.search(m.group())
                          and question[m.end() - 1:m.end() + 1] not in _RUNS_ON), None)
                bare = next((p for p in PLACE_NAMES if question.startswith(p, pos)), None) if level < 1 else None
                if m is None and bare and not self._known(bare):  # "南京公安局": a city without 市
                    unknown.append(bare)
                    level, pos = 1, pos + len(bare)
                    continue
                if m is None:
                    m = _STRONG_ORG.match(question, pos)
                    if m and _NOT_A_NAME.search(m.group()):
                        m = None
                    inside = [i for i in range(m.start(), m.end()) if i in covered] if m else []
                    if inside:  # "武汉公安局": a name we hold (公安局) after a place we do not (武汉)
                        prefix = question[m.start():inside[0]]
                        if self._unknown_name(prefix):
                            unknown.append(prefix)
                        break
                    if m is not None and (not self._known(m.group()) or self._elsewhere(m.group())):
                        unknown.append(m.group())
                    break
                if not self._known(m.group()):
                    unknown.append(m.group())
                level, pos = self._level(m.group()), m.end()
        merged: list[str] = []  # "成都" + "水务局" written together are one name: 成都水务局
        for name in unknown:
            if merged and merged[-1] + name in question:
                merged[-1] += name
            else:
                merged.append(name)
        return merged

    def _elsewhere(self, name: str) -> bool:
        """An organisation of ours named with a place we do not hold: "蒸湘区总工会" (总工会 is held, as
        南岳区's and 珠晖区's, 蒸湘区 is not)."""
        for at in range(1, len(name) - 1):
            if name[at:] in self.by_org:
                return self._unknown_name(name[:at])
        return False

    def _unknown_name(self, prefix: str) -> bool:
        """The words written before a name of ours name no place or organisation we hold ("武汉", "蒸湘区")."""
        return len(prefix) >= 2 and not self._known(prefix) and not _NOT_A_NAME.search(prefix)

    @staticmethod
    def _level(place: str) -> int:
        """0 province, 1 city, 2 county, 3 town."""
        for n, level in enumerate(_LEVELS):
            if level.fullmatch(place):
                return n
        return 1 if place in MUNICIPALITIES else 2

    def _abbreviation(self, question: str, starts: list[tuple[int, str | None]]) -> tuple[int, str, set[int]]:
        """An organisation written short, at the start or right after a place: its characters appear in
        order in one held name that starts and ends as it does ("上科大附校" → 上海科技大学附属学校).
        Only when no organisation was matched in full, and never across a metric word (支出, 收入…)."""
        for at, place in starts:  # (where, the place written just before, if any)
            for end in range(min(len(question), at + 12), at + 2, -1):
                word = question[at:end]
                if word in self._names or _NOT_A_NAME.search(word):
                    continue
                names = self._by_ends.get((word[0], word[-1]), {})
                if len(word) >= _HEAD_ABBREVIATED:
                    names = {**names, **self._by_head.get((word[0], word[-2:]), {})}
                ids = set().union(*(i for name, i in names.items()
                                    if len(name) > len(word) and _in_order(word, name)))
                if place:
                    ids &= self.by_region.get(place, set())
                if ids:
                    return at, word, ids
        return 0, "", set()

    def _groups(self, regions, orgs, abbreviated=None) -> tuple[list[list[int]], list[str], list[str]]:
        """One group of reports per named entity, and the entities no report belongs to. Names written
        together are one entity and narrow each other ("深圳市公安局", "上海市普陀区财政局"); names
        apart are several ("南岳区和珠晖区…", "万里街道和社会福利院…"). A place named alone is narrowed by
        an organisation named elsewhere when that leaves reports ("南岳区和珠晖区总工会…"). In
        "无锡发改委和无锡财政局" with no 财政局 report of 无锡, the second is missing, the first stays."""
        mentions = sorted([(at, at + len(w), w, self.by_region[w]) for at, w in regions]
                          + [(at, at + len(w), w, (abbreviated or {}).get(w) or self.by_org[w]) for at, w in orgs])
        words = [w for _, _, w, _ in mentions]
        phrases: list[tuple[set[int], bool, bool]] = []  # (reports, names an organisation, names a place)
        names: list[str] = []  # each phrase as written
        last_end = None
        for at, end, word, ids in mentions:
            is_org = any(word == w for _, w in orgs)
            if last_end is not None and at == last_end and phrases:
                prev, had_org, had_place = phrases[-1]
                phrases[-1] = (prev & ids, had_org or is_org, had_place or not is_org)
                names[-1] += word
            else:
                phrases.append((set(ids), is_org, not is_org))
                names.append(word)
            last_end = end
        org_ids = set().union(*(ids for ids, has_org, _ in phrases if has_org)) if any(p[1] for p in phrases) else None
        groups: list[list[int]] = []
        narrowed = False
        for ids, has_org, _ in phrases:
            if not has_org and org_ids is not None and ids & org_ids:
                ids, narrowed = ids & org_ids, True
            groups.append(sorted(ids))
        if narrowed:  # "深圳和杭州的公安局": 公安局 says which reports of the places, it is no third entity
            kept = [n for n, (_, has_org, has_place) in enumerate(phrases) if has_place or not has_org]
            groups, names = [groups[n] for n in kept], [names[n] for n in kept]
        missing = [name for name, g in zip(names, groups) if not g]
        groups = [g for n, g in enumerate(groups) if g and g not in groups[:n]]
        return groups, words, missing


def _places_above(titles) -> dict[str, list[str]]:
    """For a place some titles name without its province or city, those the other titles write
    before it, when they all agree: 宝山区 → [上海市]."""
    seen: dict[str, set[tuple[str, ...]]] = {}
    for places, _, _ in titles:
        for i in range(1, len(places)):
            seen.setdefault(places[i], set()).add(tuple(places[:i]))
    return {place: list(max(prefixes, key=len)) for place, prefixes in seen.items()
            if len({p[-1] for p in prefixes}) == 1}


def _heads(name: str) -> list[str]:
    """The name cut after each of its words, long enough to say which and leaving an organisation
    word after it: 长沙职业教育基地 of 长沙职业教育基地综合协调办公室."""
    heads, at = [], 0
    for w in jieba.lcut(name):
        at += len(w)
        if len(w) >= 2 and at >= 6 and len(name) - at >= 2:
            heads.append(name[:at])
    return heads


def _in_order(short: str, name: str) -> bool:
    """Whether every character of `short` appears in `name`, in order."""
    it = iter(name)
    return all(ch in it for ch in short)
