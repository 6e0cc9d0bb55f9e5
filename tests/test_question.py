"""Question analysis: which reports, which metric, which kind of answer."""
import pytest

from engine.question import analyse
from engine.reports import Report, ReportCatalog

CATALOG = ReportCatalog([
    Report(1, "南岳区总工会2022年度部门整体支出绩效评价报告", "a.txt", "南岳区", "总工会", 2022, "绩效评价"),
    Report(2, "珠晖区总工会2022年度部门整体支出绩效报告", "b.txt", "珠晖区", "总工会", 2022, "绩效评价"),
    Report(3, "上海市普陀区万里街道办事处2023年部门预算", "c.pdf", "普陀区", "万里街道办事处", 2023, "预算"),
    Report(4, "上海市普陀区财政局2024年度部门决算", "d.pdf", "普陀区", "财政局", 2024, "决算"),
    Report(5, "中共上海市普陀区委社会工作部2024年部门预算", "e.pdf", "普陀区", "社会工作部", 2024, "预算"),
    Report(6, "上海市普陀区财政局2023年度部门决算", "f.pdf", "普陀区", "财政局", 2023, "决算"),
])


@pytest.mark.parametrize("question, doc_ids", [
    ("珠晖区困难职工帮扶支出多少", [2]),
    ("珠晖困难职工帮扶支出多少", [2]),  # short form of the region
    ("南岳区总工会编制多少人", [1]),
    ("万里街道2023年三公经费预算", [3]),
    ("社会工作部2024年预算多少", [5]),
    ("财政局2023年基本支出", [6]),  # the year chooses among years of one department
    ("财政局2024年基本支出", [4]),
    ("人员经费占基本支出的比例", []),  # names no report
])
def test_reports_named(question, doc_ids):
    assert analyse(question, CATALOG).match.doc_ids == doc_ids


@pytest.mark.parametrize("question", [
    "万里街道2025年三公经费预算",  # no 2025 report
    "珠晖区总工会2021年基本支出是多少",
])
def test_year_without_a_report(question):
    assert analyse(question, CATALOG).match.year_missing


def test_comparison_base_year_is_not_the_report_year():
    q = analyse("财政局机关运行经费比2023年增加了多少", CATALOG)
    assert not q.match.year_missing and q.change


@pytest.mark.parametrize("question, unknown", [
    ("雁峰区总工会2022年基本支出多少", "雁峰区"),
    ("普陀区教育局2024年基本支出决算", "教育局"),
    ("珠晖区财政局2022年部门整体支出", "珠晖区财政局"),  # both names exist, the pair does not
    ("南岳区和成都水务局的委托业务费各多少", "成都水务局"),  # a bare city and its bureau are one name
])
def test_unknown_departments(question, unknown):
    assert unknown in analyse(question, CATALOG).match.unknown


@pytest.mark.parametrize("question, kind, unit", [
    ("珠晖区困难职工帮扶支出多少", "figure", "money"),
    ("珠晖区参加市羽毛球赛花了多少钱", "figure", "money"),
    ("南岳区总工会编制多少人", "figure", "人"),
    ("珠晖区生活救助帮扶了多少人次", "figure", "人次"),
    ("万里街道管的道路有多少公里", "figure", "公里"),  # a length: never answered in 万元 (scoring.unit_fit)
    ("万里街道房屋有多少平方米", "figure", "平方米"),
    ("人员经费占基本支出的比例", "figure", "percent"),
    ("万里街道安置了多少退役军人", "figure", "人"),  # a noun of people ends the question
    ("南岳区建了几个户外劳动者爱心驿站", "figure", "个"),  # …者 is not what is counted
    ("珠晖区送温暖走访慰问了多少人次一线职工", "figure", "人次"),
    ("万里街道房屋面积多少", "figure", "平方米"),  # an area, in any area unit
    ("财政局固定资产总额多少", "figure", "money"),
    ("财政局提租补贴多少", "figure", "money"),
    ("万里街道公务用车购置预算多少", "figure", "money"),  # a budget for cars is money, not cars
    ("万里街道要对多少条河流开展水质监测", "figure", "条"),  # the count word, not 多少部门's 部
    ("万里街道有多少部门", "figure", None),
    ("南岳区和珠晖区哪个基本支出多", "compare", "money"),
    ("南岳区和珠晖区哪个车多", "compare", "辆"),  # the cars, not what they cost to run
    ("珠晖区总工会存在哪些问题", "text", None),
    ("南岳区总工会的主要职责有哪些", "text", None),
])
def test_kind_and_unit(question, kind, unit):
    q = analyse(question, CATALOG)
    assert (q.kind, q.unit) == (kind, unit)


def test_staff_wording_becomes_report_wording():
    q = analyse("珠晖区参加市羽毛球赛花了多少钱", CATALOG)
    assert q.metric == "参加市羽毛球赛支出"
    assert "支出" in analyse("南岳区春节慰问开支多少", CATALOG).alternatives


def test_comparison_groups_and_direction():
    q = analyse("南岳区和珠晖区哪个基本支出少", CATALOG)
    assert q.match.groups == [[1], [2]] and q.less and q.metric == "基本支出"


def test_relative_years_are_the_years_asked_in():
    q = analyse("万里街道今年三公经费预算", CATALOG, this_year=2023)
    assert q.match.own_years == [2023] and q.match.doc_ids == [3] and "今年" not in q.metric
    assert analyse("财政局去年基本支出", CATALOG, this_year=2024).match.doc_ids == [6]
    base = analyse("财政局机关运行经费比去年增加了多少", CATALOG, this_year=2024)
    assert base.change and base.match.own_years == []  # the base of a change, not the year asked


@pytest.mark.parametrize("question, parts", [
    ("万里街道2023年会议费和培训费各是多少", ["会议费", "培训费"]),
    ("万里街道公务用车购置费和运行维护费分别多少", ["公务用车购置费", "运行维护费"]),
    # names before one shared metric: the last name ends at the 的 said, or where it ends as the first
    ("万里街道民警和普通辅警的被装配备标准分别多少", ["民警被装配备标准", "普通辅警被装配备标准"]),
    ("万里街道投资处和基础产业处分别要争取多少投资", ["投资处争取投资", "基础产业处争取投资"]),
    ("万里街道城市低保和农村低保各安排了多少", ["城市低保安排", "农村低保安排"]),
    ("万里街道住房公积金和购房补贴分别安排了多少", ["住房公积金", "购房补贴"]),  # lines, the verb after them no part
    ("万里街道政府采购里工程和服务分别多少", ["政府采购工程", "政府采购服务"]),  # the parts of one whole
])
def test_several_metrics_in_one_question(question, parts):
    q = analyse(question, CATALOG)
    assert (q.kind, q.metric_parts) == ("parts", parts)
    assert q.part(parts[1]).kind == "figure" and q.part(parts[1]).content_words


def test_a_named_project_needs_no_money_noun():
    """"院前急救经费" asks the money of 院前急救, which a report may state without 经费; a bare
    "工会经费" keeps it (工会 alone says too little)."""
    assert analyse("万里街道院前急救经费安排了多少", CATALOG).content_words == ["院前", "急救"]
    assert "经费" in analyse("南岳区工会经费是多少", CATALOG).content_words


@pytest.mark.parametrize("question, metric", [
    ("万里街道财政拨款比2022年多了多少", "财政拨款"),  # 比…多了 is the change asked, no metric word
    ("万里街道一年电费预算多少钱", "电费"),  # 一年 says no more than 全年
])
def test_change_and_period_words_are_not_metric_words(question, metric):
    assert analyse(question, CATALOG).content_words == [metric]


@pytest.mark.parametrize("question", ["万里街道预算准备金决算数是多少", "财政局决算数小于预算数是什么原因"])
def test_juesuan_said_anywhere_is_the_stage_asked(question):
    assert analyse(question, CATALOG).budget_word == "决算"


def test_a_named_budget_stage_of_a_juesuan_keeps_its_budget_and_the_stage_word_takes_its_particle():
    q = analyse("财政局2024年三公经费年初预算决算多少", CATALOG)  # the 年初预算 column of a 决算 table
    assert q.budget_word == "预算" and any(stage == "年初预算" for stage, _ in q.stages)
    assert analyse("财政局2024年决算中本年收入合计多少", CATALOG).content_words == ["年收入"]  # not "中本"


@pytest.mark.parametrize("question, unit", [
    ("万里街道特困人员救助供养金安排了多少", "money"),  # money for people is money
    ("万里街道补助人数多少", "count"),
    ("万里街道在职人员有多少", "count"),
])
def test_people_words_ask_a_count_unless_money_is_asked(question, unit):
    assert analyse(question, CATALOG).unit == unit


def test_a_one_character_metric_is_said_as_reports_say_it():
    q = analyse("南岳区和珠晖区谁车多", CATALOG)
    assert (q.kind, q.metric, q.content_words) == ("compare", "车辆", ["车辆"])


@pytest.mark.parametrize("question", ["南岳区和珠晖区各管着多少离退休人员", "南岳区和珠晖区各花了多少钱"])
def test_each_of_several_departments_is_one_part(question):
    assert analyse(question, CATALOG).kind == "parts"


@pytest.mark.parametrize("question", [
    "万里街道商品和服务支出分别是多少",  # one report line with 和 inside
    "万里街道公务用车购置和运行维护费各是多少",
])
def test_one_metric_with_and_inside(question):
    assert analyse(question, CATALOG).metric_parts == []


def test_one_department_under_two_title_spellings_is_one_department():
    """"上海市奉贤区民政局…预算" and "奉贤区民政局…绩效评价报告" are one department: its years are a trend."""
    catalog = ReportCatalog([
        Report(1, "上海市奉贤区民政局2020年部门预算", "a.txt", None, None, 2020, "预算"),
        Report(2, "上海市奉贤区民政局2023年部门预算", "b.txt", None, None, 2023, "预算"),
        Report(3, "奉贤区民政局2021年度部门整体支出绩效评价报告", "c.txt", None, None, 2021, "绩效评价"),
    ])
    assert analyse("上海市奉贤区民政局2020到2023年三公经费预算怎么变", catalog).kind == "trend"


def test_each_department_of_a_place_is_one_part():
    """"西安几个部门的三公经费分别多少": one answer per department (个 counts the departments, not what
    is asked); "拨给了几个单位" still asks a count."""
    catalog = ReportCatalog([
        Report(1, "西安市民政局2021年部门综合预算", "a.pdf", None, None, 2021, "预算"),
        Report(2, "西安市交通运输局2022年部门综合预算", "b.pdf", None, None, 2022, "预算"),
    ])
    q = analyse("西安几个部门的三公经费分别多少", catalog)
    assert (q.kind, q.unit, sorted(q.match.groups)) == ("parts", "money", [[1], [2]])
    assert analyse("西安民政局春节慰问经费拨给了几个单位", catalog).unit == "个"


def test_a_fund_name_jieba_cuts_is_one_metric_word():
    """"单位资金收入" asks the 单位资金 fund: 单位 is no generic word there (a 财政拨款收入 cell is not it)."""
    assert analyse("万里街道2023年单位资金收入", CATALOG).content_words == ["单位资金", "收入"]


def test_an_area_question_needs_no_word_for_area():
    """"房屋457,664.41平方米": the figure's unit says 面积, so only 房屋 must be in its words."""
    assert analyse("万里街道房屋面积多少", CATALOG).content_words == ["房屋"]


def test_buying_is_never_a_question_about_what_is_held():
    assert not analyse("万里街道今年买几辆车", CATALOG).stock
    assert analyse("万里街道有几辆车", CATALOG).stock


def test_a_word_opening_with_zhong_after_a_name_keeps_it():
    """"…局中主要职能" drops the locative 中; "…局中职教育" keeps 中职, and "上年" keeps 上."""
    assert analyse("财政局中职教育支出比上年少了多少", CATALOG).metric.startswith("中职")
    assert "中" not in analyse("财政局2024年部门决算中主要职能", CATALOG).metric


def test_rises_and_falls_said_colloquially_ask_a_change():
    q = analyse("万里街道收入比去年涨了百分之几", CATALOG)
    assert q.change and q.unit == "percent" and not q.share


def test_words_that_name_nothing_are_not_the_metric():
    assert analyse("万里街道高等教育这一项花多少", CATALOG).content_words == ["高等教育", "支出"]
    q = analyse("万里街道部门预算包括几家单位", CATALOG)
    assert q.content_words == [] and q.word_grams == set()  # no key word to insist on


def test_an_area_without_a_holding_word_may_be_a_target():
    assert not analyse("万里街道物业服务面积多少平方米", CATALOG).stock
    assert analyse("万里街道房屋有多少平方米", CATALOG).stock


def test_where_in_a_report_is_not_part_of_the_metric():
    q = analyse("财政局2024年度部门决算中本年支出合计有多少", CATALOG)
    assert q.metric.startswith("本年支出") and "中本" not in q.content_words


def test_the_organisations_own_staff_before_their_pay_need_no_covering():
    assert analyse("万里街道老师绩效工资预算多少钱", CATALOG).content_words == ["绩效", "工资"]
    assert analyse("万里街道职工住房公积金多少", CATALOG).content_words == ["住房", "公积金"]
    # people who are not paid by the organisation stay what is asked
    assert "困难职工" in analyse("珠晖区困难职工帮扶支出多少", CATALOG).content_words
    assert "职工" in analyse("珠晖区职工疗休养支出多少", CATALOG).content_words


def test_a_cut_said_as_jiandi_or_yajian_asks_a_change():
    assert analyse("万里街道公务接待费比2025年减低了多少", CATALOG).change
    assert analyse("万里街道公用经费压减了多少", CATALOG).change


def test_a_comparison_with_last_year_said_any_way_asks_the_change():
    """"跟上年比少了", "和去年比", "比去年压了": the change, and last year is its base, not a word of the metric."""
    for question in ["万里街道机关运行经费跟上年比少了多少钱", "万里街道培训费比去年压了多少",
                     "万里街道公用经费和去年相比减少了多少"]:
        q = analyse(question, CATALOG)
        assert q.change and q.unit == "money", question
        assert not {"跟上", "上年", "去年", "压"} & set(q.content_words), (question, q.content_words)
    assert not analyse("万里街道培训费预算多少", CATALOG).change


def test_buying_a_car_and_a_share_of_the_budget_done_said_colloquially():
    assert analyse("万里街道买车的钱比上年年初预算少了多少", CATALOG).content_words == ["购置", "车辆"]
    assert analyse("万里街道支出完成了年初预算的多少", CATALOG).unit == "percent"
    assert analyse("万里街道完成了多少钱", CATALOG).unit == "money"


def test_other_joins_the_word_it_leaves_over():
    assert analyse("万里街道其他社会福利支出多少", CATALOG).content_words == ["其他社会福利", "支出"]
    assert analyse("万里街道其他收入多少", CATALOG).content_words == ["其他收入"]
    assert analyse("万里街道其他多少", CATALOG).content_words == ["其他"]


def test_actually_at_post_is_the_actual_headcount():
    assert analyse("万里街道实际在岗多少人", CATALOG).content_words == ["实有"]
    assert "做到" not in analyse("万里街道转办准确率实际做到多少", CATALOG).content_words


def test_per_person_per_year_is_a_rate_not_a_trend():
    assert analyse("福州民政局每人每年补助多少", CATALOG).kind == "figure"
    assert analyse("万里街道每年的三公经费预算", CATALOG).kind == "trend"


def test_a_budget_term_of_art_is_one_word_unless_it_ends_a_longer_name():
    assert analyse("万里街道人员经费多少", CATALOG).content_words == ["人员经费"]
    assert analyse("万里街道财政拨款人员经费和公用经费分别多少", CATALOG).content_words[:2] == ["人员经费", "公用经费"]
    assert analyse("万里街道编外人员经费多少", CATALOG).content_words[-1] != "人员经费"  # the 编外人员's money
    assert "基本支出" in analyse("万里街道一般公共预算基本支出多少", CATALOG).content_words


@pytest.mark.parametrize("question, word", [
    ("万里街道买办公用品的钱预算多少", "办公费"), ("万里街道开会的钱安排了多少", "会议费"),
    ("万里街道出差的钱多少", "差旅费"), ("万里街道老师出差的钱安排了多少", "差旅费")])
def test_everyday_names_of_expense_lines(question, word):
    assert analyse(question, CATALOG).content_words == [word]


def test_used_how_many_times_is_a_count_not_spending():
    q = analyse("万里街道会议费超标准用了几次", CATALOG)
    assert "支出" not in q.content_words and q.unit == "次"


def test_a_rate_per_person_or_period_is_asked_by_its_per_words():
    q = analyse("万里街道每人每月补助多少钱", CATALOG)
    assert q.per and q.content_words == ["补助"] and q.unit == "money"
    q = analyse("万里街道审计项目人员每人每天成本标准多少", CATALOG)
    assert q.per and q.unit == "money" and "成本" in q.content_words
    assert not analyse("万里街道补助多少钱", CATALOG).per


def test_a_bound_said_of_a_target_needs_no_covering_and_pay_asks_money():
    q = analyse("万里街道编外人员薪酬每人上限多少", CATALOG)
    assert q.unit == "money" and "上限" not in q.content_words


def test_two_questions_in_one_are_two_parts():
    q = analyse("万里街道有多少个内设机构，多少个直属事业单位", CATALOG)
    assert (q.kind, q.metric_parts) == ("parts", ["内设机构", "直属事业单位"])


@pytest.mark.parametrize("question, words, unit", [
    ("万里街道物业要配多少个人", ["物业"], "人"),  # 要配: a plan's verb; 多少个人 counts people
    ("万里街道车辆租赁次数控制在多少次以内", ["车辆", "租赁", "次数"], "次"),
    ("万里街道实际有多少人", ["实有"], "人"),
    ("万里街道市政府常务会议场次那项自评得了几分", ["市政府", "常务会议", "场次", "自评", "得分"], "分"),
])
def test_plan_verbs_bounds_and_pointers_are_no_metric_words(question, words, unit):
    q = analyse(question, CATALOG)
    assert (q.content_words, q.unit) == (words, unit)


def test_a_verb_of_the_question_is_no_key_word():
    assert "安排" not in analyse("万里街道人员经费安排了多少", CATALOG).word_grams
    assert {"每人", "每月"}.isdisjoint(analyse("万里街道民警加班补贴每人每月多少", CATALOG).word_grams)


def test_a_division_of_the_department_is_one_word():
    # "投资处" names a division: the word 投资 alone would let any 投资 figure answer it
    assert "投资处" in analyse("万里街道投资处争取多少投资", CATALOG).content_words
    assert "要" not in analyse("万里街道要争取多少投资", CATALOG).metric  # a plan's modal, no word of it


def test_place_level_then_li_is_the_level():
    # "村里的协管员": 村 and 里 (in), not a word 村里 the report never writes
    q = analyse("万里街道村里的协管员每人每月补多少", CATALOG)
    assert "村里" not in q.content_words and q.per


@pytest.mark.parametrize("question, parts", [
    # a later ask that names no subject of its own takes the first one's
    ("万里街道党组会议定的目标是多少次，实际开了多少次", ["党组会议定目标次", "党组会议实际开"]),
    # asks listed with 、 are two questions when each asks ("买几辆车、花多少钱")
    ("万里街道计划买几辆车、花多少钱", ["计划购置车", "购置车支出钱"]),
])
def test_two_asks_in_one_question(question, parts):
    q = analyse(question, CATALOG)
    assert (q.kind, q.metric_parts) == ("parts", parts)


def test_a_list_of_things_with_one_ask_is_one_question():
    assert analyse("万里街道体育馆、报告厅、田径场一年开放使用多少次", CATALOG).metric_parts == []


def test_everyday_words_in_report_wording():
    assert analyse("万里街道实际在岗的有多少人", CATALOG).metric == "实有在职"
    assert analyse("万里街道财政给的钱比上年多了多少", CATALOG).content_words == ["财政拨款"]
    assert analyse("万里街道驻京人员出差报销安排了多少", CATALOG).unit == "money"  # 报销 is money
    assert analyse("万里街道警务通每台一年租赁费多少", CATALOG).per  # 每台 is a rate per device
    assert analyse("万里街道连续多少年安全度夏", CATALOG).unit == "年"
    assert analyse("万里街道车辆租赁次数是多少", CATALOG).unit == "次"  # times, not cars
    cost = analyse("万里街道车辆年均保障成本多少", CATALOG)  # money per car and year, not cars
    assert cost.unit == "money" and cost.per
    assert analyse("万里街道近几年预算怎么变", CATALOG).unit != "年"  # a trend, no count of years
    executed = analyse("万里街道其他城市生活救助实际执行了多少", CATALOG)  # 实际执行: the 执行数 stage, whole
    assert "实际" not in executed.content_words and [s for s, _ in executed.stages] == ["执行数"]


def test_everyday_words_for_targets_registrations_and_among():
    assert analyse("万里街道新车上牌一年目标多少辆", CATALOG).content_words == ["新车", "注册", "登记", "目标"]
    assert analyse("万里街道场馆一年至少开放多少次", CATALOG).content_words == ["场馆", "开放"]  # 至少 is the target's ≥
    assert analyse("万里街道计划买的车里执法用车有几辆", CATALOG).content_words == ["计划", "购置", "执法", "用车"]  # no word 车里
    assert "公里" in analyse("万里街道公路养护里程多少公里", CATALOG).text  # 里程, 公里 stay
    assert analyse("万里街道公路养护里程多少公里", CATALOG).content_words == ["公路", "养护", "里程"]
    held = analyse("万里街道现有几辆车，2024年打算买几辆", CATALOG)  # 现有 is the holding, 车 the cars
    assert held.kind == "parts" and held.metric_parts[0] == "车辆"
    assert analyse("万里街道共有多少辆车", CATALOG).content_words == ["车辆"]


def test_a_change_against_a_stage_words_and_directional_verbs_are_no_words_of_the_metric():
    changed = analyse("万里街道2026年支出比上年执行数多了多少", CATALOG)
    assert changed.change and changed.content_words == ["支出"] and [s for s, _ in changed.stages] == ["执行数"]
    assert analyse("万里街道上年结转下来的钱有多少", CATALOG).content_words == ["结转"]
    assert analyse("万里街道系统的房屋一共多少平方米", CATALOG).content_words == ["房屋"]  # the department's system
    assert analyse("万里街道系统运维费多少", CATALOG).content_words == ["系统", "运维费"]  # a system, not the whole
    assert analyse("万里街道委托别的单位办事的钱有多少", CATALOG).metric == "委托业务费"
    assert analyse("万里街道涉诈电话每天拦截多少次", CATALOG).per
    assert analyse("万里街道彩票卖了多少钱", CATALOG).content_words == ["彩票", "销售额"]  # sales, not running costs
    assert analyse("万里街道那一项自评最后给了多少分", CATALOG).content_words == ["自评"]


def test_two_organisations_before_one_metric_end_at_their_suffixes():
    """"公报室和发展研究中心收入": 室 and 中心 both end a name, though not the same character."""
    from engine.question import metric_pieces
    assert metric_pieces("公报室和发展研究中心收入", "公报室和发展研究中心收入") == ["公报室收入", "发展研究中心收入"]
    assert metric_pieces("会议费和培训费", "会议费和培训费") == ["会议费", "培训费"]
    assert metric_pieces("城市和农村低保", "城市和农村低保") == []  # no organisation, no common ending


def test_lines_of_one_kind_say_the_kind_once_at_the_end():
    from engine.question import metric_pieces
    assert metric_pieces("工资福利和商品服务支出", "工资福利和商品服务支出") == ["工资福利支出", "商品服务支出"]
    assert metric_pieces("政府采购里工程和服务", "政府采购里工程和服务") == ["政府采购工程", "政府采购服务"]


def test_more_everyday_names_of_lines_and_targets():
    assert analyse("万里街道车辆日常运行的钱预算多少", CATALOG).content_words == ["车辆", "运行"]  # 运行费
    assert analyse("万里街道场馆一年开放使用多少次", CATALOG).content_words == ["场馆", "使用"]
    assert analyse("万里街道年中追加了多少预算", CATALOG).content_words == ["追加"]  # = 年中调整 (vocabulary)
    assert analyse("万里街道出口链路每条一年租金多少", CATALOG).per


def test_each_of_several_asks_takes_the_unit_its_own_ask_names():
    q = analyse("万里街道慰问困难群众每人标准多少、要慰问多少人", CATALOG)
    assert q.kind == "parts" and len(q.metric_parts) == 2
    first, second = (q.part(m) for m in q.metric_parts)
    assert first.unit != "count" and first.per  # a standard per head, not a head count
    assert second.unit == "人"
    one = analyse("万里街道会议费和培训费各是多少", CATALOG)  # one ask for both: the question's unit for each
    assert all(one.part(m).unit == one.unit for m in one.metric_parts)
    people = analyse("万里街道管的离退休人员有多少，其中离休的几个", CATALOG)  # 几个 of people: people
    assert people.kind == "parts" and people.part(people.metric_parts[1]).person
