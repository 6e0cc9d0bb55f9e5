import re
from pathlib import Path

import pytest

from index.document import Block, Document, Table
from index.figures import Figure, extract_figures

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
REPORT_YEAR = 2022


def _figures(text: str, tables: list[tuple[int, Table]] | None = None) -> list[Figure]:
    doc = Document(path=Path("x.txt"), text=text, tables=tables or [])
    figures = extract_figures(doc, REPORT_YEAR)
    for f in figures:
        assert doc.text[f.start : f.end] == f.value_text
        assert doc.text[f.sent_start : f.sent_end] == f.sentence
        assert f.value_text in f.sentence
    return figures


def _find(figures: list[Figure], value_text: str, label: str) -> Figure:
    """The figure with that value_text and label; label "~X" means the label contains X."""
    for f in figures:
        matches_label = label[1:] in f.label if label.startswith("~") else f.label == label
        if f.value_text == value_text and matches_label:
            return f
    pytest.fail(f"no {value_text!r} labelled {label!r} in {[(f.value_text, f.label) for f in figures]}")


# (text, value_text, label — "~" for contains, value in base unit, unit, qualifier)
PROSE = [
    # 珠晖区总工会2022年度部门整体支出绩效报告
    ("（二）困难职工帮扶方面，2022年困难职工帮扶支出298000元。", "298000元", "困难职工帮扶支出", 298000, "元", None),
    ("其中医疗互助帮扶支出93000元，帮扶困难职工7人次，其中生活救助帮扶支出128000元，救助困难职工35人次",
     "93000元", "医疗互助帮扶支出", 93000, "元", None),
    ("其中医疗互助帮扶支出93000元，帮扶困难职工7人次，其中生活救助帮扶支出128000元，救助困难职工35人次",
     "7人次", "帮扶困难职工", 7, "人次", None),
    ("其中医疗互助帮扶支出93000元，帮扶困难职工7人次，其中生活救助帮扶支出128000元，救助困难职工35人次",
     "128000元", "生活救助帮扶支出", 128000, "元", None),
    ("其中医疗互助帮扶支出93000元，帮扶困难职工7人次，其中生活救助帮扶支出128000元，救助困难职工35人次",
     "35人次", "救助困难职工", 35, "人次", None),
    ("送温暖支出314029元，共走访慰问一线职工933人次，有力地叫响了工会“四季送”品牌。",
     "314029元", "送温暖支出", 314029, "元", None),
    ("送温暖支出314029元，共走访慰问一线职工933人次，有力地叫响了工会“四季送”品牌。",
     "933人次", "走访慰问一线职工", 933, "人次", None),
    ("其中开支市职工智跑活动61310元；参加市羽毛球赛开支26868元。", "26868元", "参加市羽毛球赛开支", 26868, "元", None),
    ("其中开支市职工智跑活动61310元；参加市羽毛球赛开支26868元。", "61310元", "市职工智跑活动", 61310, "元", None),
    ("其中衡阳市第一届工会干部职工气排球比赛活动开支157508元，本项活动共组织了全市15支队伍100余名队员参赛",
     "157508元", "衡阳市第一届工会干部职工气排球比赛活动开支", 157508, "元", None),
    ("其中衡阳市第一届工会干部职工气排球比赛活动开支157508元，本项活动共组织了全市15支队伍100余名队员参赛",
     "100余名", "队员", 100, "名", "approx"),
    ("（一）文体活动方面开展情况，2022年共开支245686元。", "245686元", "文体活动方面开展情况 开支", 245686, "元", None),
    ("其中户外劳动者服务站点补助25000元，目前我区已建成驿站共16家，其中一家荣获省“百优驿站”称号",
     "25000元", "户外劳动者服务站点补助", 25000, "元", None),
    ("其中户外劳动者服务站点补助25000元，目前我区已建成驿站共16家，其中一家荣获省“百优驿站”称号",
     "16家", "建成驿站", 16, "家", None),
    ("支付企业基层工会文体设施专项经费80000元；", "80000元", "企业基层工会文体设施专项经费", 80000, "元", None),
    ("发放乡镇街道工会2021年度工作经费85000元，共发放我区10个乡镇街道工会；",
     "85000元", "乡镇街道工会2021年度工作经费", 85000, "元", None),
    ("发放乡镇街道工会2021年度工作经费85000元，共发放我区10个乡镇街道工会；",
     "10个", "~乡镇街道工会", 10, "个", None),
    ("（三）对下补助方面，2022年对下补助支出480000元。", "480000元", "对下补助支出", 480000, "元", None),
    ("珠晖区总工会在职人员4人，退休人员2人，聘用人员2人。", "4人", "珠晖区总工会在职人员", 4, "人", None),
    ("珠晖区总工会在职人员4人，退休人员2人，聘用人员2人。", "2人", "退休人员", 2, "人", None),
    ("珠晖区总工会在职人员4人，退休人员2人，聘用人员2人。", "2人", "聘用人员", 2, "人", None),
    ("部门整体支出为107.70万元，使用方向为基本支出和项目支出。", "107.70万元", "部门整体支出", 1077000, "元", None),
    ("全年基本支出71.56万元，包含人员经费支出", "71.56万元", "基本支出", 715600, "元", None),
    ("1、项目资金：共计22万元，主要用于帮扶帮困", "22万元", "项目资金", 220000, "元", None),
    ("在项目支出预算中我会分别为1.职工服务工作经费6万元；2.工会劳模管理费双联工作会经费6万元；3.工会活动经费10万元。",
     "6万元", "工会劳模管理费双联工作会经费", 60000, "元", None),
    ("在项目支出预算中我会分别为1.职工服务工作经费6万元；2.工会劳模管理费双联工作会经费6万元；3.工会活动经费10万元。",
     "6万元", "职工服务工作经费", 60000, "元", None),
    ("2022年，我单位总体运行良好，圆满完成了各项工作任务；社会服务群众满意度达100％，取得良好的社会效益。",
     "100％", "社会服务群众满意度", 100, "%", None),
    # 南岳区总工会2022年度部门整体支出绩效评价报告
    ("南岳总工会是全额拨款的事业单位，根据编办核定，我单位内设股室1个为办公室。", "1个", "内设股室", 1, "个", None),
    ("编办核定编制人数14人，其中：行政编制0人，全额事业编制14人", "14人", "~编制人数", 14, "人", None),
    ("编办核定编制人数14人，其中：行政编制0人，全额事业编制14人", "0人", "行政编制", 0, "人", None),
    ("2022年末实际在岗在编人数 12 人，退休人员 2  人，临聘人员 2 人，现有公务用车0  台",
     "12 人", "实际在岗在编人数", 12, "人", None),
    ("2022年末实际在岗在编人数 12 人，退休人员 2  人，临聘人员 2 人，现有公务用车0  台",
     "2  人", "退休人员", 2, "人", None),
    ("2022年末实际在岗在编人数 12 人，退休人员 2  人，临聘人员 2 人，现有公务用车0  台",
     "2 人", "临聘人员", 2, "人", None),
    ("2022年末实际在岗在编人数 12 人，退休人员 2  人，临聘人员 2 人，现有公务用车0  台",
     "0  台", "公务用车", 0, "台", None),
    ("2022年基本支出164.51万元，较上年增加64.77万元。", "164.51万元", "基本支出", 1645100, "元", None),
    # "较上年的 7.80 万元" states last year's amount: a value, not a change (the 22.12 after it is one)
    ("会议费预算支出 29.92 万元，较上年的 7.80 万元增加 22.12万元", "7.80 万元", "~较上年", 78000, "元", None),
    ("会议费预算支出 29.92 万元，较上年的 7.80 万元增加 22.12万元", "22.12万元", "~增加", 221200, "元", "change"),
    ("2022年基本支出164.51万元，较上年增加64.77万元。", "64.77万元", "基本支出较上年增加", 647700, "元", "change"),
    ("基本支出中人员经费145.56万元，占基本支出的88%，与上年相比增加18%，因本年度有新招考人员进入",
     "145.56万元", "~人员经费", 1455600, "元", None),
    ("基本支出中人员经费145.56万元，占基本支出的88%，与上年相比增加18%，因本年度有新招考人员进入",
     "88%", "~人员经费占基本支出", 88, "%", "share"),
    ("基本支出中人员经费145.56万元，占基本支出的88%，与上年相比增加18%，因本年度有新招考人员进入",
     "18%", "~人员经费与上年相比增加", 18, "%", "change"),
    ("日常公用经费18.95万元，占基本支出的12%，较上年下降18%，主要原因是受疫情封控影响",
     "18.95万元", "日常公用经费", 189500, "元", None),
    ("日常公用经费18.95万元，占基本支出的12%，较上年下降18%，主要原因是受疫情封控影响",
     "12%", "日常公用经费占基本支出", 12, "%", "share"),
    ("日常公用经费18.95万元，占基本支出的12%，较上年下降18%，主要原因是受疫情封控影响",
     "18%", "日常公用经费较上年下降", 18, "%", "change"),
    ("其中慰问疫情防控一线人员经费支出27万元，主要是对我区公安等疫情防控一线人员510人的慰问金发放",
     "27万元", "慰问疫情防控一线人员经费支出", 270000, "元", None),
    ("春节走访慰问经费支出34 万元，主要用于拨付给区城市管理和综合执法局等15个单位春节慰问经费。",
     "34 万元", "春节走访慰问经费支出", 340000, "元", None),
    ("组织开展了“冬送温暖·情系职工”春节系列慰问活动，共走访慰问职工650人次，发放慰问金71万余元。",
     "71万余元", "慰问金", 710000, "元", "approx"),
    ("组织开展了“冬送温暖·情系职工”春节系列慰问活动，共走访慰问职工650人次，发放慰问金71万余元。",
     "650人次", "走访慰问职工", 650, "人次", None),
    ("看望慰问奋战在抗疫一线的工作人员，向在高温下坚守岗位的300多名一线职工送上一份清凉、一份关怀。",
     "300多名", "~一线职工", 300, "名", "approx"),
    ("南岳区总工会充分利用党群服务中心、社区服务站等现有公益性设施设备，因地制宜建立13个户外劳动者爱心驿站，其中祝融峰站点获评",
     "13个", "~户外劳动者爱心驿站", 13, "个", None),
    ("开展了“工会相伴•新就业形态劳动者温暖行动”慰问活动，向130名职工代表送上了“温暖包”",
     "130名", "职工代表", 130, "名", None),
    ("2022年全区参加职工医疗互助活动的单位81个，职工3027人，截止到目前，职工申报互助金累计达156232元",
     "81个", "参加职工医疗互助活动的单位", 81, "个", None),
    ("2022年全区参加职工医疗互助活动的单位81个，职工3027人，截止到目前，职工申报互助金累计达156232元",
     "156232元", "职工申报互助金", 156232, "元", None),
    # 上海市普陀区规划和自然资源局 2024 年度部门决算
    ("本年支出合计 9759.38 万元，其中：基本支出 5377.64 万元，占 55.10%；项目支出 4381.74 万元，占 44.90%。",
     "9759.38 万元", "本年支出合计", 97593800, "元", None),
    ("本年支出合计 9759.38 万元，其中：基本支出 5377.64 万元，占 55.10%；项目支出 4381.74 万元，占 44.90%。",
     "5377.64 万元", "基本支出", 53776400, "元", None),
    ("本年支出合计 9759.38 万元，其中：基本支出 5377.64 万元，占 55.10%；项目支出 4381.74 万元，占 44.90%。",
     "55.10%", "基本支出占", 55.1, "%", "share"),
    ("本年支出合计 9759.38 万元，其中：基本支出 5377.64 万元，占 55.10%；项目支出 4381.74 万元，占 44.90%。",
     "44.90%", "项目支出占", 44.9, "%", "share"),
    ("与 2023 年度相比，收入支出总计增加 1062.85 万元，增长 12.08%。",
     "1062.85 万元", "收入支出总计增加", 10628500, "元", "change"),
    ("与 2023 年度相比，收入支出总计增加 1062.85 万元，增长 12.08%。",
     "12.08%", "收入支出总计增长", 12.08, "%", "change"),
    ("一般公共预算财政拨款支出 9746.50 万元，主要用于以下方面：社会保障和就业支出（类）754.75 万元，占 7.74%；",
     "754.75 万元", "社会保障和就业支出", 7547500, "元", None),
    ("一般公共预算财政拨款支出 9746.50 万元，占本年支出合计的 99.86%。",
     "99.86%", "一般公共预算财政拨款支出占本年支出合计", 99.86, "%", "share"),
    ("13、住房保障支出（类）住房保障支出（款）购房补贴（项）。主要用于：行政单位购房补贴支出。"
     "年初预算为 171.49 万元，支出决算为 171.49 万元，完成年初预算的 100.00%。",
     "171.49 万元", "购房补贴 年初预算", 1714900, "元", None),
    ("13、住房保障支出（类）住房保障支出（款）购房补贴（项）。主要用于：行政单位购房补贴支出。"
     "年初预算为 171.49 万元，支出决算为 171.49 万元，完成年初预算的 100.00%。",
     "171.49 万元", "购房补贴 支出决算", 1714900, "元", None),
    ("13、住房保障支出（类）住房保障支出（款）购房补贴（项）。主要用于：行政单位购房补贴支出。"
     "年初预算为 171.49 万元，支出决算为 171.49 万元，完成年初预算的 100.00%。",
     "100.00%", "购房补贴 支出决算完成年初预算", 100, "%", None),
    ("9、城乡社区支出（类）城乡社区规划与管理（款）城乡社区规划与管理（项）。年初预算为 3110.14 万元，支出决算为 2739.56 万元。",
     "2739.56 万元", "城乡社区规划与管理 支出决算", 27395600, "元", None),
    ("“三公”经费财政拨款支出年初预算为 2.85 万元，支出决算为 0.39 万元，完成预算的 13.68%",
     "2.85 万元", "三公经费财政拨款支出年初预算", 28500, "元", None),
    ("“三公”经费财政拨款支出年初预算为 2.85 万元，支出决算为 0.39 万元，完成预算的 13.68%",
     "0.39 万元", "三公经费财政拨款支出 支出决算", 3900, "元", None),
    ("机关运行经费支出 142.80 万元，比 2023 年度减少 13.52 万元，下降 8.65%。",
     "142.80 万元", "机关运行经费支出", 1428000, "元", None),
    ("机关运行经费支出 142.80 万元，比 2023 年度减少 13.52 万元，下降 8.65%。",
     "13.52 万元", "机关运行经费支出比2023年度减少", 135200, "元", "change"),
    ("机关运行经费支出 142.80 万元，比 2023 年度减少 13.52 万元，下降 8.65%。",
     "8.65%", "机关运行经费支出下降", 8.65, "%", "change"),
    ("国内公务接待支出 0.39 万（含外宾接待支出 0.00 万元）。", "0.00 万元", "外宾接待支出", 0, "元", None),
    ("列明公务接待 2 批次、26 人次，其中：接待外宾 0 批次、0 人次。", "26 人次", "列明公务接待", 26, "人次", None),
    ("全年安排因公出国（境）团组 0 个、累计 0 人次。", "0 个", "因公出国（境）团组", 0, "个", None),
    ("涉及预算金额4415.48万元，平均得分99.33分", "99.33分", "平均得分", 99.33, "分", None),
    ("截至 2024 年 12 月 31 日，上海市普陀区规划和自然资源局部门（单位）共有车辆 0 辆，其中：部级领导干部用车 0 辆",
     "0 辆", "部级领导干部用车", 0, "辆", None),
    # 上海市普陀区社会福利院2024年单位预算 / 万里街道办事处2023年部门预算
    ("2024年，上海市普陀区社会福利院收入预算1,212.12万元，其中：财政拨款收入950.12万元，比2023年预算增加0.46万元；",
     "1,212.12万元", "上海市普陀区社会福利院收入预算", 12121200, "元", None),
    ("2024年，上海市普陀区社会福利院收入预算1,212.12万元，其中：财政拨款收入950.12万元，比2023年预算增加0.46万元；",
     "0.46万元", "财政拨款收入比2023年预算增加", 4600, "元", "change"),
    ("事业收入262.00万元；事业单位经营收入0.00万元；", "262.00万元", "事业收入", 2620000, "元", None),
    ("收入预算16497.86万元，其中：财政拨款收入16497.86万元，比2022年（上一年度，下同）预算增加1421.25万元；",
     "1421.25万元", "财政拨款收入比2022年预算增加", 14212500, "元", "change"),
    ("1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。",
     "2.63万元", "统计管理", 26300, "元", None),
    ("2023年“三公”经费预算数为22.91万元，比2022年预算持平。", "22.91万元", "三公经费预算数", 229100, "元", None),
    ("（二）、公务车购置及运行费21.56万元，其中：公务用车购置费0万元，比2022年预算持平",
     "21.56万元", "公务车购置及运行费", 215600, "元", None),
    ("2023年上海市普陀区人民政府万里街道办事处（部门）下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为786.09万元",
     "786.09万元", "机关运行经费预算", 7860900, "元", None),
    ("车辆7辆（一般公务用车3辆，执法执勤用车4辆，特种专业技术用车0辆，其他用车0辆）；",
     "4辆", "执法执勤用车", 4, "辆", None),
    ("长期投资0项0万元。在建工程1项12277.73万元。", "12277.73万元", "在建工程", 122777300, "元", None),
    ("上海市普陀区社会福利院设5个内设机构，包括：院长室、办公室", "5个", "~内设机构", 5, "个", None),
    ("用地面积约为4000.6平方米（以实测为准）", "4000.6平方米", "用地面积", 4000.6, "平方米", "approx"),
    # 减低 and 压减 say a change as 减少 does
    ("2026年公务接待费为0.86万元，和2025年相比预算减低0.27万元", "0.27万元", "公务接待费相比预算减低", 2700, "元",
     "change"),
    # the number in the reason for a change is no change ("经费增加的原因是接收调拨车辆 2 辆")
    ("公务用车运行维护费26.20万元，经费增加的原因是接收调拨车辆 2 辆", "2 辆", "~接收调拨车辆", 2, "辆", None),
    # "收、支" and "收入、支出" before 预算总计 abbreviate one name: the 、 is no list's
    ("收入、支出预算总计131,349.6 万元，与上年相比收、支预算总计各增加 49,528.01 万元", "49,528.01 万元",
     "~收、支预算总计各增加", 495280100, "元", "change"),
    ("收入、支出预算总计131,349.6 万元", "131,349.6 万元", "收入、支出预算总计", 1313496000, "元", None),
]


@pytest.mark.parametrize("text, value_text, label, value, unit, qualifier", PROSE)
def test_prose_figure(text, value_text, label, value, unit, qualifier):
    figure = _find(_figures(text), value_text, label)
    assert figure.value == pytest.approx(value)
    assert (figure.unit, figure.qualifier) == (unit, qualifier)


@pytest.mark.parametrize(
    "text, value_text, label, year",
    [
        ("2022年困难职工帮扶支出298000元。", "298000元", "困难职工帮扶支出", 2022),
        ("发放乡镇街道工会2021年度工作经费85000元", "85000元", "乡镇街道工会2021年度工作经费", 2021),
        ("2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。",
         "1.48万元", "预算执行数", 2022),
        ("2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。",
         "2.63万元", "预算安排", 2023),
        # a year after 比 is the comparison base, not the figure's year
        ("2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。",
         "77.70 %", "~预算安排比2022年预算执行数增加", 2023),
        ("全年基本支出71.56万元", "71.56万元", "基本支出", REPORT_YEAR),
        # the number right after the comparison is the base year's own value; the change is this year's
        ("2021 年会议费预算支出 29.92 万元，较上年的 7.80 万元增加 22.12万元", "7.80 万元", "~较上年", 2020),
        ("2021 年会议费预算支出 29.92 万元，较上年的 7.80 万元增加 22.12万元", "22.12万元", "~增加", 2021),
        ("2026年财政拨款收入21,502万元，比2025年预算21,021万元增加481万元", "21,021万元", "~比2025年预算", 2025),
    ],
)
def test_prose_year(text, value_text, label, year):
    assert _find(_figures(text), value_text, label).year == year


def test_generic_words_take_the_item_named_before_them():
    text = ("1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。"
            "2022年当年预算执行数为1.48万元，2023年预算安排2.63万元。")
    figures = _figures(text)
    _find(figures, "1.48万元", "统计管理 预算执行数")
    _find(figures, "2.63万元", "统计管理 预算安排")


def test_parts_after_qizhong_are_of_the_wholes_fund():
    """"其中：基本支出…；项目支出…" right after a fund's whole breaks that fund's whole down; a 其中 after a
    whole of no fund, or a paragraph later, names its parts as they are."""
    text = ("2026年一般公共预算财政拨款支出 128148.56 万元，比 2025 年增加 10300.15 万元。\n"
            "其中：基本支出 33325.21 万元，比 2025年增加 2943.64 万元；项目支出94823.35 万元。\n"
            "支出合计 186549.30 万元，主要是基本支出增加 5246.63 万元。\n"
            "2026年支出预算 186549.30 万元。其中：基本支出 40000.00 万元。\n"
            "政府性基金预算支出 10.00 万元。\n三、其他说明\n基本支出 7.00 万元。\n"
            "收入预算 515313.35 万元，主要是政府性基金预算收入较上年下降 45.9%。\n"
            "其中：一般公共预算拨款收入 37018.75 万元。")
    figures = _figures(text)
    _find(figures, "33325.21 万元", "一般公共预算财政拨款基本支出")
    _find(figures, "2943.64 万元", "一般公共预算财政拨款基本支出比2025年增加")
    _find(figures, "94823.35 万元", "一般公共预算财政拨款项目支出")
    _find(figures, "5246.63 万元", "基本支出增加")
    _find(figures, "40000.00 万元", "基本支出")
    _find(figures, "7.00 万元", "基本支出")
    _find(figures, "37018.75 万元", "一般公共预算拨款收入")  # a change before it names no whole


def test_no_figures_from_years_dates_codes_and_ordinals():
    text = ("第三部分 2024 年度部门决算\n一、收入支出决算总体情况说明\n截至2024年12月31日，"
            "联系电话：52564588。\n208 05 02 事业单位离退休\n第1次会议")
    assert _figures(text) == []


def test_quotes_are_normalised_in_the_label_only():
    figure = _find(_figures("2023年“三公”经费预算数为22.91万元。"), "22.91万元", "三公经费预算数")
    assert "“三公”" in figure.sentence


def test_sentence_offsets_and_bounds():
    text = "一、概况\n珠晖区总工会在职人员4人，退休人员2人。其中医疗互助帮扶支出93000元。"
    figure = _find(_figures(text), "93000元", "医疗互助帮扶支出")
    assert figure.sentence == "其中医疗互助帮扶支出93000元"


# ---- tables --------------------------------------------------------------------------------------

SANGONG = Table(
    rows=[
        ["2023年“三公”经费预算数", "", "", "", "", "", "2023年机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", ""],
        ["22.91", "0", "1.35", "21.56", "0", "21.56", "786.09"],
    ],
    unit="万元",
    title="2023年部门“三公”经费和机关运行经费预算表",
)
SPENDING = Table(
    rows=[
        ["项目", "", "本年支出合计", "基本支出", "项目支出"],
        ["科目编码", "科目名称", "", "", ""],
        ["", "合计", "9,759.38", "5,377.64", "4,381.74"],
        ["2210203", "购房补贴", "171.49", "171.49", "0.00"],
        ["208 05 05", "机关事业单位基本养老保险缴费支出", "446.11", "446.11", ""],
    ],
    unit="万元",
    title="支出决算表",
)
ECONOMIC = Table(
    rows=[
        ["经济分类科目编码", "部门经济分类科目名称", "合计", "人员经费", "公用经费"],
        ["301", "工资福利支出", "6,958,414", "6,958,414", ""],
        ["301 13", "住房公积金", "335,816", "335,816", ""],
        ["302", "商品和服务支出", "2,120,950", "", "2,120,950"],
    ],
    unit="元",
    title="2024年预算单位一般公共预算基本支出部门预算经济分类预算表",
)
PAIRED = Table(
    rows=[
        ["收入", "", "支出", ""],
        ["项目", "决算数", "项目", "决算数"],
        ["一、一般公共预算财政拨款收入", "9746.50", "一、一般公共服务支出", ""],
        ["八、其他收入", "", "八、社会保障和就业支出", "754.75"],
        ["本年收入合计", "9746.50", "本年支出合计", "9759.38"],
    ],
    unit="万元",
)


def _table_doc(*tables: Table) -> Document:
    blocks = [Block("表格如下。")]
    for table in tables:
        blocks += [Block(table.render(), table), Block("注：本表反映部门本年度情况。")]
    return Document.from_blocks(Path("x.pdf"), blocks)


def _table_figures() -> list[Figure]:
    doc = _table_doc(SANGONG, SPENDING, ECONOMIC, PAIRED)
    figures = extract_figures(doc, 2024)
    for f in figures:
        assert doc.text[f.start : f.end] == f.value_text
        assert doc.text[f.sent_start : f.sent_end] == f.sentence
    return figures


@pytest.mark.parametrize(
    "value_text, label, value, year",
    [
        ("22.91", "2023年三公经费预算数 合计", 229100, 2023),
        ("1.35", "2023年三公经费预算数 公务接待费", 13500, 2023),
        ("21.56", "2023年三公经费预算数 公务用车购置及运行费 小计", 215600, 2023),
        ("786.09", "2023年机关运行经费预算数", 7860900, 2023),
        ("5,377.64", "合计 基本支出", 53776400, 2024),
        ("9,759.38", "合计 本年支出合计", 97593800, 2024),
        ("171.49", "购房补贴 本年支出合计", 1714900, 2024),
        ("0.00", "购房补贴 项目支出", 0, 2024),
        ("446.11", "机关事业单位基本养老保险缴费支出 基本支出", 4461100, 2024),
        ("335,816", "住房公积金 人员经费", 335816, 2024),
        ("2,120,950", "商品和服务支出 公用经费", 2120950, 2024),
        ("754.75", "社会保障和就业支出 支出 决算数", 7547500, 2024),
        ("9746.50", "一般公共预算财政拨款收入 收入 决算数", 97465000, 2024),
        ("9759.38", "本年支出合计 支出 决算数", 97593800, 2024),
    ],
)
def test_table_figure(value_text, label, value, year):
    figure = _find(_table_figures(), value_text, label)
    assert figure.value == pytest.approx(value)
    assert (figure.unit, figure.year) == ("元", year)
    assert figure.sentence in _table_doc(SANGONG, SPENDING, ECONOMIC, PAIRED).text.split("\n")


def test_table_codes_and_empty_cells_are_not_figures():
    texts = {f.value_text for f in _table_figures()}
    assert not texts & {"2210203", "301", "302", "208 05 05", "301 13", ""}


def test_table_zeros_are_kept():
    zeros = [f for f in _table_figures() if f.value_text == "0"]
    assert {f.label for f in zeros} == {"2023年三公经费预算数 因公出国(境)费", "2023年三公经费预算数 公务用车购置及运行费 购置费"}


def test_table_prose_is_not_scanned_as_prose():
    table = Table(rows=[["项目", "人数"], ["在职人员", "14人"]])
    doc = _table_doc(table)
    assert [f.value_text for f in extract_figures(doc, 2024)] == []


def test_sentences_inside_a_long_text_cell_are_read_as_prose():
    """A 绩效目标表's 依据 cell: "…2026年需预算安排特困人员救助供养金3344万元。" states an amount no
    numeric cell holds; each figure quotes its own sentence inside the cell."""
    basis = "按现行标准，2026年需预算安排城市低保3144万元，农村低保9721万元；2026年需预算安排特困人员救助供养金3344万元。"
    table = Table(rows=[["项目名称", "立项依据", "金额"], ["困难群众救助", basis, "16209"]], unit="万元")
    doc = _table_doc(table)
    figures = {f.value_text: f for f in extract_figures(doc, 2026)}
    assert {"3144万元", "9721万元", "3344万元", "16209"} <= set(figures)
    assert "特困人员救助供养金" in figures["3344万元"].label and figures["3344万元"].value == 33440000
    assert figures["3344万元"].sentence == "2026年需预算安排特困人员救助供养金3344万元"
    assert figures["9721万元"].label == "农村低保"


def test_misplaced_table_gives_no_figures():
    doc = Document(path=Path("x.pdf"), text="别的文字", tables=[(0, SANGONG)])
    assert extract_figures(doc, 2024) == []


# ---- the whole corpus file ------------------------------------------------------------------------

def test_zhuhui_report():
    raw = (CORPUS / "珠晖区总工会2022年度部门整体支出绩效报告.txt").read_text(encoding="utf-8")
    doc = Document(path=Path("zhuhui.txt"), text=re.sub(r"\[bookmark: [^\]]*\]", "", raw))
    figures = extract_figures(doc, 2022)
    for f in figures:
        assert doc.text[f.start : f.end] == f.value_text
        assert f.value_text in f.sentence
        assert doc.text[f.sent_start : f.sent_end] == f.sentence
    help_ = _find(figures, "298000元", "困难职工帮扶支出")
    assert (help_.value, help_.unit, help_.year) == (298000, "元", 2022)
    assert not any(f.value_text.startswith("2022") for f in figures)


def test_a_unit_written_in_the_row_label_scales_a_table_without_one():
    # 绩效目标表: no unit line above the table, "（万元）" in the row's own heading
    goals = Table(rows=[["项目名称", "市行政中心保安服务项目", "", ""],
                        ["专项资金情况（万元）", "资金总额：", "4200.00", ""],
                        ["", "其中：财政拨款", "1200.00", ""],
                        ["年度目标", "聘用保安", "35", ""]],
                  title="市行政中心保安服务项目绩效目标表")
    figures = extract_figures(_table_doc(goals))
    total = _find(figures, "4200.00", "~资金总额")
    assert (total.value, total.unit) == (42000000, "元")
    # the merged first cell goes on down its block: 财政拨款 is in 万元 too; the next block names none
    assert (_find(figures, "1200.00", "~财政拨款").value, _find(figures, "1200.00", "~财政拨款").unit) == (12000000, "元")
    assert _find(figures, "35", "~聘用保安").unit == ""


GOALS = Table(
    rows=[["一级指标", "二级指标", "三级指标", "年度指标值"],
          ["产出指标", "数量指标", "保障离退休干部人数", "=21人"],
          ["产出指标", "质量指标", "经费发放准确性", "≥95%"],
          ["成本指标", "经济成本", "养老金发放金额", "≤170万元"],
          ["产出指标", "数量指标", "驻京工作人员人数", "<=18人"],
          ["效益指标", "满意度指标", "服务对象满意度", "较高"]],
    title="退休人员补助项目绩效目标表")
SELF_EVALUATION = Table(
    rows=[["一级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
          ["产出指标", "维保车辆数", "950辆", "950", "10", "10"]],
    title="2024年度部门整体绩效自评表")


def test_performance_targets_are_figures_of_their_indicator():
    figures = extract_figures(_table_doc(GOALS, SELF_EVALUATION))
    people = _find(figures, "21人", "保障离退休干部人数 年度指标值")  # "=" says nothing: left out
    assert (people.value, people.unit) == (21, "人")
    assert _find(figures, "≥95%", "经费发放准确性 年度指标值").unit == "%"
    money = _find(figures, "≤170万元", "养老金发放金额 年度指标值")
    assert (money.value, money.unit) == (1700000, "元")
    assert _find(figures, "950辆", "维保车辆数 年度指标值").unit == "辆"
    ascii_bound = _find(figures, "<=18人", "驻京工作人员人数 年度指标值")  # "<=" typed for ≤
    assert (ascii_bound.value, ascii_bound.unit) == (18, "人")
    assert _find(figures, "950", "维保车辆数 实际完成值").value == 950
    assert not [f for f in figures if "满意度" in f.label]  # "较高" is no number
    doc_text = _table_doc(GOALS, SELF_EVALUATION).text
    assert all(doc_text[f.start:f.end] == f.value_text for f in figures)


def test_an_indicator_takes_its_unit_from_a_measure_column():
    """"水费 | 120 | … | 万元": a 绩效目标表 whose 度量单位 column says what the target is counted in."""
    header = ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值",
              "指标值内容", "评（扣）分标准", "度量单位", "指标值类型", "备注"]
    table = Table(rows=[header,
                        ["201056", "经常性运转经费", "270.00", "保障运转", "成本指标", "经济成本指标", "水费", "120",
                         "水费财政拨款总费用", "偏离目标40%不得分", "万元", "＝", "7"],
                        ["201056", "经常性运转经费", "270.00", "保障运转", "产出指标", "数量指标", "保障天数", "≥365",
                         "全年", "按天计", "天", "≥", "7"],
                        ["201056", "经常性运转经费", "270.00", "保障运转", "成本指标", "经济成本指标", "人均培训费",
                         "0.12", "每人每年", "超标不得分", "万元/年/人", "≤", "7"]], unit="万元", title="2026年项目支出绩效目标表")
    figures = {f.label: f for f in extract_figures(_table_doc(table), 2026)}
    assert (figures["水费 指标值"].value, figures["水费 指标值"].unit) == (1200000, "元")
    assert (figures["保障天数 指标值"].value, figures["保障天数 指标值"].unit) == (365, "天")
    assert (figures["人均培训费 指标值"].value, figures["人均培训费 指标值"].unit) == (1200, "元/年/人")


def test_a_forms_heading_rows_head_no_column():
    """A 部门整体绩效自评表 opens as a form ("部门（单位）名称 | … | 部门预算编码 | 127"): the code filled in
    is no value, and the column headers are the rows after the form's heading."""
    table = Table(rows=[
        ["专项名称", "127部门整体", "127部门整体", "127部门整体", "127部门整体"],
        ["部门（单位）名称", "宁德市人民政府办公室", "", "部门预算编码", "127"],
        ["财政资金安排和使用情况", "预算安排", "", "拨付情况", ""],
        ["", "年初部门预算安排金额①", "年中调整金额②", "年度拨付金额 ④", "支出实现率(%) ⑤=④/③"],
        ["合计", "9209.55", "790.22", "8874.74", "88.75"]], title="部门整体绩效自评表")
    figures = extract_figures(_table_doc(table), 2024)
    assert {f.label: f.value_text for f in figures} == {
        "合计 预算安排 年初部门预算安排金额①": "9209.55", "合计 预算安排 年中调整金额②": "790.22",
        "合计 拨付情况 年度拨付金额④": "8874.74", "合计 拨付情况 支出实现率(%)⑤=④/③": "88.75"}


def test_a_target_tables_name_column_may_be_headed_content_and_its_target_column_target_value():
    """西安 heads the indicator's name 指标内容; 泉州 heads the target 目标值: the same columns."""
    xian = Table(rows=[["一级指标", "二级指标", "指标内容", "指标值", "备注"],
                       ["产出指标", "数量指标", "公路养建里程", "12426.61公里", ""]], title="交通运输发展专项资金")
    quanzhou = Table(rows=[["绩效目标指标", "一级指标", "二级指标", "三级指标", "目标值"],
                           ["", "产出指标", "数量指标", "组织举办会议（活动）数", "≥100场"]], title="部门整体支出绩效目标表")
    figures = extract_figures(_table_doc(xian, quanzhou), 2026)
    road = _find(figures, "12426.61公里", "公路养建里程 指标值")
    assert (road.value, road.unit) == (12426.61, "公里")
    assert _find(figures, "≥100场", "组织举办会议（活动）数 目标值").value == 100
    assert not [f for f in figures if f.label.startswith("数量指标")]  # the 二级 column names no indicator


def test_a_project_rows_money_in_a_target_table_is_labelled_by_the_project():
    header = ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值"]
    table = Table(rows=[header,
                        ["106001", "天网工程租赁和服务费", "1,900.00", "完成天网工程项目建设及验收", "产出指标", "数量指标",
                         "摄像头数", "37275"],
                        ["", "", "", "", "产出指标", "质量指标", "验收合格率", "100%"]],
                  unit="万元", title="项目绩效目标表")
    figures = extract_figures(_table_doc(table), 2025)
    money = _find(figures, "1,900.00", "天网工程租赁和服务费 资金总额")
    assert (money.value, money.unit) == (19000000, "元")
    assert _find(figures, "37275", "摄像头数 指标值").value == 37275


def test_a_target_tables_rows_without_their_header_are_still_indicators():
    """A page of a 绩效目标表 whose header rows stayed on the page before: a row ending in a signed target
    is named by the cell before it; an ordinary table's rows are not read so."""
    rest = Table(rows=[["", "", "数量指标", "组织举办会议（活动）数", "≥100场"],
                       ["", "", "质量指标", "资金使用合规性", "=100%"],
                       ["", "", "满意度指标", "服务对象满意度", "较高"]], title="")
    figures = extract_figures(_table_doc(rest), 2026)
    assert _find(figures, "≥100场", "组织举办会议（活动）数 指标值").value == 100
    assert _find(figures, "100%", "资金使用合规性 指标值").unit == "%"
    assert len(figures) == 2
    plain = Table(rows=[["项目", "金额"], ["办公费", "12.5"]], unit="万元", title="")
    assert [f.label for f in extract_figures(_table_doc(plain), 2026)] == ["办公费 金额"]


def test_an_indicator_naming_two_measures_gives_a_target_for_each():
    table = Table(rows=[["一级指标", "二级指标", "指标内容", "指标值"],
                        ["", "数量指标", "指标3：系统平台数量；坐席数量", "1个；60个"],
                        ["", "", "指标4：子系统维护数量", "13个"]], title="12333话务系统平台项目")
    doc = _table_doc(table)
    figures = extract_figures(doc, 2020)
    seats = _find(figures, "60个", "坐席数量 指标值")
    assert (seats.value, seats.unit) == (60, "个")
    assert _find(figures, "1个", "系统平台数量 指标值").value == 1
    assert _find(figures, "13个", "子系统维护数量 指标值").value == 13  # "指标4：" is a number, not a word
    assert all(doc.text[f.start:f.end] == f.value_text for f in figures)
