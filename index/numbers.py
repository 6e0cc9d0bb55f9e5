"""Numbers as Chinese reports write them, and the base units figures are compared in.

Money is normalised to 元 (万元 ×1e4, 亿元 ×1e8, 千元 ×1e3), percentages to the number before %, counts
keep their unit (人, 人次, 个, …). QUANTITY_RE finds "number + unit" in prose in one pass; read_quantity
turns one of its matches into a Quantity.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％　", "0123456789.,% ")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 1e4, "亿": 1e8}

MONEY_SCALE = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
_MULTIPLIERS = {"万": 1e4, "亿": 1e8}
_UNIT_ALIASES = {"台（套）": "台/套", "台(套)": "台/套", "％": "%", "平米": "平方米"}

# Measure words: the noun they count usually follows them ("13个户外劳动者爱心驿站").
MEASURE_WORDS = frozenset(
    "个 名 家 台 辆 项 场 套 支 份 件 间 处 座 期 篇 条 张 批 批次 所 户 次 位 台/套 台（套） 台(套)".split()
)

_SET_PHRASE_TAILS = ("规定", "意识", "自信", "原则")

_D = "[0-9０-９]"
_NUM = rf"{_D}{{1,3}}(?:[,，]{_D}{{3}})+(?:[.．]{_D}+)?|{_D}+(?:[.．]{_D}+)?"
NUMBER_PATTERN = _NUM  # a written number with optional thousands separators, for whole-cell matches
_CN_NUM = "[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
_SPACE = "[ \t\u3000]*"
# Longest first, so 人次 wins over 人; lookaheads keep 个月 / 分钟 (durations) out.
# Measures too: a concentration (PM2.5 浓度 29 微克/立方米), a volume, a length, a weight.
_UNITS = (
    "元|微克/立方米|毫克/立方米|毫克/升|立方米|平方米|平米|公里|千米|吨(?!级|位)|人次|户次|批次|台/套|台（套）|台\\(套\\)|个百分点|"
    "人|名|个(?!月)|家|台|辆|项|次|户|所|场|套|支|份|件|间|处|座|期|篇|条|张|天|分(?![钟之配析])|批|位"
)

QUANTITY_RE = re.compile(
    rf"""
    (?:(?:(?<=连续)|(?<=连续\s))(?P<ynum>{_D}{{1,2}}|[一二两三四五六七八九十]{{1,3}}){_SPACE}年(?![度底末初中])
      | (?<![0-9０-９.．A-Za-z第])(?<!\d,)(?P<pnum>{_NUM}){_SPACE}(?P<pct>[%％])
      | 百分之(?P<pcn>{_NUM}|{_CN_NUM})
      | (?:(?<![0-9０-９.．A-Za-z第])(?<!\d,)(?P<num>{_NUM})
          | (?<![零〇一二两三四五六七八九十百千万亿第])(?P<cn>{_CN_NUM}))
        {_SPACE}(?P<approx1>余|多)?(?P<mult>万|亿|千(?=元))?(?P<approx2>余|多)?{_SPACE}(?P<unit>{_UNITS})
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit
    unit: str  # base unit: 元, %, 人, 人次, 个, …
    approx: bool  # written with 余 / 多 ("71万余元", "300多名")
    written_unit: str  # the unit as written after the number, e.g. "个" (labels look past measure words)


def to_ascii(text: str) -> str:
    """Full-width digits, point, comma, percent and ideographic space as ASCII."""
    return text.translate(_FULL_WIDTH)


def parse_chinese_numeral(text: str) -> float | None:
    """一百二十万 → 1200000, 十五 → 15, 两 → 2, 二〇二二 → 2022; None if text is not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_SMALL and ch not in _CN_LARGE for ch in text):
        return None
    total = section = number = 0.0
    after_digit = False
    for ch in text:
        if ch in _CN_DIGITS:
            # Consecutive digits read positionally (二〇二二); after a place word they start afresh.
            number = number * 10 + _CN_DIGITS[ch] if after_digit else _CN_DIGITS[ch]
            after_digit = True
            continue
        after_digit = False
        if ch in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[ch]
        elif ch == "万":
            total += (section + number) * _CN_LARGE[ch]
        else:  # 亿 scales everything before it
            total = (total + section + number) * _CN_LARGE[ch]
        number = 0.0
        if ch in _CN_LARGE:
            section = 0.0
    return total + section + number


def parse_number(text: str) -> float | None:
    """A number as written: "18,976.76", "５３７７．６４", "一百二十", "1.5亿", "71万"; None if not one."""
    text = re.sub(r"\s+", "", to_ascii(text))
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    multiplier = 1.0
    if len(text) > 1 and text[-1] in _MULTIPLIERS and re.fullmatch(r"[\d.]+[万亿]", text):
        multiplier, text = _MULTIPLIERS[text[-1]], text[:-1]
    try:
        return float(text) * multiplier
    except ValueError:
        return parse_chinese_numeral(text)


def to_base(number: float, unit: str) -> tuple[float, str]:
    """(number, unit as written) → (value, base unit): (164.51, "万元") → (1645100.0, "元")."""
    unit = to_ascii(unit).strip()
    if unit.startswith("百分之"):
        return number, "%"
    if unit in MONEY_SCALE:
        return _clean_float(number * MONEY_SCALE[unit]), "元"
    if len(unit) > 1 and unit[0] in _MULTIPLIERS:  # 万人次 → ×1e4 人次
        return to_base(_clean_float(number * _MULTIPLIERS[unit[0]]), unit[1:])
    return number, _UNIT_ALIASES.get(unit, unit)


def _clean_float(number: float) -> float:
    """18976.76 × 1e4 is 189767599.99999997 in binary; reports never go below 0.0001 of a unit."""
    return round(number, 4)


def read_quantity(match: re.Match[str]) -> Quantity | None:
    """The Quantity a QUANTITY_RE match states, or None when the match is not a quantity (bare 一)."""
    if match["ynum"]:  # "连续 19 年": a count of years (a year itself is never a quantity)
        number = parse_number(match["ynum"])
        return None if number is None else Quantity(number, "年", False, "年")
    if match["pct"] or match["pcn"]:
        number = parse_number(match["pnum"] or match["pcn"])
        return None if number is None else Quantity(number, "%", False, "%")
    if match["cn"] == "一" and match["mult"] is None and match["unit"] != "元":
        return None  # 一个 / 一次 / 一家 are nearly always the indefinite article, not a count
    if match["cn"] and match.string.startswith(_SET_PHRASE_TAILS, match.end()):
        return None  # 八项规定, 四个意识: names, not counts
    number = parse_number(match["num"] or match["cn"])
    if number is None:
        return None
    unit = (match["mult"] or "") + match["unit"]
    value, base = to_base(number, unit)
    return Quantity(value, base, bool(match["approx1"] or match["approx2"]), match["unit"])


def _trim(number: float) -> str:
    """Up to four decimals without trailing zeros (float noise rounded away): 29.8, 5377.64, 12."""
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_money(value_yuan: float, unit: str | None = None) -> str:
    """298000 → "29.8万元"; 53776400 → "5377.64万元"; unit ("元", "万元", "亿元", "千元") forces the unit."""
    if unit is None:
        magnitude = abs(value_yuan)
        unit = "亿元" if magnitude >= 1e8 else "万元" if magnitude >= 1e4 else "元"
    return f"{_trim(value_yuan / MONEY_SCALE[unit])}{unit}"


def format_value(value: float, unit: str) -> str:
    """A base-unit value as a reader would write it: money via format_money, else number + unit."""
    return format_money(value) if unit == "元" else f"{_trim(value)}{unit}"
