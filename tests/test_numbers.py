import pytest

from index.numbers import (
    QUANTITY_RE,
    format_money,
    format_value,
    parse_chinese_numeral,
    parse_number,
    read_quantity,
    to_ascii,
    to_base,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("298000", 298000),
        ("164.51", 164.51),
        ("18,976.76", 18976.76),
        ("9,501,164", 9501164),
        ("５３７７．６４", 5377.64),
        ("１２，３４５．６", 12345.6),
        (" 22.91 ", 22.91),
        ("十五", 15),
        ("两", 2),
        ("三十", 30),
        ("一百二十万", 1200000),
        ("一百零五", 105),
        ("一亿二千万", 120000000),
        ("二〇二二", 2022),
        ("1.5亿", 150000000),
        ("71万", 710000),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "万里", "1.2.3"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_parse_chinese_numeral_rejects_other_characters():
    assert parse_chinese_numeral("十五个") is None


def test_to_ascii():
    assert to_ascii("１２．５％") == "12.5%"


@pytest.mark.parametrize(
    "number, unit, expected",
    [
        (164.51, "万元", (1645100.0, "元")),
        (18976.76, "万元", (189767600.0, "元")),
        (1.5, "亿元", (150000000.0, "元")),
        (3, "千元", (3000.0, "元")),
        (298000, "元", (298000.0, "元")),
        (5, "万人次", (50000.0, "人次")),
        (7, "人次", (7, "人次")),
        (0, "台（套）", (0, "台/套")),
        (12, "％", (12, "%")),
    ],
)
def test_to_base(number, unit, expected):
    assert to_base(number, unit) == expected


def _quantities(text):
    return [(m.group(0), read_quantity(m)) for m in QUANTITY_RE.finditer(text)]


@pytest.mark.parametrize(
    "text, value_text, value, unit, approx",
    [
        ("支出298000元", "298000元", 298000, "元", False),
        ("基本支出164.51万元", "164.51万元", 1645100, "元", False),
        ("发放慰问金71万余元", "71万余元", 710000, "元", True),
        ("300多名一线职工", "300多名", 300, "名", True),
        ("100余名队员", "100余名", 100, "名", True),
        ("占基本支出的88%", "88%", 88, "%", False),
        ("满意度达100％", "100％", 100, "%", False),
        ("增加77.70 %", "77.70 %", 77.7, "%", False),
        ("比例为百分之十五", "百分之十五", 15, "%", False),
        ("合计18,976.76万元", "18,976.76万元", 189767600, "元", False),
        ("基本支出 5377.64 万元", "5377.64 万元", 53776400, "元", False),
        ("投资1.5亿元", "1.5亿元", 150000000, "元", False),
        ("共计一百二十万元", "一百二十万元", 1200000, "元", False),
        ("设立十五个站点", "十五个", 15, "个", False),
        ("两人", "两人", 2, "人", False),
        ("三十余人参加", "三十余人", 30, "人", True),
        ("全额事业编制１４人", "１４人", 14, "人", False),
        ("帮扶困难职工7人次", "7人次", 7, "人次", False),
        ("房屋14609.83平方米", "14609.83平方米", 14609.83, "平方米", False),
        ("PM2.5 浓度确保 29 微克/立方米", "29 微克/立方米", 29, "微克/立方米", False),
        ("新建管网12.5公里", "12.5公里", 12.5, "公里", False),
        ("供水38.61万立方米", "38.61万立方米", 386100, "立方米", False),
        ("清运垃圾3000吨", "3000吨", 3000, "吨", False),
        ("专用设备818台/套", "818台/套", 818, "台/套", False),
        ("设备 0 台（套）", "0 台（套）", 0, "台/套", False),
        ("平均得分99.33分", "99.33分", 99.33, "分", False),
        ("活动人次5万人次", "5万人次", 50000, "人次", False),
        ("太湖连续 19 年实现安全度夏", "19 年", 19, "年", False),  # years counted after 连续
        ("连续三年获评", "三年", 3, "年", False),
    ],
)
def test_quantities_in_prose(text, value_text, value, unit, approx):
    found = _quantities(text)
    assert len(found) == 1, found
    written, quantity = found[0]
    assert written == value_text
    assert quantity.value == pytest.approx(value)
    assert (quantity.unit, quantity.approx) == (unit, approx)


@pytest.mark.parametrize(
    "text",
    [
        "2022年度部门整体支出",  # a year
        "截至2024年12月31日",  # a date
        "1、项目资金",  # a section number
        "第3次会议",  # an ordinal
        "208 05 02 事业单位离退休",  # classification codes
        "电话：021-52564588",  # a phone number
        "开展一次活动，成立一个工作室",  # 一 as an article
        "严格落实中央八项规定",  # a name, not a count
        "服务期6个月",  # a duration
        "连续2年度预算",  # 年度 after a number is no count of years
        "实施期3年",  # years are counted only after 连续
    ],
)
def test_not_quantities(text):
    assert [q for _, q in _quantities(text) if q is not None] == []


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (298000, None, "29.8万元"),
        (53776400, None, "5377.64万元"),
        (150000000, None, "1.5亿元"),
        (8000, None, "8000元"),
        (0, None, "0元"),
        (298000, "元", "298000元"),
        (26868, "万元", "2.6868万元"),
    ],
)
def test_format_money(value, unit, expected):
    assert format_money(value, unit) == expected


def test_format_value():
    assert format_value(1645100, "元") == "164.51万元"
    assert format_value(88.0, "%") == "88%"
    assert format_value(7, "人次") == "7人次"
